using System.Net.Http.Json;

namespace Inkoop.Integration.Tests.Infrastructure;

/// <summary>The real function app executable (build output), started as a process on a free loopback port.</summary>
public sealed class FunctionApp : IDisposable
{
    private readonly ChildProcess _process;

    private FunctionApp(ChildProcess process, Uri baseAddress, string workingDirectory)
    {
        _process = process;
        BaseAddress = baseAddress;
        WorkingDirectory = workingDirectory;
    }

    public Uri BaseAddress { get; }
    public string WorkingDirectory { get; }
    public string Output => _process.Output;
    public int ProcessId => _process.Id;

    /// <summary>
    /// Starts the app. <paramref name="underHost"/>: pass the port as FUNCTIONS_CUSTOMHANDLER_PORT, the way the
    /// Functions host does; else as Urls, the way run.sh does. The working directory is a fresh temp folder.
    /// </summary>
    public static async Task<FunctionApp> StartAsync(IDictionary<string, string?> environment, bool underHost = true, string? appDirectory = null)
    {
        var executable = Path.Combine(appDirectory ?? Repo.AppDirectory, OperatingSystem.IsWindows() ? "Inkoop.Functions.exe" : "Inkoop.Functions");
        if (!File.Exists(executable)) throw new FileNotFoundException("Build the function app first.", executable);
        var port = Repo.FreePort();
        var work = Directory.CreateTempSubdirectory("inkoop-app-").FullName;
        var env = new Dictionary<string, string?>(environment)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Logging__LogLevel__Default"] = environment.TryGetValue("Logging__LogLevel__Default", out var l) ? l : "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        };
        if (underHost) env["FUNCTIONS_CUSTOMHANDLER_PORT"] = $"{port}";
        else env["Urls"] = $"http://127.0.0.1:{port}";

        var process = new ChildProcess(executable, [], work, env);
        var app = new FunctionApp(process, new Uri($"http://127.0.0.1:{port}"), work);
        try
        {
            using var client = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (true)
            {
                if (process.HasExited) throw new InvalidOperationException("The app exited:\n" + process.Output);
                try
                {
                    if ((await client.GetAsync("/api/health")).IsSuccessStatusCode) break;
                }
                catch (HttpRequestException) { }
                catch (TaskCanceledException) { }
                if (DateTime.UtcNow > deadline) throw new TimeoutException("The app did not answer /api/health in 120 s:\n" + process.Output);
                await Task.Delay(100);
            }
        }
        catch
        {
            app.Dispose();
            throw;
        }
        return app;
    }

    /// <summary>Kills the app at once (SIGKILL): no shutdown, whatever it was writing stays as far as it got.</summary>
    public void Kill() => _process.Kill();

    public void Dispose()
    {
        _process.Dispose();
        try { Directory.Delete(WorkingDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
