using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Inkoop.Cli;
using Inkoop.Domain.Lumpsums;
using Inkoop.Excel;
using Inkoop.Integration.Tests.Infrastructure;
using OfficeOpenXml;

namespace Inkoop.Integration.Tests;

/// <summary>
/// Lumpsums over HTTP against Azurite and the real app: setup, lumpsums, realisation uploads (one superseding another), the
/// variance equal to the command line on the same files, the export, the timer. Year 2031 and segments ITEST/ITESTB are this
/// test's own; the municipalities it PUTs are the defaults, so other tests see no change.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class LumpsumsTests(AppFixture fixture) : IDisposable
{
    private const int Year = 2031;
    private const string Agb = "31000001";
    private readonly string dir = Directory.CreateTempSubdirectory("inkoop-lumpsum-it-").FullName;
    private HttpClient Client => fixture.Client;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private const string Lumpsums = """
        { "year": 2031,
          "lumpsums": [
            { "agb": "31000001", "segment": "ITEST", "amount": 351500.00, "bandwidth": 0.03, "tariffs": { "45A11": 100, "45A12": 50.5 } },
            { "agb": "31000001", "segment": "ITESTB", "amount": 10437.00, "tariffs": { "45A11": 100 }, "profile": [0.1, 0.2, 0.3, 0.4] } ] }
        """;

    private const string Participation = """{ "participation": { "ITEST": ["GM0197", "GM0222"] } }""";

    /// <summary>Provider keys for <see cref="Agb"/> and for another AGB-code, issued by the test's first call.</summary>
    private string ownKey = "", otherKey = "";

    private async Task IssueProviderKeysAsync()
    {
        ownKey = (await fixture.IssueKeyAsync("provider", Agb)).Key;
        otherKey = (await fixture.IssueKeyAsync("provider", "31000002")).Key;
    }

    /// <summary>Sends as the admin (<see cref="AppFixture.Client"/>), or with <paramref name="key"/>.</summary>
    private async Task<JsonElement> SendAsync(HttpMethod method, string path, HttpContent? content, HttpStatusCode expected, string? key = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var keyed = key is null ? null : fixture.ClientWith(key);
        var response = await (keyed ?? Client).SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{method} {path}: {(int)response.StatusCode} {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    private static ByteArrayContent Xlsx(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(RoundsApiContentType);
        return content;
    }

    private const string RoundsApiContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static byte[] Report(int quarter, string segment, params RealisationRow[] rows)
    {
        using var buffer = new MemoryStream();
        RealisationWorkbookWriter.Write(new RealisationKey(Year, quarter, Agb, segment), rows, buffer);
        return buffer.ToArray();
    }

    /// <summary>Uploads a report and keeps the same bytes for the offline run, under a name that sorts in upload order.</summary>
    private async Task<JsonElement> UploadAsync(int order, int quarter, string segment, byte[] bytes, bool json = false)
    {
        File.WriteAllBytes(Path.Combine(dir, $"{order:D2}-{segment}-q{quarter}.{(json ? "json" : "xlsx")}"), bytes);
        HttpContent content = json ? Http.Json(System.Text.Encoding.UTF8.GetString(bytes)) : Xlsx(bytes);
        return await SendAsync(HttpMethod.Post, $"/api/lumpsums/{Year}/realisation/{quarter}/{Agb}/{segment}", content, HttpStatusCode.Created, ownKey);
    }

    [Fact]
    public async Task Lumpsums_realisation_with_a_superseding_report_and_variance_equal_to_the_command_line()
    {
        await IssueProviderKeysAsync();
        // Setup: the default municipalities stored explicitly, and participation for this test's segment.
        var municipalities = JsonSerializer.Serialize(new { municipalities = Municipalities.Achterhoek.Select(m => new { m.Code, m.Name, m.Clients }) },
            Inkoop.Domain.ResultJson.Options);
        var stored = await SendAsync(HttpMethod.Put, "/api/municipalities", Http.Json(municipalities), HttpStatusCode.OK);
        Assert.Equal(8, stored.GetProperty("municipalities").GetArrayLength());
        await SendAsync(HttpMethod.Put, "/api/participation", Http.Json(Participation), HttpStatusCode.OK);
        var participation = await SendAsync(HttpMethod.Get, "/api/participation", null, HttpStatusCode.OK);
        Assert.Equal(2, participation.GetProperty("participation").GetProperty("ITEST").GetArrayLength());
        await Http.AssertProblemAsync(await Client.PutAsync("/api/participation", Http.Json("""{ "participation": { "ITEST": ["GM9999"] } }""")),
            HttpStatusCode.BadRequest, "invalid-participation");

        // Lumpsums: checked at PUT (all errors at once), allocation in the answer.
        await Http.AssertProblemAsync(await Client.PutAsync($"/api/lumpsums/{Year}", Http.Json("""
            { "year": 2031, "lumpsums": [ { "agb": "31000001", "segment": "ITEST", "amount": 100, "allocation": { "GM0197": 99.99 } } ] }
            """)), HttpStatusCode.BadRequest, "invalid-lumpsum-configuration");
        await Http.AssertProblemAsync(await Client.PutAsync($"/api/lumpsums/{Year}", Http.Json("""
            { "year": 2031, "lumpsums": [ { "agb": "31000001", "segment": "ITEST", "amount": 100 } ] }
            """)), HttpStatusCode.BadRequest, "no-reference-tariffs");
        var put = await Client.PutAsync($"/api/lumpsums/{Year}", Http.Json(Lumpsums));
        Assert.True(put.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        var lumpsums = await SendAsync(HttpMethod.Get, $"/api/lumpsums/{Year}", null, HttpStatusCode.OK);
        var itest = lumpsums.GetProperty("lumpsums")[0];
        Assert.Equal([81_300m, 270_200m], itest.GetProperty("municipalities").EnumerateArray().Select(m => m.GetProperty("allocated").GetDecimal()));
        Assert.Contains(Year, (await SendAsync(HttpMethod.Get, "/api/lumpsums", null, HttpStatusCode.OK)).EnumerateArray().Select(y => y.GetInt32()));

        // Realisation: Q1 ITEST twice (the JSON one supersedes), Q2 with a bad row, Q1 and Q2 ITESTB.
        var first = await UploadAsync(1, 1, "ITEST", Report(1, "ITEST", new RealisationRow("GM0197", "45A11", 1)));
        Assert.Equal((1, "accepted"), (first.GetProperty("version").GetInt32(), first.GetProperty("status").GetString()));
        var second = await UploadAsync(2, 1, "ITEST", System.Text.Encoding.UTF8.GetBytes($$"""
            { "year": {{Year}}, "quarter": 1, "agb": "{{Agb}}", "segment": "ITEST",
              "rows": [ { "municipality": "GM0197", "product": "45A11", "volume": 200 }, { "municipality": "GM0222", "product": "45A12", "volume": 1300 } ] }
            """), json: true);
        Assert.Equal(2, second.GetProperty("version").GetInt32());
        var q2 = await UploadAsync(3, 2, "ITEST", Report(2, "ITEST", new RealisationRow("GM0197", "45A11", 210), new RealisationRow("GM0222", "45A11", 700), new RealisationRow("GM0294", "45A11", 5)));
        Assert.Equal("hasErrors", q2.GetProperty("status").GetString());
        Assert.Equal("MUNICIPALITY_NOT_PARTICIPATING", q2.GetProperty("findings")[0].GetProperty("code").GetString());
        await UploadAsync(4, 1, "ITESTB", Report(1, "ITESTB", new RealisationRow("GM0222", "45A11", 10.5m)));
        await UploadAsync(5, 2, "ITESTB", Report(2, "ITESTB", new RealisationRow("GM1955", "45A11", 20)));

        // Refusals store nothing.
        var path = $"/api/lumpsums/{Year}/realisation/1/{Agb}/ITEST";
        await SendAsync(HttpMethod.Post, path, Xlsx(Report(1, "ITEST")), HttpStatusCode.Forbidden, otherKey);
        await Http.AssertProblemAsync(await Client.PostAsync(path, Xlsx([1, 2, 3])), (HttpStatusCode)422, "file-unreadable");
        await Http.AssertProblemAsync(await Client.PostAsync(path, Xlsx(Report(2, "ITEST", new RealisationRow("GM0197", "45A11", 1)))), (HttpStatusCode)422,
            "report-rejected");
        await Http.AssertProblemAsync(await Client.PostAsync($"/api/lumpsums/{Year}/realisation/1/{Agb}/NOPE", Xlsx(Report(1, "NOPE"))),
            HttpStatusCode.NotFound, "lumpsum-not-found");
        var versions = await SendAsync(HttpMethod.Get, $"/api/lumpsums/{Year}/realisation", null, HttpStatusCode.OK);
        Assert.Equal(5, versions.GetArrayLength());
        Assert.Equal([false, true], versions.EnumerateArray().Where(v => v.GetProperty("segment").GetString() == "ITEST" && v.GetProperty("quarter").GetInt32() == 1)
            .Select(v => v.GetProperty("current").GetBoolean()));
        // All realisation versions are for analysts; a provider sees its own lumpsum's variance only.
        await SendAsync(HttpMethod.Get, $"/api/lumpsums/{Year}/realisation", null, HttpStatusCode.Forbidden, ownKey);

        // Variance over HTTP equals the command line over the same files.
        await Http.AssertProblemAsync(await Client.GetAsync($"/api/lumpsums/{Year}/variance/3"), HttpStatusCode.NotFound, "variance-not-found");
        await SendAsync(HttpMethod.Post, $"/api/lumpsums/{Year}/variance/2/recalculations", null, HttpStatusCode.Created);
        var variance = await SendAsync(HttpMethod.Get, $"/api/lumpsums/{Year}/variance/2", null, HttpStatusCode.OK);
        var offline = await OfflineAsync(2, JsonNode.Parse(Lumpsums)!.AsObject());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(offline.GetProperty("lumpsums").GetRawText()), JsonNode.Parse(variance.GetProperty("lumpsums").GetRawText())),
            $"HTTP:\n{variance.GetProperty("lumpsums")}\nCLI:\n{offline.GetProperty("lumpsums")}");
        // What GET /api/lumpsums/{year} hands out (updatedAt, allocation "clients", municipalities) is accepted back as
        // the command line's --config and gives the same variance.
        var handedOut = JsonNode.Parse((await SendAsync(HttpMethod.Get, $"/api/lumpsums/{Year}", null, HttpStatusCode.OK)).GetRawText())!.AsObject();
        Assert.NotNull(handedOut["updatedAt"]);
        var roundTrip = await OfflineAsync(2, handedOut);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(roundTrip.GetProperty("lumpsums").GetRawText()), JsonNode.Parse(variance.GetProperty("lumpsums").GetRawText())),
            $"HTTP:\n{variance.GetProperty("lumpsums")}\nCLI from GET:\n{roundTrip.GetProperty("lumpsums")}");
        var line = variance.GetProperty("lumpsums")[0];
        // Q1 20,000 + 65,650; Q2 21,000 + 70,000 (Winterswijk's row left out): 176,650 against 175,750.
        Assert.Equal((176_650m, "within"), (line.GetProperty("realised").GetDecimal(), line.GetProperty("status").GetString()));
        // The variance reads the current report of each slot only: the superseded Q1 ITEST version 1 is not read or listed
        // (GET .../realisation lists every version).
        var reports = variance.GetProperty("reports").EnumerateArray().ToList();
        Assert.Equal(4, reports.Count);
        Assert.DoesNotContain(reports, r => r.GetProperty("status").GetString() == "superseded");
        Assert.Contains("ITEST versie 2", reports[0].GetProperty("file").GetString());

        // One lumpsum, one municipality.
        var one = await SendAsync(HttpMethod.Get, $"/api/lumpsums/{Year}/variance/2/lumpsums/{Agb}/itestb", null, HttpStatusCode.OK, ownKey);
        Assert.Equal(3_131.10m, one.GetProperty("expected").GetDecimal());   // 10,437 * 0.3
        await SendAsync(HttpMethod.Get, $"/api/lumpsums/{Year}/variance/2/lumpsums/{Agb}/ITESTB", null, HttpStatusCode.Forbidden, otherKey);
        var aalten = await SendAsync(HttpMethod.Get, $"/api/lumpsums/{Year}/variance/2/municipalities/GM0197", null, HttpStatusCode.OK);
        var aaltenLines = aalten.GetProperty("lumpsums").EnumerateArray().Where(l => l.GetProperty("agb").GetString() == Agb).ToList();
        Assert.Equal(2, aaltenLines.Count);
        Assert.Equal(41_000m, aaltenLines[0].GetProperty("variance").GetProperty("realised").GetDecimal());

        // The export holds the same numbers.
        var export = await Client.GetAsync($"/api/lumpsums/{Year}/variance/2/export");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        using (var package = new ExcelPackage(new MemoryStream(await export.Content.ReadAsByteArrayAsync())))
        {
            var sheet = package.Workbook.Worksheets["Lumpsums"];
            var row = Enumerable.Range(4, 50).First(r => sheet.Cells[r, 1].Text == Agb && sheet.Cells[r, 2].Text == "ITEST");
            Assert.Equal((double)line.GetProperty("realised").GetDecimal(), sheet.Cells[row, 6].Value);
            Assert.Equal((double)line.GetProperty("variance").GetDecimal(), sheet.Cells[row, 7].Value);
            Assert.Equal((double)line.GetProperty("variancePct").GetDecimal(), sheet.Cells[row, 8].Value);
        }

        // The timer: the first run writes what changed, the second finds nothing changed for this year.
        await TimerAsync();
        var again = await TimerAsync();
        Assert.DoesNotContain(again.GetProperty("recalculated").EnumerateArray(), r => r.GetProperty("year").GetInt32() == Year);
        Assert.Contains($"{Year}-q2", again.GetProperty("unchanged").EnumerateArray().Select(u => u.GetString()));
        var afterTimer = await SendAsync(HttpMethod.Get, $"/api/lumpsums/{Year}/variance/2", null, HttpStatusCode.OK);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(variance.GetProperty("lumpsums").GetRawText()), JsonNode.Parse(afterTimer.GetProperty("lumpsums").GetRawText())));
    }

    private async Task<JsonElement> TimerAsync()
    {
        var response = await Client.PostAsync("/RecalculateLumpsumVariance", Http.Json("""{ "Data": { "timer": { "IsPastDue": false } }, "Metadata": {} }"""));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("ReturnValue").Clone();
    }

    /// <summary>The command line over the uploaded files, with the same setup in the configuration file.</summary>
    private async Task<JsonElement> OfflineAsync(int quarter, JsonObject node)
    {
        var config = Path.Combine(Path.GetTempPath(), $"lumpsums-{Guid.NewGuid():N}.json");
        node["participation"] = JsonNode.Parse(Participation)!["participation"]!.DeepClone();
        File.WriteAllText(config, node.ToJsonString());
        try
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var code = await InkoopCommand.RunAsync(["lumpsum", "--config", config, "--realisation", dir, "--year", $"{Year}", "--quarter", $"{quarter}", "--json"],
                stdout, stderr);
            Assert.True(code == 0, stderr.ToString());
            return JsonDocument.Parse(stdout.ToString()).RootElement.Clone();
        }
        finally
        {
            File.Delete(config);
        }
    }
}
