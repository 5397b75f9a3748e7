namespace Inkoop.Integration.Tests.Infrastructure;

/// <summary>Azurite from the repository's node_modules (npm ci when missing), in memory, on free loopback ports.</summary>
public sealed class Azurite : IDisposable
{
    private static readonly SemaphoreSlim Install = new(1, 1);
    private readonly ChildProcess _process;

    private Azurite(ChildProcess process, int blobPort, int tablePort)
    {
        _process = process;
        ConnectionString =
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
            "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
            $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";
    }

    public string ConnectionString { get; }

    public string Output => _process.Output;

    public static async Task<Azurite> StartAsync()
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

        int blob = Repo.FreePort(), queue = Repo.FreePort(), table = Repo.FreePort();
        var process = new ChildProcess("node",
        [
            script, "--blobHost", "127.0.0.1", "--blobPort", $"{blob}", "--queueHost", "127.0.0.1", "--queuePort", $"{queue}",
            "--tableHost", "127.0.0.1", "--tablePort", $"{table}", "--inMemoryPersistence", "--skipApiVersionCheck", "--loose",
            "--disableTelemetry",
        ], Repo.Root);
        try
        {
            await ChildProcess.WaitForPortAsync(blob, process, TimeSpan.FromSeconds(120));
            await ChildProcess.WaitForPortAsync(table, process, TimeSpan.FromSeconds(120));
        }
        catch
        {
            process.Dispose();
            throw;
        }
        return new Azurite(process, blob, table);
    }

    public void Dispose() => _process.Dispose();
}
