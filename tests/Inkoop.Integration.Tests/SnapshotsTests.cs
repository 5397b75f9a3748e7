using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Inkoop.Domain;
using Inkoop.Domain.Formats;
using Inkoop.Domain.Rounds;
using Inkoop.Domain.Tariffs;
using Inkoop.Excel;
using Inkoop.Integration.Tests.Infrastructure;
using OfficeOpenXml;

namespace Inkoop.Integration.Tests;

/// <summary>The whole way through HTTP: upload, findings, repair, recalculation, snapshot, final, export, compare.</summary>
[Collection(AppCollection.Name)]
public sealed class SnapshotsTests(AppFixture fixture)
{
    private HttpClient Client => fixture.Client;

    private async Task<JsonElement> UploadAsync(string round, byte[] file, HttpStatusCode expected = HttpStatusCode.Created)
    {
        var response = await Client.PostAsync($"/api/rounds/{round}/formats", TestFormats.Xlsx(file));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        var response = await Client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private async Task<string> RecalculateAsync(string round)
    {
        var response = await Client.PostAsync($"/api/rounds/{round}/recalculations", null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        var snapshot = JsonDocument.Parse(body).RootElement;
        var id = snapshot.GetProperty("id").GetString()!;
        Assert.Equal($"/api/rounds/{round}/snapshots/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("concept", snapshot.GetProperty("status").GetString());
        Assert.True(snapshot.GetProperty("current").GetBoolean());
        return id;
    }

    private static JsonNode Node<T>(T value) => JsonSerializer.SerializeToNode(value, ResultJson.Options)!;

    private static JsonNode Node(JsonElement element) => JsonNode.Parse(element.GetRawText())!;

    [Fact]
    public async Task Upload_findings_repair_recalculation_final_and_export_agree_with_the_engine()
    {
        var round = AppFixture.NewRoundId("s");
        var json = TestFormats.RoundJson(round);
        var configuration = RoundConfigurationParser.Parse(json);
        Assert.Equal(HttpStatusCode.Created, (await Client.PutAsync($"/api/rounds/{round}", Http.Json(json))).StatusCode);
        var files = Enumerable.Range(0, 4).Select(i => TestFormats.Build(json, TestFormats.Provider(round, i))).ToList();

        // 1. Upload: the answer holds version, status and the findings the engine gives this file.
        for (var i = 0; i < 3; i++) Assert.Equal("accepted", (await UploadAsync(round, files[i])).GetProperty("status").GetString());
        var broken = await UploadAsync(round, files[3]);
        Assert.Equal(1, broken.GetProperty("version").GetInt32());
        Assert.Equal("repairNeeded", broken.GetProperty("status").GetString());
        var expectedFindings = FormatIntake.Validate(new MemoryStream(files[3]), configuration).Findings;
        Assert.True(JsonNode.DeepEquals(Node(expectedFindings), Node(broken.GetProperty("findings"))), broken.ToString());
        var verzuim = Assert.Single(broken.GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == "OUT_OF_BAND");
        Assert.Equal("Verzuim", verzuim.GetProperty("variable").GetString());
        Assert.Matches(@"^[^!]+![A-Z]+[0-9]+$", verzuim.GetProperty("cell").GetString());
        Assert.Equal("error", verzuim.GetProperty("severity").GetString());
        Assert.Equal(1, broken.GetProperty("errors").GetInt32());

        var stored = await GetJsonAsync($"/api/rounds/{round}/formats/45678901");
        Assert.Equal("repairNeeded", stored.GetProperty("status").GetString());
        Assert.True(JsonNode.DeepEquals(Node(expectedFindings), Node(stored.GetProperty("findings"))));
        var list = await GetJsonAsync($"/api/rounds/{round}/formats");
        Assert.Equal(4, list.GetProperty("count").GetInt32());
        Assert.Equal(3, list.GetProperty("statuses").GetProperty("accepted").GetInt32());
        Assert.Equal(1, list.GetProperty("statuses").GetProperty("repairNeeded").GetInt32());
        Assert.Equal(TestFormats.Agbs, list.GetProperty("formats").EnumerateArray().Select(f => f.GetProperty("agb").GetString()).ToArray());

        var before = await RecalculateAsync(round);

        // 2. Repair upload: version 2 supersedes version 1, which is kept (row and original).
        var repairedFile = TestFormats.Build(json, TestFormats.Provider(round, 3, verzuim: 0.031m));
        var repaired = await UploadAsync(round, repairedFile);
        Assert.Equal(2, repaired.GetProperty("version").GetInt32());
        Assert.Equal(1, repaired.GetProperty("supersedes").GetInt32());
        Assert.Equal("accepted", repaired.GetProperty("status").GetString());
        Assert.Empty(repaired.GetProperty("findings").EnumerateArray());
        var versions = (await GetJsonAsync($"/api/rounds/{round}/formats/45678901/versions")).EnumerateArray().ToList();
        Assert.Equal([1, 2], versions.Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal([false, true], versions.Select(v => v.GetProperty("latest").GetBoolean()));
        Assert.Equal("repairNeeded", versions[0].GetProperty("status").GetString());
        var container = await fixture.Storage.OriginalsAsync(default);
        var blobs = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"{round}/45678901/", default)) blobs.Add(blob.Name);
        Assert.Equal([$"{round}/45678901/000001.xlsx", $"{round}/45678901/000002.xlsx"], blobs);
        var original = (await container.GetBlobClient(blobs[1]).DownloadContentAsync()).Value.Content.ToArray();
        Assert.Equal(repairedFile, original);

        // 3. Recalculation: the snapshot is the engine's result over the same validated latest formats.
        var id = await RecalculateAsync(round);
        var snapshot = await GetJsonAsync($"/api/rounds/{round}/snapshots/{id}");
        var latestFiles = new[] { files[0], files[1], files[2], repairedFile };
        var expected = RoundCalculation.Run(configuration, latestFiles
            .Select(f => FormatIntake.Validate(new MemoryStream(f), configuration)).OrderBy(f => f.Agb, StringComparer.Ordinal).ToList());
        Assert.True(JsonNode.DeepEquals(Node(expected.Tariffs), Node(snapshot.GetProperty("tariffs"))), snapshot.GetProperty("tariffs").ToString());
        Assert.True(JsonNode.DeepEquals(Node(expected.Norms), Node(snapshot.GetProperty("norms"))));
        Assert.True(JsonNode.DeepEquals(Node(expected.Trajectories), Node(snapshot.GetProperty("trajectories"))));
        Assert.NotNull(expected.Tariffs[0].Tariff);
        Assert.Equal(id, snapshot.GetProperty("id").GetString());
        Assert.Equal("concept", snapshot.GetProperty("status").GetString());
        Assert.Matches("^[0-9a-f]{64}$", snapshot.GetProperty("inputFingerprint").GetString());
        var formats = snapshot.GetProperty("formats").EnumerateArray().ToList();
        Assert.Equal(TestFormats.Agbs, formats.Select(f => f.GetProperty("agb").GetString()).ToArray());
        Assert.Equal(2, formats[3].GetProperty("version").GetInt32());
        Assert.All(formats, f => Assert.Equal("accepted", f.GetProperty("status").GetString()));
        var current = await GetJsonAsync($"/api/rounds/{round}/snapshots/current");
        Assert.Equal(id, current.GetProperty("id").GetString());
        Assert.True(current.GetProperty("current").GetBoolean());

        // 4. Final: idempotent, and a later recalculation makes a new concept without touching it.
        var final = await Client.PostAsync($"/api/rounds/{round}/snapshots/{id}/final", null);
        Assert.Equal(HttpStatusCode.OK, final.StatusCode);
        var finalBody = JsonDocument.Parse(await final.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("final", finalBody.GetProperty("status").GetString());
        var again = JsonDocument.Parse(await (await Client.PostAsync($"/api/rounds/{round}/snapshots/{id}/final", null)).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("final", again.GetProperty("status").GetString());
        Assert.Equal(finalBody.GetProperty("finalizedAt").GetString(), again.GetProperty("finalizedAt").GetString());
        var finalSnapshot = JsonNode.Parse(await Client.GetStringAsync($"/api/rounds/{round}/snapshots/{id}"))!.AsObject();

        var next = await RecalculateAsync(round);
        Assert.NotEqual(id, next);
        var finalAfter = JsonNode.Parse(await Client.GetStringAsync($"/api/rounds/{round}/snapshots/{id}"))!.AsObject();
        Assert.False(finalAfter["current"]!.GetValue<bool>());
        finalSnapshot.Remove("current");
        finalAfter.Remove("current");
        Assert.True(JsonNode.DeepEquals(finalSnapshot, finalAfter));
        var snapshots = (await GetJsonAsync($"/api/rounds/{round}/snapshots")).EnumerateArray().ToList();
        Assert.Equal([before, id, next], snapshots.Select(s => s.GetProperty("id").GetString()));
        Assert.Equal(["concept", "final", "concept"], snapshots.Select(s => s.GetProperty("status").GetString()));
        Assert.Equal([false, false, true], snapshots.Select(s => s.GetProperty("current").GetBoolean()));
        Assert.Equal(4, snapshots[1].GetProperty("summary").GetProperty("formats").GetInt32());

        // 5. Export of the final snapshot: a workbook with the same numbers.
        var export = await Client.GetAsync($"/api/rounds/{round}/snapshots/{id}/export");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal(TestFormats.XlsxType, export.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"tarieven-{round}-{id}.xlsx", export.Content.Headers.ContentDisposition?.FileNameStar ?? export.Content.Headers.ContentDisposition?.FileName);
        using var package = new ExcelPackage(new MemoryStream(await export.Content.ReadAsByteArrayAsync()));
        var tariffs = package.Workbook.Worksheets["Tarieven"];
        Assert.Contains(id, tariffs.Cells[1, 1].Text);
        Assert.Contains("definitief", tariffs.Cells[1, 1].Text);
        for (var i = 0; i < expected.Tariffs.Count; i++)
        {
            Assert.Equal(expected.Tariffs[i].Product, tariffs.Cells[4 + i, 1].Text);
            Assert.Equal((double)expected.Tariffs[i].Tariff!.Value, tariffs.Cells[4 + i, 4].GetValue<double>());
            Assert.Equal(expected.Tariffs[i].Spread.N, tariffs.Cells[4 + i, 6].GetValue<int>());
            Assert.Equal((double)expected.Tariffs[i].Spread.Median!.Value, tariffs.Cells[4 + i, 9].GetValue<double>());
        }
        var norms = package.Workbook.Worksheets["Normen"];
        for (var i = 0; i < expected.Norms.Count; i++)
        {
            Assert.Equal(expected.Norms[i].Variable, norms.Cells[2 + i, 1].Text);
            if (expected.Norms[i].Value is { } value) Assert.Equal((double)value, norms.Cells[2 + i, 3].GetValue<double>());
        }
        var findings = package.Workbook.Worksheets["Bevindingen"];
        Assert.Equal(TestFormats.Agbs, Enumerable.Range(2, 4).Select(r => findings.Cells[r, 2].Text).ToArray());
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync($"/api/rounds/{round}/snapshots/current/export")).StatusCode);

        // 6. Compare the snapshot before the repair with the final one.
        var comparison = await GetJsonAsync($"/api/rounds/{round}/snapshots/compare?from={before}&to={id}");
        var oldSnapshot = await GetJsonAsync($"/api/rounds/{round}/snapshots/{before}");
        var change = Assert.Single(comparison.GetProperty("tariffs").EnumerateArray());
        var oldTariff = oldSnapshot.GetProperty("tariffs")[0].GetProperty("tariff").GetDecimal();
        Assert.Equal("45A11", change.GetProperty("code").GetString());
        Assert.Equal(oldTariff, change.GetProperty("old").GetDecimal());
        Assert.Equal(expected.Tariffs[0].Tariff, change.GetProperty("new").GetDecimal());
        Assert.Equal(expected.Tariffs[0].Tariff - oldTariff, change.GetProperty("difference").GetDecimal());
        Assert.Equal(oldTariff == expected.Tariffs[0].Tariff ? "unchanged" : "changed", change.GetProperty("change").GetString());
    }

    [Fact]
    public async Task Compare_reports_products_present_on_one_side_only()
    {
        var round = AppFixture.NewRoundId("s");
        var json = TestFormats.RoundJson(round);
        Assert.Equal(HttpStatusCode.Created, (await Client.PutAsync($"/api/rounds/{round}", Http.Json(json))).StatusCode);
        for (var i = 0; i < 3; i++) await UploadAsync(round, TestFormats.Build(json, TestFormats.Provider(round, i)));
        var first = await RecalculateAsync(round);

        // The analyst adds a product to the catalogue; nobody delivers it yet.
        Assert.Equal(HttpStatusCode.OK, (await Client.PutAsync($"/api/rounds/{round}", Http.Json(TestFormats.RoundJson(round, extraProduct: true)))).StatusCode);
        var second = await RecalculateAsync(round);

        var forward = await GetJsonAsync($"/api/rounds/{round}/snapshots/compare?from={first}&to={second}");
        Assert.Equal(first, forward.GetProperty("from").GetProperty("id").GetString());
        var byCode = forward.GetProperty("tariffs").EnumerateArray().ToDictionary(t => t.GetProperty("code").GetString()!);
        Assert.Equal("unchanged", byCode["45A11"].GetProperty("change").GetString());
        Assert.Equal(0m, byCode["45A11"].GetProperty("difference").GetDecimal());
        Assert.Equal("added", byCode["45A12"].GetProperty("change").GetString());
        Assert.Equal(JsonValueKind.Null, byCode["45A12"].GetProperty("old").ValueKind);
        Assert.Equal(JsonValueKind.Null, byCode["45A12"].GetProperty("difference").ValueKind);

        var backward = await GetJsonAsync($"/api/rounds/{round}/snapshots/compare?from={second}&to={first}");
        var removed = Assert.Single(backward.GetProperty("tariffs").EnumerateArray(), t => t.GetProperty("code").GetString() == "45A12");
        Assert.Equal("removed", removed.GetProperty("change").GetString());
        Assert.Equal(JsonValueKind.Null, removed.GetProperty("new").ValueKind);
        Assert.Single(backward.GetProperty("trajectories").EnumerateArray());

        await Http.AssertProblemAsync(await Client.GetAsync($"/api/rounds/{round}/snapshots/compare?from={first}&to=20250101T000000000Z-00000000"),
            HttpStatusCode.NotFound, "snapshot-not-found");
    }
}
