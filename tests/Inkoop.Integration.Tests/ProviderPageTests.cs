using System.Net;
using System.Text;
using Inkoop.Domain.Formats;
using Inkoop.Excel;
using Inkoop.Integration.Tests.Infrastructure;
using Inkoop.Tests.Shared;

namespace Inkoop.Integration.Tests;

/// <summary>
/// The provider upload page in Debian's Chromium against the real app and Azurite: tests/web/provider-page.mjs
/// (playwright-core, axe-core) signs in with a provider key, downloads the empty format, sees refused files' messages,
/// uploads a format with errors, reads the findings rows, uploads the repair and sees it accepted. Its screenshots are
/// kept in tests/web/screenshots/ (gitignored).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ProviderPageTests(AppFixture fixture)
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    [BrowserFact]
    public async Task A_provider_uploads_a_format_sees_the_findings_repairs_it_and_sees_it_accepted()
    {
        Assert.True(File.Exists(BrowserFactAttribute.Chromium),
            $"{BrowserFactAttribute.Chromium} is missing: .ci/run installs Debian's chromium (apt-get install -y chromium).");
        var round = AppFixture.NewRoundId("page");
        var json = TestFormats.RoundJson(round);
        Assert.Equal(HttpStatusCode.Created, (await fixture.Client.PutAsync($"/api/rounds/{round}", Http.Json(json))).StatusCode);
        var (_, key) = await fixture.IssueKeyAsync("provider", TestFormats.Agbs[3]);

        var folder = Directory.CreateTempSubdirectory("inkoop-page-").FullName;
        try
        {
            // The fourth provider of the worked example has Verzuim 0.31 (an error until repaired); here also an e-mail
            // address of the wrong shape (an error) and its training hours typed as text (a warning the repair keeps).
            var provider = TestFormats.Provider(round, 3);
            FormatValues With(decimal verzuim, string email) => provider with
            {
                Names = new Dictionary<string, object?>(provider.Names)
                {
                    [FormatSchema.Verzuim] = verzuim, [FormatSchema.AanbiederEmail] = email, [FormatSchema.ScholingsurenFte] = "30",
                },
            };
            var withErrors = TestFormats.Build(json, With(0.31m, "tarieven-at-zorg.nl"));
            var repaired = TestFormats.Build(json, With(0.06m, "tarieven@zorg.nl"));
            var tooLarge = new byte[10 * 1024 * 1024 + 1];
            tooLarge[0] = 0x50; tooLarge[1] = 0x4B; tooLarge[2] = 0x03; tooLarge[3] = 0x04; // a zip by its first bytes: only the size refuses it
            var files = new Dictionary<string, byte[]>
            {
                ["format-met-fouten.xlsx"] = withErrors,
                ["format-hersteld.xlsx"] = repaired,
                ["notities.xlsx"] = Encoding.UTF8.GetBytes("AGB;Verzuim\n45678901;0,06\n"),
                ["met-macros.xlsx"] = ZipPackages.Rezip(repaired, (_, c) => c, [("xl/vbaProject.bin", new byte[2048])]),
                ["te-groot.xlsx"] = tooLarge,
                ["ander-agb.xlsx"] = TestFormats.Build(json, TestFormats.Provider(round, 0)),
            };
            foreach (var (name, bytes) in files) await File.WriteAllBytesAsync(Path.Combine(folder, name), bytes);
            string In(string name) => Path.Combine(folder, name);

            var (exitCode, output) = await RunNodeAsync(Path.Combine(Repo.Root, "tests", "web", "provider-page.mjs"),
                "--url", fixture.App.BaseAddress.ToString(), $"--key={key}", "--round", round,
                "--errors", In("format-met-fouten.xlsx"), "--repair", In("format-hersteld.xlsx"),
                "--refused", $"file-unreadable={In("notities.xlsx")}",
                "--refused", $"file-refused={In("met-macros.xlsx")}",
                "--refused", $"payload-too-large={In("te-groot.xlsx")}",
                "--refused", $"agb-mismatch={In("ander-agb.xlsx")}",
                "--region", AppFixture.RegionName, "--contact", AppFixture.RegionContact,
                "--screenshots", Path.Combine(Repo.Root, "tests", "web", "screenshots"));

            Assert.True(exitCode == 0, $"provider-page.mjs exited with {exitCode}:\n{output}");
            Assert.DoesNotContain("not ok", output);
            Assert.Contains("ok - a format with errors reads 'Herstel nodig'", output);
            Assert.Contains("ok - the repaired format reads 'Geaccepteerd'", output);
            // The finding the page shows is the one the app made: Verzuim 0,31 outside its band.
            Assert.Contains(output.Split('\n'), line => line.StartsWith("finding: ") && line.Contains("0,31") && line.EndsWith("| Fout"));
            Assert.Contains(output.Split('\n'), line => line.StartsWith("finding: ") && line.EndsWith("| Waarschuwing"));
            foreach (var code in new[] { "file-unreadable", "file-refused", "payload-too-large", "agb-mismatch" })
                Assert.Contains(output.Split('\n'), line => line.StartsWith("refused ") && line.Contains($": {code}: "));

            // What the page showed is what was stored: the repair is the latest version, accepted.
            using var asProvider = fixture.ClientWith(key);
            var latest = System.Text.Json.JsonDocument.Parse(
                await asProvider.GetStringAsync($"/api/rounds/{round}/formats/{TestFormats.Agbs[3]}")).RootElement;
            Assert.Equal("accepted", latest.GetProperty("status").GetString());
            Assert.Equal(2, latest.GetProperty("version").GetInt32());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Runs node with <paramref name="arguments"/>; killed (with Chromium) when it outlives <see cref="Limit"/>.</summary>
    private static async Task<(int ExitCode, string Output)> RunNodeAsync(params string[] arguments)
    {
        using var node = new ChildProcess("node", [.. arguments, "--timeout", $"{(int)Limit.TotalSeconds - 15}"], Repo.Root);
        var exit = await node.WaitForExitAsync(Limit);
        return exit is null ? (-1, $"killed after {Limit}:\n{node.Output}") : (exit.Value, node.Output);
    }
}

/// <summary>
/// A test that needs Debian's Chromium (/usr/bin/chromium). Without it the test is skipped with a message locally, but
/// in CI (CI=true) it runs and fails, so a missing browser never passes silently.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public const string Chromium = "/usr/bin/chromium";

    public BrowserFactAttribute()
    {
        if (!File.Exists(Chromium) && Environment.GetEnvironmentVariable("CI") != "true")
            Skip = $"{Chromium} is missing: install Debian's chromium (apt-get install -y chromium) to run the browser test.";
    }
}
