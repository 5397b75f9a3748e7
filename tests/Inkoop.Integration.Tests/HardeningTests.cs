using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Inkoop.Domain.Formats;
using Inkoop.Integration.Tests.Infrastructure;
using OfficeOpenXml;

namespace Inkoop.Integration.Tests;

/// <summary>
/// Issue 14, parts 3 and 4, as an attacker tries them against the real app under the Functions host (the fixture's
/// mode): malformed timer payloads and charsets never answer 500 and run nothing; dot segments never reach the host's
/// timer routes; headers, the add-in manifest's host, X-Forwarded-For, export texts and upload file names.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class HardeningTests(AppFixture fixture)
{
    public static readonly TheoryData<string> MalformedTimers =
    [
        """{ "Data": { "timer": { "IsPastDue": "yes" } } }""",
        """{ "Data": { "timer": { "Schedule": 1, "IsPastDue": false } } }""",
        """{ "Data": { "timer": { "ScheduleStatus": { "Last": "not a date", "Next": "2026-01-01T00:00:00Z", "LastUpdated": "2026-01-01T00:00:00Z" } } } }""",
        """{ "Data": { "timer": { "IsPastDue": null } } }""",
        """{ "Data": { "timer": { "Schedule": { "AdjustForDST": "true" }, "IsPastDue": false } } }""",
        """{ "Data": { "timer": { "ScheduleStatus": { "Last": 5, "Next": 6, "LastUpdated": 7 }, "IsPastDue": false } } }""",
        """{ "Data": { "timer": "gisteren" } }""",
        """{ "Data": 5 }""",
        """[]""",
        """{ "Data": """,
    ];

    private static readonly string[] TimerRoutes = ["/RecalculateTariffs", "/CloseRepairWindows", "/RevalidateFormats", "/RecalculateLumpsumVariance"];

    [Theory]
    [MemberData(nameof(MalformedTimers))]
    public async Task A_malformed_timer_payload_is_a_400_on_every_timer_route_and_runs_nothing(string payload)
    {
        var round = await RoundWithOneFormatAsync();
        foreach (var route in TimerRoutes)
        {
            // As the Functions host calls it (no key, outside /api) and as an admin on demand.
            await Http.AssertProblemAsync(await fixture.Anonymous.PostAsync(route, Http.Json(payload)), HttpStatusCode.BadRequest);
            await Http.AssertProblemAsync(await fixture.Client.PostAsync(route, Http.Json(payload)), HttpStatusCode.BadRequest);
        }
        await AssertNoSnapshotAsync(round);
    }

    [Theory]
    [InlineData("application/json; charset=bogus")]
    [InlineData("application/json; charset=utf-7")]
    [InlineData("application/json; charset=")]
    [InlineData("application/json; charset=\"\"")]
    [InlineData("application/json; charset=utf-16")]
    public async Task A_json_body_in_another_charset_than_utf8_is_a_415_on_every_json_route(string contentType)
    {
        var round = AppFixture.NewRoundId("cs");
        var requests = new (HttpMethod Method, string Path, string Body)[]
        {
            (HttpMethod.Post, "/api/admin/keys", """{ "role": "analyst", "name": "tekenset" }"""),
            (HttpMethod.Put, $"/api/admin/principals/{Guid.NewGuid()}", """{ "role": "analyst", "name": "tekenset" }"""),
            (HttpMethod.Put, $"/api/rounds/{round}", TestFormats.RoundJson(round)),
            (HttpMethod.Put, $"/api/tenders/{round}", "{}"),
            (HttpMethod.Put, "/api/lumpsums/2099", "{}"),
            (HttpMethod.Put, "/api/municipalities", "{}"),
            (HttpMethod.Put, "/api/participation", "{}"),
            (HttpMethod.Post, "/RecalculateTariffs", """{ "Data": {}, "Metadata": {} }"""),
            (HttpMethod.Post, "/CloseRepairWindows", """{ "Data": {}, "Metadata": {} }"""),
            (HttpMethod.Post, "/RevalidateFormats", """{ "Data": {}, "Metadata": {} }"""),
            (HttpMethod.Post, "/RecalculateLumpsumVariance", """{ "Data": {}, "Metadata": {} }"""),
        };
        foreach (var (method, path, body) in requests)
        {
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            Assert.True(content.Headers.TryAddWithoutValidation("Content-Type", contentType));
            var response = await fixture.Client.SendAsync(new HttpRequestMessage(method, path) { Content = content });
            await Http.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported-charset");
        }
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Client.GetAsync($"/api/rounds/{round}")).StatusCode);

        // UTF-8, spelled either way, is read.
        var utf8 = new StringContent("""{ "role": "analyst", "name": "tekenset" }""", Encoding.UTF8);
        utf8.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=UTF-8");
        Assert.Equal(HttpStatusCode.Created, (await fixture.Client.PostAsync("/api/admin/keys", utf8)).StatusCode);
    }

    [Theory]
    [InlineData("/api/../RecalculateTariffs")]
    [InlineData("/api/%2e%2e/RecalculateTariffs")]
    [InlineData("/api/%2E%2E/RecalculateTariffs")]
    [InlineData("/api/.%2e/RecalculateTariffs")]
    [InlineData("/api/rounds/../../RecalculateTariffs")]
    [InlineData("/api/./../RecalculateTariffs")]
    public async Task A_request_target_with_dot_segments_is_refused_before_it_reaches_a_timer(string target)
    {
        var round = await RoundWithOneFormatAsync();
        var (status, response) = await RawAsync("POST", target, """{ "Data": {}, "Metadata": {} }""");
        Assert.True(status == 400, response);
        Assert.Contains("application/problem+json", response);
        Assert.Contains("\"code\":\"dot-segments\"", response);
        await AssertNoSnapshotAsync(round);
    }

    [Fact]
    public async Task Pages_and_answers_carry_security_headers()
    {
        var provider = await fixture.Anonymous.GetAsync("/api/web/provider/");
        Assert.Equal(HttpStatusCode.OK, provider.StatusCode);
        var providerPolicy = provider.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", providerPolicy);
        Assert.Contains("default-src 'self'", providerPolicy);
        Assert.Contains("script-src 'self';", providerPolicy);

        var pane = await fixture.Anonymous.GetAsync("/api/web/addin/taskpane.html");
        Assert.Equal(HttpStatusCode.OK, pane.StatusCode);
        var panePolicy = pane.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'self' https://*.officeapps.live.com", panePolicy);
        Assert.DoesNotContain("frame-ancestors 'none'", panePolicy);
        Assert.Contains("script-src 'self' https://appsforoffice.microsoft.com", panePolicy);

        var data = await fixture.Client.GetAsync("/api/rounds");
        var refused = await fixture.Anonymous.GetAsync("/api/rounds");
        var export = await fixture.Client.GetAsync("/api/admin/keys");
        foreach (var response in new[] { provider, pane, data, refused, export })
        {
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        }
        foreach (var response in new[] { data, refused, export })
        {
            Assert.True(response.Headers.CacheControl?.NoStore, $"{response.RequestMessage!.RequestUri}: {response.Headers.CacheControl}");
            Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        }
    }

    [Fact]
    public async Task The_manifest_never_points_at_a_host_the_client_chose()
    {
        foreach (var file in new[] { "manifest.xml", "manifest.json", "inkoop-excel.zip" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/addin/{file}");
            request.Headers.Host = "evil.example";
            var response = await fixture.Anonymous.SendAsync(request);
            await Http.AssertProblemAsync(response, HttpStatusCode.BadRequest, "host-not-allowed");
        }
        // Its own loopback address still works without configuration (./run.sh).
        Assert.Contains(fixture.App.BaseAddress.Authority, await fixture.Anonymous.GetStringAsync("/api/addin/manifest.xml"));
    }

    [Fact]
    public async Task The_audit_records_the_address_the_platform_saw_not_one_the_client_wrote()
    {
        // Under the Functions host the host relays X-Forwarded-For; the platform appends the address it saw, after
        // whatever the client sent itself.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/keys")
        {
            Content = Http.Json("""{ "role": "analyst", "name": "forwarded" }"""),
        };
        request.Headers.Add("X-Forwarded-For", "198.51.100.66, 203.0.113.7:50312");
        var response = await fixture.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        var audit = JsonDocument.Parse(await fixture.Client.GetStringAsync("/api/admin/audit?round=-&limit=50")).RootElement;
        var entry = audit.EnumerateArray().Single(e => e.GetProperty("target").GetString()?.Contains(id) == true);
        Assert.Equal("203.0.113.7", entry.GetProperty("remoteAddress").GetString());
    }

    [Fact]
    public async Task Provider_texts_that_start_a_formula_stay_text_in_the_export_and_in_any_csv_made_from_it()
    {
        var round = AppFixture.NewRoundId("csv");
        var config = TestFormats.RoundJson(round);
        Assert.Equal(HttpStatusCode.Created, (await fixture.Client.PutAsync($"/api/rounds/{round}", Http.Json(config))).StatusCode);
        string[] planted = ["=HYPERLINK(\"http://evil.example\",\"klik\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1,1)"];
        for (var i = 0; i < planted.Length; i++)
        {
            var values = TestFormats.Provider(round, i);
            values = values with { Names = new Dictionary<string, object?>(values.Names) { [FormatSchema.AanbiederNaam] = planted[i] } };
            var upload = await fixture.Client.PostAsync($"/api/rounds/{round}/formats", TestFormats.Xlsx(TestFormats.Build(config, values)));
            Assert.True(upload.StatusCode == HttpStatusCode.Created, await upload.Content.ReadAsStringAsync());
        }
        Assert.Equal(HttpStatusCode.Created, (await fixture.Client.PostAsync($"/api/rounds/{round}/recalculations", null)).StatusCode);

        var bytes = await fixture.Client.GetByteArrayAsync($"/api/rounds/{round}/snapshots/current/export");
        using var package = new ExcelPackage(new MemoryStream(bytes));
        var cells = package.Workbook.Worksheets.SelectMany(s => s.Cells[s.Dimension.Address]).ToList();
        Assert.All(cells, c => Assert.True(string.IsNullOrEmpty(c.Formula), $"{c.Address}: {c.Formula}"));
        foreach (var text in planted)
        {
            // The apostrophe is part of the value: Excel shows it as text, and a CSV saved from it keeps it so.
            Assert.Contains(cells, c => c.Value as string == "'" + text);
            Assert.DoesNotContain(cells, c => c.Value as string == text);
        }
    }

    [Fact]
    public async Task A_stored_upload_file_name_is_its_cleaned_base_name()
    {
        const int year = 2097;
        const string agb = "29700001";
        var put = await fixture.Client.PutAsync($"/api/lumpsums/{year}", Http.Json($$"""
            { "year": {{year}}, "lumpsums": [ { "agb": "{{agb}}", "segment": "ITFILE", "amount": 1000.00, "tariffs": { "45A11": 100 } } ] }
            """));
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        using var buffer = new MemoryStream();
        Inkoop.Excel.RealisationWorkbookWriter.Write(new Inkoop.Domain.Lumpsums.RealisationKey(year, 1, agb, "ITFILE"),
            [new Inkoop.Excel.RealisationRow("GM0197", "45A11", 1)], buffer);
        var hostile = "..\\..\\C:/Windows/\u0007rap\u202Egpj.xlsx\r\n" + new string('x', 300) + ".xlsx";
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(buffer.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue(TestFormats.XlsxType);
        form.Add(file, "file", "realisatie.xlsx");
        // The name as a client can send it: Content-Disposition with filename* (RFC 5987), any characters.
        file.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"file\"" };
        file.Headers.ContentDisposition.Parameters.Add(new NameValueHeaderValue("filename*", "UTF-8''" + Uri.EscapeDataString(hostile)));
        var upload = await fixture.Client.PostAsync($"/api/lumpsums/{year}/realisation/1/{agb}/ITFILE", form);
        Assert.True(upload.StatusCode == HttpStatusCode.Created, await upload.Content.ReadAsStringAsync());

        var listed = JsonDocument.Parse(await fixture.Client.GetStringAsync($"/api/lumpsums/{year}/realisation")).RootElement;
        var name = listed.EnumerateArray().Last().GetProperty("fileName").GetString()!;
        Assert.Equal("rapgpj.xlsx" + new string('x', 100 - "rapgpj.xlsx".Length - ".xlsx".Length) + ".xlsx", name);
        Assert.True(name.Length <= 100);
        Assert.DoesNotContain(name, c => char.IsControl(c) || c is '\u202E' or '/' or '\\');
    }

    private async Task<string> RoundWithOneFormatAsync()
    {
        var round = AppFixture.NewRoundId("hard");
        var config = TestFormats.RoundJson(round);
        Assert.Equal(HttpStatusCode.Created, (await fixture.Client.PutAsync($"/api/rounds/{round}", Http.Json(config))).StatusCode);
        var upload = await fixture.Client.PostAsync($"/api/rounds/{round}/formats", TestFormats.Xlsx(TestFormats.Build(config, TestFormats.Provider(round, 0))));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        await AssertNoSnapshotAsync(round);
        return round;
    }

    private async Task AssertNoSnapshotAsync(string round) =>
        await Http.AssertProblemAsync(await fixture.Client.GetAsync($"/api/rounds/{round}/snapshots/current"), HttpStatusCode.NotFound, "snapshot-not-found");

    /// <summary>One request with the target exactly as given (HttpClient would resolve dot segments itself); status and raw answer.</summary>
    private async Task<(int Status, string Response)> RawAsync(string method, string target, string body)
    {
        var address = fixture.App.BaseAddress;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        await using var stream = tcp.GetStream();
        var content = Encoding.UTF8.GetBytes(body);
        var head = $"{method} {target} HTTP/1.1\r\nHost: {address.Authority}\r\nConnection: close\r\n" +
                   $"Content-Type: application/json\r\nContent-Length: {content.Length}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(content);
        using var reader = new StreamReader(stream);
        var response = await reader.ReadToEndAsync();
        return (int.Parse(response.Split(' ', 3)[1]), response);
    }
}
