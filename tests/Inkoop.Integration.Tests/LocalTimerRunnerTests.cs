using Inkoop.Integration.Tests.Infrastructure;

namespace Inkoop.Integration.Tests;

/// <summary>
/// The local timer runner reads the schedules from the function.json files beside the executable and calls
/// the timer endpoints itself: checked on a copy of the app whose RecalculateTariffs runs every second.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class LocalTimerRunnerTests(AppFixture fixture) : IDisposable
{
    private readonly string _copy = Directory.CreateTempSubdirectory("inkoop-timers-").FullName;

    [Fact]
    public async Task Runs_the_timer_on_the_schedule_in_function_json()
    {
        CopyDirectory(Repo.AppDirectory, _copy);
        var manifest = Path.Combine(_copy, "RecalculateTariffs", "function.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("\"0 0 2 * * *\"", "\"*/1 * * * * *\""));
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(Path.Combine(_copy, "Inkoop.Functions"), File.GetUnixFileMode(Path.Combine(Repo.AppDirectory, "Inkoop.Functions")));

        using var app = await FunctionApp.StartAsync(new Dictionary<string, string?>
        {
            ["Storage__ConnectionString"] = fixture.Azurite.ConnectionString,
            ["Logging__LogLevel__Default"] = "Information",
        }, underHost: false, appDirectory: _copy);

        const string done = "ronde(s)."; // the endpoint's own log line ("RecalculateTariffs: 3 ronde(s).")
        for (var i = 0; i < 200 && !app.Output.Contains(done); i++) await Task.Delay(100); // up to 20 s on a busy machine
        Assert.Contains("Local timer RecalculateTariffs: */1 * * * * *", app.Output);
        Assert.Contains("Local timer: invoking RecalculateTariffs.", app.Output);
        Assert.Contains(done, app.Output); // the call went through, key and all
        Assert.DoesNotContain("Local timer RecalculateTariffs failed", app.Output);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }

    public void Dispose()
    {
        try { Directory.Delete(_copy, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
