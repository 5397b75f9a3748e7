using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Inkoop.Cli;
using Inkoop.Domain;
using Inkoop.Domain.Rounds;
using Inkoop.Domain.Tariffs;
using Inkoop.Excel;
using Inkoop.Integration.Tests.Infrastructure;
using Inkoop.Storage;

namespace Inkoop.Integration.Tests;

/// <summary>
/// The sensitivity of a snapshot and what-if scenarios over HTTP against Azurite and the real app: the snapshot's
/// sensitivity equals what `inkoop sensitivity --json` prints on the same files, is stored with the snapshot, and a
/// scenario agrees with it.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class SensitivityTests(AppFixture fixture) : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("inkoop-sens-it-").FullName;
    private HttpClient Client => fixture.Client;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    /// <summary>An indexed round with the worked example's four providers uploaded (the fourth needs repair) and recalculated.</summary>
    private async Task<(string Round, string Json, List<byte[]> Files, string Snapshot)> RoundAsync()
    {
        var round = AppFixture.NewRoundId("se");
        var json = IndexationTests.IndexedRoundJson(round);
        Assert.Equal(HttpStatusCode.Created, (await Client.PutAsync($"/api/rounds/{round}", Http.Json(json))).StatusCode);
        var files = Enumerable.Range(0, 4).Select(i => TestFormats.Build(json, TestFormats.Provider(round, i))).ToList();
        foreach (var file in files)
            Assert.Equal(HttpStatusCode.Created, (await Client.PostAsync($"/api/rounds/{round}/formats", TestFormats.Xlsx(file))).StatusCode);
        var created = await Client.PostAsync($"/api/rounds/{round}/recalculations", null);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        return (round, json, files, id);
    }

    private async Task<JsonNode> GetAsync(string path)
    {
        var response = await Client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(body)!;
    }

    [Fact]
    public async Task The_snapshots_sensitivity_equals_the_CLIs_on_the_same_files_and_is_stored_with_the_snapshot()
    {
        var (round, json, files, id) = await RoundAsync();
        var formats = Directory.CreateDirectory(Path.Combine(dir, "formats")).FullName;
        for (var i = 0; i < files.Count; i++) File.WriteAllBytes(Path.Combine(formats, $"format-{i}.xlsx"), files[i]);
        var roundFile = Path.Combine(dir, "round.json");
        File.WriteAllText(roundFile, json);
        var stdout = new StringWriter();
        Assert.Equal(0, await InkoopCommand.RunAsync(["sensitivity", "--round", roundFile, "--formats", formats, "--json"], stdout, new StringWriter()));
        var cli = JsonNode.Parse(stdout.ToString())!;

        var first = await GetAsync($"/api/rounds/{round}/snapshots/{id}/sensitivity");
        Assert.True(JsonNode.DeepEquals(cli, first), $"CLI:\n{cli}\nHTTP:\n{first}");
        Assert.NotEmpty(first["products"]![0]!["variables"]!.AsArray());

        // Stored with the snapshot: the index row and its part are there, and a second call (also as "current") reads them back.
        var table = await fixture.Storage.TableAsync(StorageAccount.SnapshotsTable, default);
        var rows = table.QueryAsync<Azure.Data.Tables.TableEntity>($"PartitionKey eq '{round}'", select: ["RowKey"]);
        var keys = new List<string>();
        await foreach (var row in rows) keys.Add(row.RowKey);
        Assert.Contains($"D|{id}|sensitivity", keys);
        Assert.Contains($"D|{id}|sensitivity|0000", keys);
        Assert.True(JsonNode.DeepEquals(first, await GetAsync($"/api/rounds/{round}/snapshots/current/sensitivity")));

        // A later upload changes the current snapshot's inputs, never this snapshot's sensitivity.
        var repaired = TestFormats.Build(json, TestFormats.Provider(round, 3, verzuim: 0.031m));
        Assert.Equal(HttpStatusCode.Created, (await Client.PostAsync($"/api/rounds/{round}/formats", TestFormats.Xlsx(repaired))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Client.PostAsync($"/api/rounds/{round}/recalculations", null)).StatusCode);
        Assert.True(JsonNode.DeepEquals(first, await GetAsync($"/api/rounds/{round}/snapshots/{id}/sensitivity")));
    }

    [Fact]
    public async Task A_scenario_answers_tariff_scenario_tariff_and_difference_and_agrees_with_the_sensitivity()
    {
        var (round, json, files, id) = await RoundAsync();
        var sensitivity = await GetAsync($"/api/rounds/{round}/snapshots/{id}/sensitivity");
        var median = sensitivity["products"]![0]!["variables"]!.AsArray()
            .Single(v => (string?)v!["variable"] == "Productiviteit_Ambulant")!["tariffs"]!["median"]!.GetValue<decimal>();

        var response = await Client.PostAsync($"/api/rounds/{round}/scenarios",
            Http.Json("""{ "variables": { "productiviteit_ambulant": { "statistic": "median" } } }"""));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var scenario = JsonDocument.Parse(body).RootElement;
        Assert.Equal(id, scenario.GetProperty("snapshot").GetString());
        var line = scenario.GetProperty("tariffs")[0];
        var tariff = line.GetProperty("tariff").GetDecimal();
        Assert.Equal(sensitivity["products"]![0]!["tariff"]!.GetValue<decimal>(), tariff);
        Assert.Equal(median, line.GetProperty("scenarioTariff").GetDecimal());
        Assert.Equal(median - tariff, line.GetProperty("difference").GetDecimal());

        // Another indexation: the engine's tariffs on the same formats with that block.
        var weighted = """{ "indexation": { "tariffYear": 2024, "years": [ { "year": 2024, "ova": 0.06, "pcc": 0.031 } ] } }""";
        var other = JsonDocument.Parse(await (await Client.PostAsync($"/api/rounds/{round}/scenarios", Http.Json(weighted))).Content.ReadAsStringAsync()).RootElement;
        var configuration = RoundConfigurationParser.ParseScenario(weighted, RoundConfigurationParser.Parse(json));
        var expected = RoundCalculation.Run(configuration, files.Select(f => FormatIntake.Validate(new MemoryStream(f), configuration)).ToList());
        Assert.Equal(expected.Tariffs[0].Tariff, other.GetProperty("tariffs")[0].GetProperty("scenarioTariff").GetDecimal());
        Assert.Equal(IndexationMethod.Weighted, expected.Indexation!.Method);

        // Nothing was stored: the current snapshot is the same one.
        var current = JsonDocument.Parse(await Client.GetStringAsync($"/api/rounds/{round}/snapshots/current")).RootElement;
        Assert.Equal(id, current.GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("""{ "variables": { "Overhead": { "statistic": "modus" } } }""", "onbekende statistiek 'modus'")]
    [InlineData("""{ "variables": { "Overhead": { "statistic": "percentile" } } }""", "vraagt een percentiel 'p'")]
    [InlineData("""{ "variables": { "Bestaatniet": { "statistic": "median" } } }""", "onbekende variabele 'Bestaatniet'")]
    [InlineData("""{ "indexation": { "tariffYear": 2025, "years": [] } }""", "indexcijfers voor 2024, 2025 ontbreken")]
    [InlineData("""{ "rules": {} }""", "geen geldige JSON")]
    [InlineData("""{}""", "wijzigt niets")]
    [InlineData("""not json""", "geen geldige JSON")]
    public async Task A_bad_scenario_is_a_Dutch_400_listing_every_error(string body, string expected)
    {
        var (round, _, _, _) = await RoundAsync();
        var problem = await Http.AssertProblemAsync(await Client.PostAsync($"/api/rounds/{round}/scenarios", Http.Json(body)),
            HttpStatusCode.BadRequest, "invalid-scenario");
        Assert.Contains(expected, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Unknown_rounds_and_snapshots_are_404_and_a_round_without_snapshot_has_no_scenario()
    {
        await Http.AssertProblemAsync(await Client.GetAsync("/api/rounds/bestaat-niet/snapshots/current/sensitivity"), HttpStatusCode.NotFound, "round-not-found");
        var round = AppFixture.NewRoundId("se");
        Assert.Equal(HttpStatusCode.Created, (await Client.PutAsync($"/api/rounds/{round}", Http.Json(TestFormats.RoundJson(round)))).StatusCode);
        await Http.AssertProblemAsync(await Client.GetAsync($"/api/rounds/{round}/snapshots/20990101T000000000Z-00000000/sensitivity"),
            HttpStatusCode.NotFound, "snapshot-not-found");
        await Http.AssertProblemAsync(await Client.PostAsync($"/api/rounds/{round}/scenarios", Http.Json("""{ "variables": {} }""")),
            HttpStatusCode.NotFound, "snapshot-not-found");
    }
}
