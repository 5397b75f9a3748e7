using Inkoop.Tests.Shared;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Inkoop.Integration.Tests.Infrastructure;
using Inkoop.Storage;

namespace Inkoop.Integration.Tests;

/// <summary>Uploads over HTTP: what is refused (and then never stored), what is stored, and who may upload what.</summary>
[Collection(AppCollection.Name)]
public sealed class FormatsTests(AppFixture fixture)
{
    private async Task<string> NewRoundAsync(string? repairDeadline = null)
    {
        var round = AppFixture.NewRoundId("f");
        var response = await fixture.Client.PutAsync($"/api/rounds/{round}", Http.Json(TestFormats.RoundJson(round, repairDeadline ?? "2099-12-31")));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return round;
    }

    private async Task AssertNothingStoredAsync(string round)
    {
        var list = JsonDocument.Parse(await fixture.Client.GetStringAsync($"/api/rounds/{round}/formats")).RootElement;
        Assert.Equal(0, list.GetProperty("count").GetInt32());
        Assert.Empty(list.GetProperty("formats").EnumerateArray());
        var container = await fixture.Storage.OriginalsAsync(default);
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, round + "/", default))
            Assert.Fail($"Blob {blob.Name} was stored for a refused upload.");
        var table = await fixture.Storage.TableAsync(StorageAccount.FormatsTable, default);
        await foreach (var row in table.QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == round))
            Assert.Fail($"Row {row.RowKey} was stored for a refused upload.");
    }

    [Fact]
    public async Task Multipart_upload_with_one_file_is_stored_like_a_raw_one()
    {
        var round = await NewRoundAsync();
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent("een opmerking"), "toelichting");
        form.Add(TestFormats.Xlsx(TestFormats.Build(TestFormats.RoundJson(round), TestFormats.Provider(round, 0))), "file", "format.xlsx");

        var response = await fixture.Client.PostAsync($"/api/rounds/{round}/formats", form);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        Assert.Equal("12345678", body.GetProperty("agb").GetString());
        Assert.Equal(1, body.GetProperty("version").GetInt32());
        Assert.Equal("accepted", body.GetProperty("status").GetString());
        Assert.Empty(body.GetProperty("findings").EnumerateArray());
        Assert.Equal($"/api/rounds/{round}/formats/12345678", response.Headers.Location?.OriginalString);

        using var two = new MultipartFormDataContent();
        var file = TestFormats.Build(TestFormats.RoundJson(round), TestFormats.Provider(round, 0));
        two.Add(TestFormats.Xlsx(file), "a", "a.xlsx");
        two.Add(TestFormats.Xlsx(file), "b", "b.xlsx");
        await Http.AssertProblemAsync(await fixture.Client.PostAsync($"/api/rounds/{round}/formats", two), HttpStatusCode.BadRequest, "too-many-files");

        using var none = new MultipartFormDataContent { { new StringContent("x"), "veld" } };
        await Http.AssertProblemAsync(await fixture.Client.PostAsync($"/api/rounds/{round}/formats", none), HttpStatusCode.BadRequest, "file-missing");
    }

    [Fact]
    public async Task Concurrent_uploads_of_one_provider_each_become_a_version()
    {
        var round = await NewRoundAsync();
        var json = TestFormats.RoundJson(round);
        var files = new[] { 0.05m, 0.06m, 0.07m }.Select(v => TestFormats.Build(json, TestFormats.Provider(round, 0, verzuim: v))).ToList();

        var responses = await Task.WhenAll(files.Select(f => fixture.Client.PostAsync($"/api/rounds/{round}/formats", TestFormats.Xlsx(f))));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var numbers = new List<int>();
        foreach (var r in responses) numbers.Add(JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("version").GetInt32());
        Assert.Equal(3, numbers.Distinct().Count());

        var versions = JsonDocument.Parse(await fixture.Client.GetStringAsync($"/api/rounds/{round}/formats/12345678/versions")).RootElement;
        Assert.Equal(numbers.Order(), versions.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        var latest = JsonDocument.Parse(await fixture.Client.GetStringAsync($"/api/rounds/{round}/formats/12345678")).RootElement;
        Assert.Equal(numbers.Max(), latest.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Too_large_is_413_whether_announced_or_streamed_and_nothing_is_stored()
    {
        var round = await NewRoundAsync();
        var big = new byte[10 * 1024 * 1024 + 1];
        big[0] = 0x50; big[1] = 0x4B; big[2] = 0x03; big[3] = 0x04; // looks like a zip, so only the size refuses it

        var announced = await fixture.Client.PostAsync($"/api/rounds/{round}/formats", TestFormats.Xlsx(big));
        var problem = await Http.AssertProblemAsync(announced, HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
        Assert.Contains("10 MB", problem.GetProperty("detail").GetString());

        // Without Content-Length (chunked): refused while reading.
        var streamed = new StreamContent(new MemoryStream(big));
        streamed.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/rounds/{round}/formats") { Content = streamed };
        request.Headers.TransferEncodingChunked = true;
        await Http.AssertProblemAsync(await fixture.Client.SendAsync(request), HttpStatusCode.RequestEntityTooLarge, "payload-too-large");

        using var form = new MultipartFormDataContent { { TestFormats.Xlsx(big), "file", "groot.xlsx" } };
        await Http.AssertProblemAsync(await fixture.Client.PostAsync($"/api/rounds/{round}/formats", form), HttpStatusCode.RequestEntityTooLarge, "payload-too-large");

        await AssertNothingStoredAsync(round);
    }

    public static TheoryData<string, string, string> Refused() => new()
    {
        { "text", "file-unreadable", "FILE_UNREADABLE" },
        { "empty", "file-unreadable", "FILE_UNREADABLE" },
        { "zip-not-xlsx", "file-unreadable", "FILE_UNREADABLE" },
        { "zip-bomb", "file-refused", "FILE_REFUSED" },
        { "macros", "file-refused", "FILE_REFUSED" },
        { "name-40000", "file-refused", "FILE_REFUSED" },
        { "macros-disguised", "file-refused", "FILE_REFUSED" },
        { "identity-missing", "format-rejected", "IDENTITY_MISSING" },
        { "other-round", "format-rejected", "ROUND_MISMATCH" },
        { "agb-invalid", "format-rejected", "AGB_INVALID" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Refused_uploads_are_422_with_the_finding_and_nothing_is_stored(string kind, string code, string finding)
    {
        var round = await NewRoundAsync();
        var json = TestFormats.RoundJson(round);
        var valid = TestFormats.Build(json, TestFormats.Provider(round, 0));
        byte[] file = kind switch
        {
            "text" => Encoding.UTF8.GetBytes("AGB;Verzuim\n12345678;0,06\n"),
            "empty" => [],
            "zip-not-xlsx" => ZipPackages.Rezip(valid, (name, c) => name.StartsWith("xl/") || name.StartsWith("[Content") ? null : c,
                [("notities.txt", Encoding.UTF8.GetBytes("geen werkboek"))]),
            "zip-bomb" => ZipPackages.Rezip(valid, (_, c) => c, [("xl/media/nullen.bin", new byte[50_000_000])]),
            "macros" => ZipPackages.Rezip(valid, (_, c) => c, [("xl/vbaProject.bin", new byte[2048])]),
            "name-40000" => TestFormats.Build(json, TestFormats.Provider(round, 0) with
            {
                Names = new Dictionary<string, object?>(TestFormats.Provider(round, 0).Names) { ["Aanbieder_Naam"] = new string('n', 40_000) },
            }),
            "macros-disguised" => ZipPackages.Rezip(valid, (name, c) => name == "[Content_Types].xml"
                ? Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(c).Replace("</Types>",
                    "<Override PartName=\"/xl/gewoon.bin\" ContentType=\"application/vnd.ms-office.vbaProj&#101;ct\"/></Types>"))
                : c, [("xl/gewoon.bin", new byte[2048])]),
            "identity-missing" => TestFormats.Build(json, TestFormats.Provider(round, 0) with
            {
                Names = new Dictionary<string, object?>(TestFormats.Provider(round, 0).Names) { ["Aanbieder_AGB"] = null },
            }),
            "other-round" => TestFormats.Build(json, TestFormats.Provider(round, 0) with
            {
                Names = new Dictionary<string, object?>(TestFormats.Provider(round, 0).Names) { ["Onderzoek_Ronde"] = "een-andere-ronde" },
            }),
            _ => TestFormats.Build(json, TestFormats.Provider(round, 0) with
            {
                Names = new Dictionary<string, object?>(TestFormats.Provider(round, 0).Names) { ["Aanbieder_AGB"] = "1234-AB" },
            }),
        };
        if (kind == "zip-bomb") Assert.True(file.Length < 1_000_000);

        var response = await fixture.Client.PostAsync($"/api/rounds/{round}/formats",
            TestFormats.Xlsx(file, kind == "text" ? "application/octet-stream" : TestFormats.XlsxType));
        var problem = await Http.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, code);
        var findings = problem.GetProperty("findings").EnumerateArray().ToList();
        Assert.Contains(findings, f => f.GetProperty("code").GetString() == finding && f.GetProperty("severity").GetString() == "error");
        Assert.Contains("niet bewaard", problem.GetProperty("detail").GetString());
        await AssertNothingStoredAsync(round);
    }

    [Fact]
    public async Task An_xlsm_without_macros_is_stored_and_one_with_its_macro_project_refused()
    {
        var round = await NewRoundAsync();
        var file = TestFormats.Build(TestFormats.RoundJson(round), TestFormats.Provider(round, 0));
        var xlsm = ZipPackages.Rezip(file, (name, content) => name == "[Content_Types].xml"
            ? Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(content)
                .Replace("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "application/vnd.ms-excel.sheet.macroEnabled.main+xml")
                .Replace("</Types>", "<Default Extension=\"bin\" ContentType=\"application/vnd.ms-office.vbaProject\"/></Types>"))
            : content);
        const string xlsmType = "application/vnd.ms-excel.sheet.macroEnabled.12";

        var withMacros = ZipPackages.Rezip(xlsm, (_, c) => c, [("xl/vbaProject.bin", new byte[512])]);
        var refused = await fixture.Client.PostAsync($"/api/rounds/{round}/formats", TestFormats.Xlsx(withMacros, xlsmType));
        await Http.AssertProblemAsync(refused, HttpStatusCode.UnprocessableEntity, "file-refused");
        await AssertNothingStoredAsync(round);

        var stored = await fixture.Client.PostAsync($"/api/rounds/{round}/formats", TestFormats.Xlsx(xlsm, xlsmType));
        Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
        Assert.Equal(1, JsonDocument.Parse(await stored.Content.ReadAsStringAsync()).RootElement.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Texts_too_long_to_store_are_422_and_nothing_is_stored()
    {
        // Each cell is within Excel's 32,767 characters, but together (as findings with their values) they
        // would not fit a version row: refused before the original is stored, not a 500 after.
        var round = await NewRoundAsync();
        var longText = new string('€', 32_000);
        var names = new Dictionary<string, object?>(TestFormats.Provider(round, 0).Names)
        {
            ["Aanbieder_Naam"] = longText, ["Verzuim"] = longText, ["Overhead"] = longText, ["Ondernemersrisico"] = longText,
        };
        var file = TestFormats.Build(TestFormats.RoundJson(round), TestFormats.Provider(round, 0) with { Names = names });

        var response = await fixture.Client.PostAsync($"/api/rounds/{round}/formats", TestFormats.Xlsx(file));

        var problem = await Http.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "format-too-large");
        Assert.Contains("niet bewaard", problem.GetProperty("detail").GetString());
        await AssertNothingStoredAsync(round);
    }

    [Fact]
    public async Task A_multipart_body_without_its_closing_boundary_is_400()
    {
        var round = await NewRoundAsync();
        var file = TestFormats.Build(TestFormats.RoundJson(round), TestFormats.Provider(round, 0));
        var body = new MemoryStream();
        body.Write(Encoding.ASCII.GetBytes("--grens\r\nContent-Disposition: form-data; name=\"file\"; filename=\"format.xlsx\"\r\n" +
                                          "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n"));
        body.Write(file);
        var content = new ByteArrayContent(body.ToArray());
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=grens");

        await Http.AssertProblemAsync(await fixture.Client.PostAsync($"/api/rounds/{round}/formats", content), HttpStatusCode.BadRequest, "bad-multipart");
        await AssertNothingStoredAsync(round);
    }

    [Fact]
    public async Task Other_content_types_are_415()
    {
        var round = await NewRoundAsync();
        var valid = TestFormats.Build(TestFormats.RoundJson(round), TestFormats.Provider(round, 0));
        await Http.AssertProblemAsync(await fixture.Client.PostAsync($"/api/rounds/{round}/formats", TestFormats.Xlsx(valid, "text/csv")),
            HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        await Http.AssertProblemAsync(await fixture.Client.PostAsync($"/api/rounds/{round}/formats", Http.Json("{}")),
            HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        await AssertNothingStoredAsync(round);
    }

    [Fact]
    public async Task A_provider_cannot_upload_or_read_another_agb()
    {
        var round = await NewRoundAsync();
        var file = TestFormats.Build(TestFormats.RoundJson(round), TestFormats.Provider(round, 1)); // AGB 23456789
        using var other = await fixture.ClientAsAsync("provider", "12345678");
        using var own = await fixture.ClientAsAsync("provider", "23456789");

        await Http.AssertProblemAsync(await other.PostAsync($"/api/rounds/{round}/formats", TestFormats.Xlsx(file)),
            HttpStatusCode.Forbidden, "agb-mismatch");
        await AssertNothingStoredAsync(round);
        Assert.Equal(HttpStatusCode.Created, (await own.PostAsync($"/api/rounds/{round}/formats", TestFormats.Xlsx(file))).StatusCode);

        foreach (var path in new[] { $"/api/rounds/{round}/formats/23456789", $"/api/rounds/{round}/formats/23456789/versions" })
        {
            await Http.AssertProblemAsync(await other.GetAsync(path), HttpStatusCode.Forbidden, "agb-mismatch");
            Assert.Equal(HttpStatusCode.OK, (await own.GetAsync(path)).StatusCode);
        }
    }

    [Fact]
    public async Task The_add_in_may_send_its_key_header_from_the_browser()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/rounds/x/formats");
        preflight.Headers.Add("Origin", AppFixture.AddInOrigin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "x-inkoop-key,content-type");
        var response = await fixture.Anonymous.SendAsync(preflight);
        Assert.True(response.IsSuccessStatusCode, response.ToString());
        Assert.Contains("x-inkoop-key", string.Join(",", response.Headers.GetValues("Access-Control-Allow-Headers")), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Route_values_are_checked_before_storage_is_touched()
    {
        var round = await NewRoundAsync();
        var unknown = AppFixture.NewRoundId("f");
        var file = TestFormats.Build(TestFormats.RoundJson(round), TestFormats.Provider(round, 0));

        await Http.AssertProblemAsync(await fixture.Client.PostAsync("/api/rounds/Fout_Id/formats", TestFormats.Xlsx(file)), HttpStatusCode.BadRequest, "invalid-round-id");
        await Http.AssertProblemAsync(await fixture.Client.PostAsync($"/api/rounds/{unknown}/formats", TestFormats.Xlsx(file)), HttpStatusCode.NotFound, "round-not-found");
        await Http.AssertProblemAsync(await fixture.Client.GetAsync($"/api/rounds/{unknown}/formats"), HttpStatusCode.NotFound, "round-not-found");
        await Http.AssertProblemAsync(await fixture.Client.GetAsync($"/api/rounds/{round}/formats/1234567"), HttpStatusCode.BadRequest, "invalid-agb");
        await Http.AssertProblemAsync(await fixture.Client.GetAsync($"/api/rounds/{round}/formats/1234567x/versions"), HttpStatusCode.BadRequest, "invalid-agb");
        await Http.AssertProblemAsync(await fixture.Client.GetAsync($"/api/rounds/{round}/formats/99999999"), HttpStatusCode.NotFound, "format-not-found");
        await Http.AssertProblemAsync(await fixture.Client.GetAsync($"/api/rounds/{round}/formats/99999999/versions"), HttpStatusCode.NotFound, "format-not-found");
        await Http.AssertProblemAsync(await fixture.Client.GetAsync($"/api/rounds/{round}/snapshots/current"), HttpStatusCode.NotFound, "snapshot-not-found");
        await Http.AssertProblemAsync(await fixture.Client.GetAsync($"/api/rounds/{round}/snapshots/20250101T000000000Z-00000000"), HttpStatusCode.NotFound, "snapshot-not-found");
        await Http.AssertProblemAsync(await fixture.Client.GetAsync($"/api/rounds/{round}/snapshots/a_b/export"), HttpStatusCode.BadRequest, "invalid-snapshot-id");
        await Http.AssertProblemAsync(await fixture.Client.PostAsync($"/api/rounds/{round}/snapshots/20250101T000000000Z-00000000/final", null), HttpStatusCode.NotFound, "snapshot-not-found");
        await Http.AssertProblemAsync(await fixture.Client.GetAsync($"/api/rounds/{round}/snapshots/compare?from=x"), HttpStatusCode.BadRequest);
        await Http.AssertProblemAsync(await fixture.Client.PostAsync($"/api/rounds/{unknown}/recalculations", null), HttpStatusCode.NotFound, "round-not-found");
        await AssertNothingStoredAsync(round);
    }
}
