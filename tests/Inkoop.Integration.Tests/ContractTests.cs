using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cronos;
using Inkoop.Integration.Tests.Infrastructure;

namespace Inkoop.Integration.Tests;

/// <summary>
/// Pins the custom-handler contract (architecture.md): what host.json and every function.json declare is what
/// the executable serves, and timer invocations get the documented payload and answer.
/// </summary>
[Collection(AppCollection.Name)]
public sealed partial class ContractTests(AppFixture fixture)
{
    public sealed record Function(string Name, JsonElement Trigger, JsonElement[] Bindings)
    {
        public string Type => Trigger.GetProperty("type").GetString()!;
        public string? Route => Trigger.TryGetProperty("route", out var r) ? r.GetString() : null;
        public string[] Methods => Trigger.TryGetProperty("methods", out var m) ? m.EnumerateArray().Select(x => x.GetString()!.ToUpperInvariant()).ToArray() : [];
        public override string ToString() => Name;
    }

    /// <summary>The committed function.json files (the ones Azure deploys from the build output).</summary>
    public static IReadOnlyList<Function> Functions(string directory) =>
        Directory.GetDirectories(directory)
            .Select(d => Path.Combine(d, "function.json"))
            .Where(File.Exists)
            .Select(f =>
            {
                var bindings = JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetProperty("bindings").EnumerateArray().Select(b => b.Clone()).ToArray();
                var trigger = bindings.Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger"));
                return new Function(Path.GetFileName(Path.GetDirectoryName(f))!, trigger, bindings);
            })
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();

    private static IReadOnlyList<Function> Http => Functions(Repo.AppSourceDirectory).Where(f => f.Type == "httpTrigger").ToList();
    private static IReadOnlyList<Function> Timers => Functions(Repo.AppSourceDirectory).Where(f => f.Type == "timerTrigger").ToList();

    public static TheoryData<string> HttpFunctionNames() => new(Http.Select(f => f.Name));
    public static TheoryData<string> TimerFunctionNames() => new(Timers.Select(f => f.Name));

    [Fact]
    public void Host_json_declares_the_custom_handler()
    {
        var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repo.AppDirectory, "host.json"))).RootElement;
        Assert.Equal("2.0", host.GetProperty("version").GetString());
        var handler = host.GetProperty("customHandler");
        Assert.Equal("Inkoop.Functions", handler.GetProperty("description").GetProperty("defaultExecutablePath").GetString());
        Assert.True(handler.GetProperty("enableProxyingHttpRequest").GetBoolean());
        Assert.False(handler.TryGetProperty("enableForwardingHttpRequest", out _));
        Assert.Equal("api", host.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
        Assert.StartsWith("Microsoft.Azure.Functions.ExtensionBundle", host.GetProperty("extensionBundle").GetProperty("id").GetString());
        Assert.True(File.Exists(Path.Combine(Repo.AppDirectory, "Inkoop.Functions")) || File.Exists(Path.Combine(Repo.AppDirectory, "Inkoop.Functions.exe")));
    }

    [Fact]
    public void Build_output_holds_every_function_json_unchanged()
    {
        var source = Functions(Repo.AppSourceDirectory);
        foreach (var name in (string[])["Health", "HealthReady", "OpenApiDocument", "ListRounds", "GetRound", "PutRound",
                     "GetRoundTemplate", "RecalculateTariffs", "CloseRepairWindows", "UploadFormat", "ListFormats", "GetFormat",
                     "ListFormatVersions", "StartRecalculation", "ListSnapshots", "GetCurrentSnapshot", "GetSnapshot", "FinalizeSnapshot",
                     "CompareSnapshots", "ExportSnapshot", "ExportCurrentSnapshot"])
            Assert.Contains(source, f => f.Name == name);
        foreach (var f in source)
        {
            var copied = Path.Combine(Repo.AppDirectory, f.Name, "function.json");
            Assert.True(File.Exists(copied), $"{f.Name}/function.json is not in the build output");
            Assert.Equal(File.ReadAllText(Path.Combine(Repo.AppSourceDirectory, f.Name, "function.json")), File.ReadAllText(copied));
        }
    }

    [Theory]
    [MemberData(nameof(HttpFunctionNames))]
    public async Task Every_http_function_is_proxyable_and_served(string name)
    {
        var f = Http.Single(x => x.Name == name);
        // Proxying needs exactly one httpTrigger in and one http out.
        Assert.Equal(2, f.Bindings.Length);
        Assert.Single(f.Bindings, b => b.GetProperty("type").GetString() == "http" && b.GetProperty("direction").GetString() == "out");
        // The app is the authority (x-inkoop-key, roles): the host lets every request through.
        Assert.Equal("anonymous", f.Trigger.GetProperty("authLevel").GetString());
        Assert.False(f.Route!.StartsWith("admin", StringComparison.OrdinalIgnoreCase), "the Functions host refuses routes starting with admin");
        Assert.NotNull(f.Route);
        Assert.NotEmpty(f.Methods);

        foreach (var method in f.Methods)
        {
            var path = "/api/" + Placeholder().Replace(AppRoute(f.Route!), "contract-check");
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method is "PUT" or "POST") request.Content = Infrastructure.Http.Json("{}");
            var response = await fixture.Client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.NotEqual(HttpStatusCode.MethodNotAllowed, response.StatusCode);
            // 415 is fine: path and method matched, only our probe's body type did not.
            Assert.DoesNotContain("route-not-found", body);
            Assert.True((int)response.StatusCode < 500, $"{method} {path}: {(int)response.StatusCode} {body}");
        }
    }

    [Theory]
    [MemberData(nameof(TimerFunctionNames))]
    public async Task Every_timer_schedule_parses_and_the_invocation_is_answered(string name)
    {
        var f = Timers.Single(x => x.Name == name);
        var schedule = f.Trigger.GetProperty("schedule").GetString()!;
        Assert.Equal(6, schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length); // NCRONTAB: with seconds
        var cron = CronExpression.Parse(schedule, CronFormat.IncludeSeconds);
        Assert.NotNull(cron.GetNextOccurrence(DateTime.UtcNow));

        var binding = f.Trigger.GetProperty("name").GetString()!;
        var payload = $$"""
            {
              "Data": { "{{binding}}": { "Schedule": { "AdjustForDST": true }, "ScheduleStatus": { "Last": "2025-01-01T02:00:00+00:00", "Next": "2025-01-02T02:00:00+00:00", "LastUpdated": "2025-01-01T02:00:00+00:00" }, "IsPastDue": false } },
              "Metadata": { "sys": { "MethodName": "{{name}}", "UtcNow": "2025-01-02T02:00:00.0123Z", "RandGuid": "{{Guid.NewGuid()}}" } }
            }
            """;
        var response = await fixture.Client.PostAsync("/" + name, Infrastructure.Http.Json(payload));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        var answer = JsonDocument.Parse(body).RootElement;
        Assert.Equal(JsonValueKind.Object, answer.GetProperty("Outputs").ValueKind);
        Assert.Equal(JsonValueKind.Array, answer.GetProperty("Logs").ValueKind);
        Assert.NotEmpty(answer.GetProperty("Logs").EnumerateArray());
        Assert.True(answer.TryGetProperty("ReturnValue", out _));

        // The first run has no ScheduleStatus yet.
        var first = await fixture.Client.PostAsync("/" + name, Infrastructure.Http.Json(
            $$"""{ "Data": { "{{binding}}": { "Schedule": { "AdjustForDST": true }, "ScheduleStatus": null, "IsPastDue": true } }, "Metadata": {} }"""));
        Assert.True(first.IsSuccessStatusCode, await first.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenApi_document_lists_every_http_route_and_nothing_the_host_would_not_proxy()
    {
        var document = JsonDocument.Parse(await fixture.Anonymous.GetStringAsync("/api/openapi.json")).RootElement;
        var paths = document.GetProperty("paths");
        var documented = paths.EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => $"{m.Name.ToUpperInvariant()} {p.Name}"))
            .ToHashSet();
        // The document and its reference page do not describe themselves.
        var declared = Http.Where(f => f.Name is not ("OpenApiDocument" or "ApiReference"))
            .SelectMany(f => f.Methods.Select(m => $"{m} /api/{AppRoute(f.Route!).Replace("{*", "{")}"))
            .ToHashSet();
        Assert.Equal(declared.Order(), documented.Order());
        Assert.True(document.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("inkoopKey", out _));
    }

    /// <summary>
    /// The path the app serves for a function.json route: a segment constrained to one literal (<c>{area:regex(^admin$)}</c>,
    /// how the admin routes get past the host's reservation of routes starting with <c>admin</c>) is that literal.
    /// </summary>
    public static string AppRoute(string route) => LiteralSegment().Replace(route, m => m.Groups[1].Value);

    [Theory]
    [InlineData("/api/rounds/{round}/formats")]
    [InlineData("/api/tenders/{tender}/bids")]
    [InlineData("/api/lumpsums/{year}/realisation/{quarter}/{agb}/{segment}")]
    public async Task Every_upload_route_documents_its_body_as_the_file_itself_or_one_multipart_file(string path)
    {
        var document = JsonDocument.Parse(await fixture.Anonymous.GetStringAsync("/api/openapi.json")).RootElement;
        var content = document.GetProperty("paths").GetProperty(path).GetProperty("post").GetProperty("requestBody").GetProperty("content");
        foreach (var type in (string[])["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/octet-stream"])
        {
            var schema = content.GetProperty(type).GetProperty("schema");
            Assert.Equal("string", schema.GetProperty("type").GetString());
            Assert.Equal("binary", schema.GetProperty("format").GetString());
        }
        var file = content.GetProperty("multipart/form-data").GetProperty("schema").GetProperty("properties").GetProperty("file");
        Assert.Equal("binary", file.GetProperty("format").GetString());
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\{[a-z]+:regex\(\^([a-z]+)\$\)\}")]
    private static partial Regex LiteralSegment();
}
