using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;
using Inkoop.Excel;
using Inkoop.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Inkoop.Integration.Tests;

/// <summary>The Excel add-in as the app serves it: manifests with the app's own URL, and the task pane end to end.</summary>
[Collection(AppCollection.Name)]
public sealed class AddinTests(AppFixture fixture, ITestOutputHelper output)
{
    private string Origin => fixture.App.BaseAddress.GetLeftPart(UriPartial.Authority);

    [Fact]
    public async Task The_manifests_carry_the_url_of_the_app_that_serves_them()
    {
        var xml = await fixture.Anonymous.GetAsync("/api/addin/manifest.xml");
        Assert.Equal(HttpStatusCode.OK, xml.StatusCode);
        Assert.Equal("application/xml", xml.Content.Headers.ContentType!.MediaType);
        var text = await xml.Content.ReadAsStringAsync();
        Assert.Contains($"<SourceLocation DefaultValue=\"{Origin}/api/web/addin/taskpane.html\"/>", text);
        Assert.Contains($"<AppDomain>{Origin}</AppDomain>", text);
        Assert.DoesNotContain("invalid", text);

        var json = JsonNode.Parse(await fixture.Anonymous.GetStringAsync("/api/addin/manifest.json"))!;
        var runtime = json["extensions"]![0]!["runtimes"]![0]!;
        Assert.Equal($"{Origin}/api/web/addin/taskpane.html", (string?)runtime["code"]!["page"]);
        Assert.Equal($"{Origin}/api/web/addin/functions.json", (string?)runtime["customFunctions"]!["metadataUrl"]);
        Assert.Equal(fixture.App.BaseAddress.Authority, (string?)json["validDomains"]![0]);

        using var zip = new ZipArchive(await fixture.Anonymous.GetStreamAsync("/api/addin/inkoop-excel.zip"));
        Assert.Equal(["color.png", "manifest.json", "outline.png"], zip.Entries.Select(e => e.FullName).Order());
        Assert.Equal(404, (int)(await fixture.Anonymous.GetAsync("/api/addin/appsettings.json")).StatusCode);
    }

    [Fact]
    public async Task The_configured_base_url_wins_over_the_request()
    {
        using var app = await FunctionApp.StartAsync(new Dictionary<string, string?>
        {
            ["Storage__ConnectionString"] = fixture.Azurite.ConnectionString,
            ["Timers__RunLocally"] = "false",
            ["Auth__AdminKey"] = fixture.Key,
            ["Addin__BaseUrl"] = "https://func-inkoop.azurewebsites.net/ignored/path",
        });
        using var client = new HttpClient { BaseAddress = app.BaseAddress };
        var text = await client.GetStringAsync("/api/addin/manifest.xml");
        Assert.Contains("<SourceLocation DefaultValue=\"https://func-inkoop.azurewebsites.net/api/web/addin/taskpane.html\"/>", text);
        Assert.DoesNotContain("127.0.0.1", text);
    }

    /// <summary>
    /// addin/test/e2e.mjs in Debian's Chromium against the real app: connect, insert tariffs, a new provider and a
    /// recalculation, refresh in place, custom functions, no request off the machine; screenshot in addin/test/output/.
    /// </summary>
    [Fact]
    public async Task Task_pane_inserts_and_refreshes_tariffs_in_place_and_the_custom_functions_answer()
    {
        var round = AppFixture.NewRoundId("addin");
        var config = DemoFormats.RoundJson.Replace(DemoFormats.RoundId, round);
        (await fixture.Client.PutAsync($"/api/rounds/{round}", new StringContent(config, System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        // The demo's providers, as formats of this round.
        var demo = DemoFormats.Research2023().Select(f => f.Values with
        {
            Names = new Dictionary<string, object?>(f.Values.Names) { [Inkoop.Domain.Formats.FormatSchema.OnderzoekRonde] = round },
        }).ToList();
        int[] first = [0, 1, 2, 3, 4, 5, 38, 39, 40, 41, 59, 60];
        foreach (var i in first)
        {
            var upload = await fixture.Client.PostAsync($"/api/rounds/{round}/formats", TestFormats.Xlsx(TestFormats.Build(config, demo[i])));
            Assert.True(upload.IsSuccessStatusCode, await upload.Content.ReadAsStringAsync());
        }
        (await fixture.Client.PostAsync($"/api/rounds/{round}/recalculations", null)).EnsureSuccessStatusCode();
        var later = Path.Combine(Directory.CreateTempSubdirectory("inkoop-addin-").FullName, "later.xlsx");
        await File.WriteAllBytesAsync(later, TestFormats.Build(config, demo[6]));

        // 500 products (none computable without formats): the timing of a 500-row table.
        var big = AppFixture.NewRoundId("groot");
        var bigConfig = JsonNode.Parse(DemoFormats.RoundJson)!;
        bigConfig["round"] = big;
        bigConfig["products"] = new JsonArray(Enumerable.Range(1, 500)
            .Select(i => (JsonNode)new JsonObject { ["code"] = $"P{i:D4}", ["name"] = $"Product {i}", ["unit"] = "uur" }).ToArray());
        bigConfig["trajectories"] = new JsonArray();
        (await fixture.Client.PutAsync($"/api/rounds/{big}", new StringContent(bigConfig.ToJsonString(), System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        (await fixture.Client.PostAsync($"/api/rounds/{big}/recalculations", null)).EnsureSuccessStatusCode();

        // The analyst's own key, as the pane sends it (x-inkoop-key).
        var (_, analystKey) = await fixture.IssueKeyAsync("analyst");
        var app = fixture.App;
        var screenshot = Path.Combine(Repo.Root, "addin", "test", "output", "taskpane.png");
        using var e2e = new ChildProcess("node",
            ["addin/test/e2e.mjs", "--url", app.BaseAddress.ToString(), $"--key={analystKey}", "--round", round, "--upload", later,
             "--big-round", big, "--screenshot", screenshot],
            Repo.Root);
        var exit = await e2e.WaitForExitAsync(TimeSpan.FromMinutes(3));
        output.WriteLine(e2e.Output); // the checks and the measurements
        Assert.True(exit == 0, $"e2e exit {exit?.ToString() ?? "(timeout)"}:\n{e2e.Output}");
        Assert.Contains("e2e: all checks passed", e2e.Output);
        Assert.True(File.Exists(screenshot));
    }
}
