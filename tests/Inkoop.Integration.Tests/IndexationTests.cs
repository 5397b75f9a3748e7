using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Inkoop.Domain;
using Inkoop.Domain.Rounds;
using Inkoop.Domain.Tariffs;
using Inkoop.Excel;
using Inkoop.Integration.Tests.Infrastructure;

namespace Inkoop.Integration.Tests;

/// <summary>
/// Indexation over HTTP (indexation-and-sensitivity.md section 3): the snapshot's tariffs are the indexed ones with the
/// reference-year tariffs and factors beside them, providers see the indexed tariff, and a changed indexation figure
/// re-validates no format but makes the next (timer) recalculation write a new snapshot.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class IndexationTests(AppFixture fixture)
{
    private HttpClient Client => fixture.Client;

    public static string IndexedRoundJson(string round, decimal ova2025 = 0.0418m, string status2025 = "provisional") =>
        TestFormats.RoundJson(round).Replace("\"normalisation\":", $$"""
            "indexation": { "tariffYear": 2025, "method": "components",
              "years": [ { "year": 2024, "ova": 0.0600, "pcc": 0.0310, "status": "definitive" },
                         { "year": 2025, "ova": {{ova2025.ToString(System.Globalization.CultureInfo.InvariantCulture)}}, "pcc": 0.0182, "status": "{{status2025}}" } ] },
            "normalisation":
            """);

    private async Task<JsonElement> GetJsonAsync(string path, HttpClient? client = null)
    {
        var response = await (client ?? Client).GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static JsonNode Node<T>(T value) => JsonSerializer.SerializeToNode(value, ResultJson.Options)!;

    [Fact]
    public async Task The_snapshot_publishes_indexed_tariffs_and_a_new_figure_gives_a_new_snapshot_without_revalidation()
    {
        var round = AppFixture.NewRoundId("ix");
        var json = IndexedRoundJson(round);
        Assert.Equal(HttpStatusCode.Created, (await Client.PutAsync($"/api/rounds/{round}", Http.Json(json))).StatusCode);
        var files = Enumerable.Range(0, 3).Select(i => TestFormats.Build(json, TestFormats.Provider(round, i))).ToList();
        foreach (var file in files)
            Assert.Equal(HttpStatusCode.Created, (await Client.PostAsync($"/api/rounds/{round}/formats", TestFormats.Xlsx(file))).StatusCode);

        var created = await Client.PostAsync($"/api/rounds/{round}/recalculations", null);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var snapshot = await GetJsonAsync($"/api/rounds/{round}/snapshots/current");

        var configuration = RoundConfigurationParser.Parse(json);
        var expected = RoundCalculation.Run(configuration, files.Select(f => FormatIntake.Validate(new MemoryStream(f), configuration)).ToList());
        Assert.True(JsonNode.DeepEquals(Node(expected.Tariffs), JsonNode.Parse(snapshot.GetProperty("tariffs").GetRawText())), snapshot.GetProperty("tariffs").ToString());
        Assert.True(JsonNode.DeepEquals(Node(expected.Indexation), JsonNode.Parse(snapshot.GetProperty("indexation").GetRawText())));
        var tariff = snapshot.GetProperty("tariffs")[0];
        Assert.NotEqual(tariff.GetProperty("tariff").GetDecimal(), tariff.GetProperty("tariffReferenceYear").GetDecimal());
        Assert.Equal("components", snapshot.GetProperty("indexation").GetProperty("method").GetString());

        // A provider sees the published (indexed) tariff of the final snapshot.
        var id = snapshot.GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await Client.PostAsync($"/api/rounds/{round}/snapshots/{id}/final", null)).StatusCode);
        var provider = await fixture.ClientAsAsync("provider", TestFormats.Agbs[0]);
        var published = await GetJsonAsync($"/api/rounds/{round}/snapshots/{id}", provider);
        Assert.Equal(tariff.GetProperty("tariff").GetDecimal(), published.GetProperty("tariffs")[0].GetProperty("tariff").GetDecimal());
        Assert.Equal("components", published.GetProperty("indexation").GetProperty("method").GetString());
        // Not the reference-year tariffs: beside the indexed ones they would give away each tariff's material part.
        Assert.False(published.GetProperty("tariffs")[0].TryGetProperty("tariffReferenceYear", out _));
        Assert.False(published.GetProperty("trajectories")[0].TryGetProperty("tariffReferenceYear", out _));
        Assert.False(published.GetProperty("trajectories")[0].TryGetProperty("unrounded", out _));

        // Bids measure against the published (indexed) tariff of the final snapshot.
        var tender = AppFixture.NewRoundId("ixt");
        Assert.Equal(HttpStatusCode.Created, (await Client.PutAsync($"/api/tenders/{tender}",
            Http.Json($$"""{ "tender": "{{tender}}", "round": "{{round}}", "lots": [ { "code": "AMB" } ] }"""))).StatusCode);
        var template = await Client.GetByteArrayAsync($"/api/tenders/{tender}/template");
        using (var bid = new MemoryStream())
        {
            BidFiller.Fill(new MemoryStream(template), new BidValues(
                new Dictionary<string, object?> { ["Perceel"] = "AMB", ["Inschrijver_AGB"] = TestFormats.Agbs[0], ["Inschrijver_Naam"] = "Zorg" },
                [("45A11", 75m, 100m)]), bid);
            var uploaded = await Client.PostAsync($"/api/tenders/{tender}/bids", TestFormats.Xlsx(bid.ToArray()));
            var analysis = JsonDocument.Parse(await uploaded.Content.ReadAsStringAsync()).RootElement.GetProperty("analysis");
            Assert.Equal(tariff.GetProperty("tariff").GetDecimal(), analysis.GetProperty("lines")[0].GetProperty("normalisedTariff").GetDecimal());
        }

        // 2025's provisional figure becomes definitive: no format is re-checked, the next timer run writes a new snapshot.
        var definitive = IndexedRoundJson(round, ova2025: 0.0450m, status2025: "definitive");
        var put = await Client.PutAsync($"/api/rounds/{round}", Http.Json(definitive));
        var answer = JsonDocument.Parse(await put.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(0, answer.GetProperty("revalidation").GetProperty("rechecked").GetInt32());
        Assert.Equal(0, answer.GetProperty("revalidation").GetProperty("pending").GetInt32());

        await Http.InvokeTimerAsync(Client, "RecalculateTariffs");
        var next = await GetJsonAsync($"/api/rounds/{round}/snapshots/current");
        Assert.NotEqual(id, next.GetProperty("id").GetString());
        Assert.NotEqual(snapshot.GetProperty("inputFingerprint").GetString(), next.GetProperty("inputFingerprint").GetString());
        var year2025 = next.GetProperty("indexation").GetProperty("years")[1];
        Assert.Equal(0.0450m, year2025.GetProperty("ova").GetDecimal());
        Assert.Equal("definitive", year2025.GetProperty("status").GetString());
        Assert.True(next.GetProperty("tariffs")[0].GetProperty("tariff").GetDecimal() > tariff.GetProperty("tariff").GetDecimal());
        Assert.Equal(tariff.GetProperty("tariffReferenceYear").GetDecimal(), next.GetProperty("tariffs")[0].GetProperty("tariffReferenceYear").GetDecimal());
    }
}
