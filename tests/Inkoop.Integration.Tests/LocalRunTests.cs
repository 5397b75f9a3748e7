using System.Net;
using Inkoop.Integration.Tests.Infrastructure;

namespace Inkoop.Integration.Tests;

/// <summary>
/// The app as run.sh starts it (no Functions host): it generates and prints an admin key on first run, runs the
/// timers itself, and reports unreachable storage as 503 problem+json, on readiness and on other routes.
/// </summary>
public sealed class LocalRunTests
{
    [Fact]
    public async Task Without_host_and_key_it_generates_a_key_runs_timers_and_fails_cleanly_without_storage()
    {
        var closed = Repo.FreePort(); // nothing listens here
        using var app = await FunctionApp.StartAsync(new Dictionary<string, string?>
        {
            ["Storage__ConnectionString"] =
                "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
                $"BlobEndpoint=http://127.0.0.1:{closed}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{closed}/devstoreaccount1;",
            ["Storage__MaxRetries"] = "0",
            ["Logging__LogLevel__Default"] = "Information",
        }, underHost: false);

        var keyFile = Path.Combine(app.WorkingDirectory, ".inkoop", "admin-key");
        Assert.True(File.Exists(keyFile), app.Output);
        var key = File.ReadAllText(keyFile).Trim();
        Assert.True(key.Length >= 32);
        await WaitUntilAsync(() => app.Output.Contains(key), app); // printed for the developer
        Assert.Contains("Local timer RecalculateTariffs", app.Output);
        Assert.Contains("Local timer CloseRepairWindows", app.Output);

        using var client = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/rounds")).StatusCode);
        // Outside the Functions host nobody calls the timers without a key.
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/RecalculateTariffs", Http.Json("""{ "Data": {}, "Metadata": {} }"""))).StatusCode);
        client.DefaultRequestHeaders.Add(AppFixture.KeyHeader, key);

        await Http.AssertProblemAsync(await client.GetAsync("/api/health/ready"), HttpStatusCode.ServiceUnavailable, "storage-unavailable");
        var failed = await client.GetAsync("/api/rounds");
        var problem = await Http.AssertProblemAsync(failed, HttpStatusCode.ServiceUnavailable, "storage-unavailable");
        Assert.True(problem.TryGetProperty("traceId", out _));
        Assert.DoesNotContain("Exception", problem.ToString());
    }

    private static async Task WaitUntilAsync(Func<bool> condition, FunctionApp app)
    {
        for (var i = 0; i < 50 && !condition(); i++) await Task.Delay(100);
        Assert.True(condition(), app.Output);
    }
}
