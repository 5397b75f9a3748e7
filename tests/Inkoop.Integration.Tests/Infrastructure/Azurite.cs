namespace Inkoop.Integration.Tests.Infrastructure;

/// <summary>
/// Azurite from the repository's node_modules (npm ci when missing), on free loopback ports: in memory
/// (<see cref="StartAsync"/>), or on disk in a fresh temp folder (<see cref="StartOnDiskAsync"/>), which can be stopped
/// and started again on the same ports with its data, to take storage away from a running app and give it back.
/// </summary>
public sealed class Azurite : IDisposable
{
    private static readonly SemaphoreSlim Install = new(1, 1);
    private readonly int _blob, _queue, _table;
    private readonly string? _location;
    private ChildProcess? _process;

    private Azurite(int blob, int queue, int table, string? location)
    {
        (_blob, _queue, _table, _location) = (blob, queue, table, location);
        ConnectionString =
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
            "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
            $"BlobEndpoint=http://127.0.0.1:{blob}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{table}/devstoreaccount1;";
    }

    public string ConnectionString { get; }

    public string Output => _process?.Output ?? "";

    /// <summary>In memory: fast, and gone with the process.</summary>
    public static Task<Azurite> StartAsync() => StartAsync(location: null);

    /// <summary>On disk in a fresh temp folder (removed on dispose), so <see cref="StopAsync"/> and <see cref="StartAgainAsync"/> keep the data.</summary>
    public static Task<Azurite> StartOnDiskAsync() => StartAsync(Directory.CreateTempSubdirectory("inkoop-azurite-").FullName);

    private static async Task<Azurite> StartAsync(string? location)
    {
        var azurite = new Azurite(Repo.FreePort(), Repo.FreePort(), Repo.FreePort(), location);
        try
        {
            await azurite.StartProcessAsync();
        }
        catch
        {
            azurite.Dispose();
            throw;
        }
        return azurite;
    }

    /// <summary>
    /// Stops Azurite the way an operator would (SIGTERM: it closes its servers and saves its database), so every write
    /// it acknowledged is kept. Its ports refuse connections until <see cref="StartAgainAsync"/>.
    /// </summary>
    public async Task StopAsync()
    {
        if (_location is null) throw new InvalidOperationException("An in-memory Azurite loses its data when stopped; use StartOnDiskAsync.");
        if (_process is null) return;
        await _process.StopAsync(TimeSpan.FromSeconds(20));
        _process.Dispose();
        _process = null;
    }

    /// <summary>Starts the stopped Azurite again, on the same ports and folder.</summary>
    public Task StartAgainAsync()
    {
        if (_location is null) throw new InvalidOperationException("Only an on-disk Azurite can be started again.");
        if (_process is not null) throw new InvalidOperationException("Azurite is running.");
        return StartProcessAsync();
    }

    private async Task StartProcessAsync()
    {
        var script = Path.Combine(Repo.Root, "node_modules", "azurite", "dist", "src", "azurite.js");
        await Install.WaitAsync();
        try
        {
            if (!File.Exists(script))
            {
                using var npm = new ChildProcess("npm", ["ci", "--no-audit", "--no-fund"], Repo.Root);
                var deadline = DateTime.UtcNow.AddMinutes(5);
                while (!npm.HasExited && DateTime.UtcNow < deadline) await Task.Delay(200);
                if (!File.Exists(script)) throw new InvalidOperationException("npm ci did not install azurite:\n" + npm.Output);
            }
        }
        finally
        {
            Install.Release();
        }

        string[] persistence = _location is null ? ["--inMemoryPersistence"] : ["--location", _location];
        var process = new ChildProcess("node",
        [
            script, "--blobHost", "127.0.0.1", "--blobPort", $"{_blob}", "--queueHost", "127.0.0.1", "--queuePort", $"{_queue}",
            "--tableHost", "127.0.0.1", "--tablePort", $"{_table}", .. persistence, "--skipApiVersionCheck", "--loose",
            "--disableTelemetry",
        ], Repo.Root);
        try
        {
            await ChildProcess.WaitForPortAsync(_blob, process, TimeSpan.FromSeconds(120));
            await ChildProcess.WaitForPortAsync(_table, process, TimeSpan.FromSeconds(120));
        }
        catch
        {
            process.Dispose();
            throw;
        }
        _process = process;
    }

    public void Dispose()
    {
        _process?.Dispose();
        _process = null;
        if (_location is null) return;
        try { Directory.Delete(_location, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
