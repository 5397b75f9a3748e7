using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Inkoop.Integration.Tests.Infrastructure;

namespace Inkoop.Integration.Tests;

/// <summary>
/// The contract as integrators get it: the OpenAPI document the app really serves passes Redocly's linter (the
/// @redocly/cli of the root package.json, its recommended rules) with no error and no warning, and the reference page
/// at /api/docs/ (Scalar) is anonymous, loads only the app's own files and renders under its Content-Security-Policy.
/// </summary>
[Collection(AppCollection.Name)]
public sealed partial class ApiReferenceTests(AppFixture fixture)
{
    [Fact]
    public async Task The_served_document_lints_clean_with_redocly_recommended_rules()
    {
        var cli = Path.Combine(Repo.Root, "node_modules", "@redocly", "cli", "bin", "cli.js");
        Assert.True(File.Exists(cli), $"{cli} is missing: run npm ci in the repository root.");
        var folder = Directory.CreateTempSubdirectory("inkoop-lint-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "openapi.json"), await fixture.Anonymous.GetStringAsync("/api/openapi.json"));
            // The recommended rules, nothing switched off, no ignore file.
            await File.WriteAllTextAsync(Path.Combine(folder, "redocly.yaml"), "extends:\n  - recommended\n");
            // The report (stdout) apart from the notices the CLI writes on stderr.
            using var node = new ChildProcess("sh", ["-c", $"exec node '{cli}' lint openapi.json --config redocly.yaml --format=json > report.json"],
                folder, new Dictionary<string, string?> { ["REDOCLY_TELEMETRY"] = "off", ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true" });
            var exit = await node.WaitForExitAsync(TimeSpan.FromMinutes(2));
            Assert.True(File.Exists(Path.Combine(folder, "report.json")), node.Output);
            var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "report.json"))).RootElement;
            var problems = string.Join("\n", report.GetProperty("problems").EnumerateArray()
                .Select(p => $"{p.GetProperty("severity").GetString()} {p.GetProperty("ruleId").GetString()}: {p.GetProperty("message").GetString()}"));
            Assert.Equal("2.77.0", report.GetProperty("version").GetString());
            Assert.True(report.GetProperty("totals").GetProperty("errors").GetInt32() == 0, problems);
            Assert.True(report.GetProperty("totals").GetProperty("warnings").GetInt32() == 0, problems);
            Assert.Equal(0, report.GetProperty("totals").GetProperty("ignored").GetInt32());
            Assert.Equal(0, exit);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Every_operation_that_touches_storage_lists_503_as_a_problem()
    {
        var document = JsonNode.Parse(await fixture.Anonymous.GetStringAsync("/api/openapi.json"))!;
        var storageFree = new[] { "Health", "Web" };
        var missing = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Where(o => o.Value?["responses"] is not null).Select(o => (Path: path.Key, Method: o.Key, Operation: o.Value!)))
            .Where(o => !o.Operation["tags"]!.AsArray().Any(t => storageFree.Contains(t!.GetValue<string>())))
            .Where(o => o.Operation["responses"]!["503"]?["content"]?["application/problem+json"] is null)
            .Select(o => $"{o.Method.ToUpperInvariant()} {o.Path}")
            .ToList();
        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }

    [Fact]
    public async Task The_add_ins_contract_is_the_document_the_app_serves()
    {
        // The add-in's build generates its API types from addin/openapi.json (addin/build/contract.mjs) and type-checks
        // against them; this keeps that file the app's real contract.
        var served = JsonNode.Parse(await fixture.Anonymous.GetStringAsync("/api/openapi.json"))!.AsObject();
        served.Remove("servers");
        var contract = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Repo.Root, "addin", "openapi.json")));
        Assert.True(JsonNode.DeepEquals(served, contract),
            "addin/openapi.json is not the document the app serves: refresh it from a running app (./run.sh) with " +
            "`node addin/build/contract.mjs --from http://127.0.0.1:7071`, then build the add-in (npm run build in addin/).");
    }

    [Fact]
    public async Task The_reference_page_is_anonymous_and_its_scripts_are_the_apps_own_with_a_fresh_nonce()
    {
        var page = await fixture.Anonymous.GetAsync("/api/docs/");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var policy = string.Join(" ", page.Headers.GetValues("Content-Security-Policy"));
        var nonce = Regex.Match(policy, "script-src 'self' 'nonce-([^']+)'").Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.DoesNotContain("unsafe-inline' 'nonce", policy);
        Assert.DoesNotContain("unsafe-eval", policy);
        var scripts = ScriptTag().Matches(html).Select(m => m.Value).ToList();
        Assert.NotEmpty(scripts);
        Assert.All(scripts, s => Assert.Contains($"nonce=\"{nonce}\"", s));
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html); // nothing from a CDN
        // A new nonce for every answer.
        var again = await fixture.Anonymous.GetAsync("/api/docs/");
        Assert.DoesNotContain(nonce, string.Join(" ", again.Headers.GetValues("Content-Security-Policy")));

        var script = await fixture.Anonymous.GetAsync("/api/docs/scalar.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Contains("javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.True((await script.Content.ReadAsByteArrayAsync()).Length > 100_000);
    }

    [BrowserFact]
    public async Task The_reference_renders_the_document_in_chromium_without_a_policy_violation_or_a_foreign_request()
    {
        using var node = new ChildProcess("node", [Path.Combine(Repo.Root, "tests", "web", "api-docs.mjs"),
            "--url", fixture.App.BaseAddress.ToString(), "--screenshots", Path.Combine(Repo.Root, "tests", "web", "screenshots")], Repo.Root);
        var exit = await node.WaitForExitAsync(TimeSpan.FromSeconds(90));
        Assert.True(exit == 0, $"api-docs.mjs exited with {exit?.ToString() ?? "nothing (killed)"}:\n{node.Output}");
        Assert.Contains("ok - no Content-Security-Policy violation", node.Output);
        Assert.Contains("ok - nothing is loaded from another origin (no CDN)", node.Output);
    }

    [GeneratedRegex("<script[^>]*>")]
    private static partial Regex ScriptTag();
}
