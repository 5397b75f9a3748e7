using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Inkoop.Cli;
using Inkoop.Domain.Bids;
using Inkoop.Excel;
using Inkoop.Integration.Tests.Infrastructure;
using OfficeOpenXml;

namespace Inkoop.Integration.Tests;

/// <summary>
/// Tender -> bid uploads -> analysis over HTTP against Azurite: the stored analysis equals the CLI's on the same files and
/// the same final snapshot, a later final snapshot changes nothing until re-analysis, and the export holds the same numbers.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class BidsTests(AppFixture fixture) : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("inkoop-bids-http-").FullName;
    private HttpClient Client => fixture.Client;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static string TenderJson(string tender, string round) => $$"""
        { "tender": "{{tender}}", "name": "Aanbesteding {{tender}}", "round": "{{round}}",
          "lots": [ { "code": "AMB", "name": "Ambulant", "products": ["45A11"] }, { "code": "DYS", "name": "Dyslexie" } ] }
        """;

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, HttpContent? content, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        var response = await Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{method} {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private async Task<string> FinalSnapshotAsync(string round)
    {
        var snapshot = await SendAsync(HttpMethod.Post, $"/api/rounds/{round}/recalculations", null, HttpStatusCode.Created);
        var id = snapshot.GetProperty("id").GetString()!;
        await SendAsync(HttpMethod.Post, $"/api/rounds/{round}/snapshots/{id}/final", null, HttpStatusCode.OK);
        return id;
    }

    private static byte[] Bid(byte[] template, string agb, string lot, decimal? proposed, params (string, object?, object?)[] prices)
    {
        var names = new Dictionary<string, object?> { [BidSchema.Perceel] = lot, [BidSchema.InschrijverAgb] = agb, [BidSchema.InschrijverNaam] = $"Zorg {agb}" };
        if (proposed is not null) names[BidSchema.LumpsumVoorstel] = proposed;
        using var output = new MemoryStream();
        BidFiller.Fill(new MemoryStream(template), new BidValues(names, prices), output);
        return output.ToArray();
    }

    [Fact]
    public async Task Tender_bids_analysis_equals_the_cli_and_the_export_holds_the_same_numbers()
    {
        // A round with 45A11 computable (three formats) and 45A12 in the catalogue without formats.
        var round = AppFixture.NewRoundId("b");
        var roundJson = TestFormats.RoundJson(round, extraProduct: true);
        await SendAsync(HttpMethod.Put, $"/api/rounds/{round}", Http.Json(roundJson), HttpStatusCode.Created);
        for (var i = 0; i < 3; i++) await SendAsync(HttpMethod.Post, $"/api/rounds/{round}/formats", TestFormats.Xlsx(TestFormats.Build(roundJson, TestFormats.Provider(round, i))), HttpStatusCode.Created);

        var tender = AppFixture.NewRoundId("t");
        var created = await SendAsync(HttpMethod.Put, $"/api/tenders/{tender}", Http.Json(TenderJson(tender, round)), HttpStatusCode.Created);
        Assert.Equal(round, created.GetProperty("round").GetString());
        await SendAsync(HttpMethod.Put, $"/api/tenders/{tender}", Http.Json(TenderJson(tender, round)), HttpStatusCode.OK);
        var template = await Client.GetByteArrayAsync($"/api/tenders/{tender}/template");

        // Before any final snapshot: accepted, every line not computable with the reason, nothing ranked.
        var early = Bid(template, "11111111", "AMB", null, ("45A11", 60m, 100m));
        var first = await SendAsync(HttpMethod.Post, $"/api/tenders/{tender}/bids", TestFormats.Xlsx(early), HttpStatusCode.Created);
        Assert.Equal(JsonValueKind.Null, first.GetProperty("snapshot").ValueKind);
        Assert.Contains("geen definitieve snapshot", first.GetProperty("reason").GetString());
        Assert.Equal(["notComputable"], first.GetProperty("analysis").GetProperty("lines")[0].GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        Assert.Empty((await SendAsync(HttpMethod.Get, $"/api/tenders/{tender}/lots/AMB/bids", null, HttpStatusCode.OK)).GetProperty("ranking").EnumerateArray());

        var snapshot = await FinalSnapshotAsync(round);
        var files = new Dictionary<string, byte[]>
        {
            ["a.xlsx"] = Bid(template, "11111111", "AMB", 100000m, ("45A11", 60m, 1000m)),
            ["b.xlsx"] = Bid(template, "22222222", "AMB", null, ("45A11", 80m, 1000m), ("45A12", 90m, 10m)),
            ["c.xlsx"] = Bid(template, "33333333", "AMB", null, ("45A11", 75m, 500m), ("45A12", -1m, 10m)),
            ["d.xlsx"] = Bid(template, "44444444", "DYS", null, ("45A12", 90m, 10m)),
        };
        var uploaded = new Dictionary<string, JsonElement>();
        foreach (var (name, file) in files)
            uploaded[name] = await SendAsync(HttpMethod.Post, $"/api/tenders/{tender}/bids", TestFormats.Xlsx(file), HttpStatusCode.Created);
        Assert.Equal(2, uploaded["a.xlsx"].GetProperty("version").GetInt32());
        Assert.All(uploaded.Values, u => Assert.Equal(snapshot, u.GetProperty("snapshot").GetString()));
        Assert.All(uploaded.Values, u => Assert.Equal(JsonValueKind.Null, u.GetProperty("reason").ValueKind));

        // The CLI on the same files against the same final snapshot document.
        foreach (var (name, file) in files) { Directory.CreateDirectory(Path.Combine(dir, "bids")); await File.WriteAllBytesAsync(Path.Combine(dir, "bids", name), file); }
        await File.WriteAllTextAsync(Path.Combine(dir, "tender.json"), TenderJson(tender, round));
        await File.WriteAllTextAsync(Path.Combine(dir, "tariffs.json"), await Client.GetStringAsync($"/api/rounds/{round}/snapshots/{snapshot}"));
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await InkoopCommand.RunAsync(["bids", "--tender", Path.Combine(dir, "tender.json"), "--tariffs", Path.Combine(dir, "tariffs.json"),
            "--bids", Path.Combine(dir, "bids"), "--json"], stdout, stderr);
        Assert.True(code == 0, stderr.ToString());
        var cli = JsonNode.Parse(stdout.ToString())!;
        foreach (var bid in cli["bids"]!.AsArray())
        {
            var expected = bid!.AsObject().DeepClone().AsObject();
            expected.Remove("file");
            var lot = expected["lot"]!.GetValue<string>();
            var agb = expected["agb"]!.GetValue<string>();
            var stored = JsonNode.Parse((await SendAsync(HttpMethod.Get, $"/api/tenders/{tender}/lots/{lot}/bids/{agb}", null, HttpStatusCode.OK)).GetRawText())!;
            var actual = stored["analysis"]!.AsObject().DeepClone().AsObject();
            actual.Remove("file");
            Assert.True(JsonNode.DeepEquals(expected, actual), $"{agb}: CLI {expected.ToJsonString()} API {actual.ToJsonString()}");
        }
        var lotBids = await SendAsync(HttpMethod.Get, $"/api/tenders/{tender}/lots/amb/bids", null, HttpStatusCode.OK);
        Assert.Equal("AMB", lotBids.GetProperty("lot").GetString());
        var cliRanking = cli["lots"]!.AsArray().Single(l => l!["code"]!.GetValue<string>() == "AMB")!["ranking"]!;
        Assert.True(JsonNode.DeepEquals(cliRanking, JsonNode.Parse(lotBids.GetProperty("ranking").GetRawText())));
        Assert.Equal(["11111111", "33333333", "22222222"], lotBids.GetProperty("ranking").EnumerateArray().Select(r => r.GetProperty("agb").GetString()));
        Assert.Equal(3, lotBids.GetProperty("bids").GetArrayLength());

        // The export holds the same numbers.
        using (var package = new ExcelPackage(new MemoryStream(await Client.GetByteArrayAsync($"/api/tenders/{tender}/lots/AMB/export"))))
        {
            var sheet = package.Workbook.Worksheets["Inschrijvingen"];
            for (var row = 2; row <= 4; row++)
            {
                var agb = sheet.Cells[row, 2].Text;
                var api = uploaded.Values.Single(u => u.GetProperty("agb").GetString() == agb).GetProperty("analysis");
                Assert.Equal((double)api.GetProperty("impliedLumpsum").GetDecimal(), (double)sheet.Cells[row, 6].Value, 6);
                Assert.Equal((double)api.GetProperty("weightedDeviation").GetDecimal(), (double)sheet.Cells[row, 12].Value, 10);
            }
            Assert.Equal("11111111", package.Workbook.Worksheets["Rangorde"].Cells[4, 3].Text);
        }

        // A later final snapshot does not silently change the stored analysis; re-analysis does, and records it.
        var later = await FinalSnapshotAsync(round);
        Assert.Equal(snapshot, (await SendAsync(HttpMethod.Get, $"/api/tenders/{tender}/lots/AMB/bids/22222222", null, HttpStatusCode.OK)).GetProperty("snapshot").GetString());
        var reanalysis = await SendAsync(HttpMethod.Post, $"/api/tenders/{tender}/analyses", null, HttpStatusCode.OK);
        Assert.Equal((later, 4, 4), (reanalysis.GetProperty("snapshot").GetString(), reanalysis.GetProperty("analysed").GetInt32(), reanalysis.GetProperty("changed").GetInt32()));
        Assert.Equal(later, (await SendAsync(HttpMethod.Get, $"/api/tenders/{tender}/lots/AMB/bids/22222222", null, HttpStatusCode.OK)).GetProperty("snapshot").GetString());
    }

    [Fact]
    public async Task Refused_bids_and_bad_requests_are_dutch_problems_and_store_nothing()
    {
        var round = AppFixture.NewRoundId("b");
        var roundJson = TestFormats.RoundJson(round);
        await SendAsync(HttpMethod.Put, $"/api/rounds/{round}", Http.Json(roundJson), HttpStatusCode.Created);
        var tender = AppFixture.NewRoundId("t");

        await Http.AssertProblemAsync(await Client.PutAsync($"/api/tenders/{tender}", Http.Json("""{ "tender": "x" }""")), HttpStatusCode.BadRequest, "invalid-tender-configuration");
        await Http.AssertProblemAsync(await Client.PutAsync($"/api/tenders/{tender}", Http.Json(TenderJson("ander", round))), HttpStatusCode.BadRequest, "tender-mismatch");
        await Http.AssertProblemAsync(await Client.PutAsync($"/api/tenders/{tender}", Http.Json(TenderJson(tender, "bestaat-niet"))), HttpStatusCode.Conflict, "round-not-found");
        await Http.AssertProblemAsync(await Client.GetAsync($"/api/tenders/{tender}"), HttpStatusCode.NotFound, "tender-not-found");
        await Http.AssertProblemAsync(await Client.GetAsync("/api/tenders/Ongeldig!"), HttpStatusCode.BadRequest, "invalid-tender-id");
        await SendAsync(HttpMethod.Put, $"/api/tenders/{tender}", Http.Json(TenderJson(tender, round)), HttpStatusCode.Created);
        await Http.AssertProblemAsync(await Client.GetAsync($"/api/tenders/{tender}/lots/XYZ/bids"), HttpStatusCode.NotFound, "lot-not-found");
        await Http.AssertProblemAsync(await Client.GetAsync($"/api/tenders/{tender}/lots/AMB/bids/12345678"), HttpStatusCode.NotFound, "bid-not-found");

        var template = await Client.GetByteArrayAsync($"/api/tenders/{tender}/template");
        var otherLot = Bid(template, "11111111", "AMB", null, ("45A11", 60m, 1m));
        using (var package = new ExcelPackage(new MemoryStream(otherLot)))
        {
            var perceel = package.Workbook.Names[BidSchema.Perceel];
            perceel.Worksheet.Cells[perceel.Address].Value = "WON";
            otherLot = package.GetAsByteArray();
        }
        var problem = await Http.AssertProblemAsync(await Client.PostAsync($"/api/tenders/{tender}/bids", TestFormats.Xlsx(otherLot)), (HttpStatusCode)422, "bid-rejected");
        Assert.Equal("LOT_UNKNOWN", problem.GetProperty("findings")[0].GetProperty("code").GetString());
        await Http.AssertProblemAsync(await Client.PostAsync($"/api/tenders/{tender}/bids", TestFormats.Xlsx("geen excel"u8.ToArray())), (HttpStatusCode)422, "file-unreadable");

        // A provider may only hand in its own bid.
        using var provider = await fixture.ClientAsAsync("provider", "22222222");
        await Http.AssertProblemAsync(await provider.PostAsync($"/api/tenders/{tender}/bids", TestFormats.Xlsx(Bid(template, "11111111", "AMB", null, ("45A11", 60m, 1m)))),
            HttpStatusCode.Forbidden, "agb-mismatch");

        // Each cell within Excel's limit, but together (as findings quoting them) more than a bid row can keep: refused
        // before its original is stored, as a format is.
        var longText = new string('€', 32_000);
        var tooLarge = Bid(template, "11111111", "AMB", null, ("45A11", longText, longText + "x"));
        using (var package = new ExcelPackage(new MemoryStream(tooLarge)))
        {
            var name = package.Workbook.Names[BidSchema.InschrijverNaam];
            name.Worksheet.Cells[name.Address].Value = longText;
            tooLarge = package.GetAsByteArray();
        }
        problem = await Http.AssertProblemAsync(await Client.PostAsync($"/api/tenders/{tender}/bids", TestFormats.Xlsx(tooLarge)), (HttpStatusCode)422, "bid-too-large");
        Assert.Contains("niet bewaard", problem.GetProperty("detail").GetString());

        Assert.Empty((await SendAsync(HttpMethod.Get, $"/api/tenders/{tender}/lots/AMB/bids", null, HttpStatusCode.OK)).GetProperty("bids").EnumerateArray());
        var container = await fixture.Storage.OriginalsAsync(default);
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"tenders/{tender}/", default))
            Assert.Fail($"Blob {blob.Name} was stored for a refused bid.");
    }
}
