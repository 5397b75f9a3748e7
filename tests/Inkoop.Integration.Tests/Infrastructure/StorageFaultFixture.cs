using System.Net;
using System.Security.Cryptography;
using Inkoop.Storage;

namespace Inkoop.Integration.Tests.Infrastructure;

/// <summary>
/// An app on its own Azurite on disk, for taking storage away mid-work (<see cref="Azurite.StopAsync"/>,
/// <see cref="Azurite.StartAgainAsync"/>) and for killing the app and starting another one on the same storage
/// (<see cref="KillApp"/>, <see cref="StartAnotherAppAsync"/>). Its own collection, so no other test shares storage that goes down.
/// </summary>
public sealed class StorageFaultFixture : IAsyncLifetime
{
    /// <summary>Short, so a test waits little for the circuit to let a call through again after storage came back.</summary>
    public static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(2);

    public Azurite Azurite { get; private set; } = null!;
    public FunctionApp App { get; private set; } = null!;
    public string Key { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Sends the admin key; replaced when the app is (a new process listens on a new port).</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>Direct access for checking what storage holds; use it only while storage is up.</summary>
    public StorageAccount Storage { get; private set; } = null!;

    private Dictionary<string, string?> Environment => new()
    {
        ["Storage__ConnectionString"] = Azurite.ConnectionString,
        ["Storage__BreakDuration"] = BreakDuration.ToString("c"),
        ["Auth__AdminKey"] = Key,
        ["Timers__RunLocally"] = "false",
        ["Cleanup__MinimumAge"] = "00:00:03",
        ["Revalidation__InlineLimit"] = "3",
        // Small batches, so a re-validation run is many writes long and storage can go away in its middle.
        ["Revalidation__BatchSize"] = "8",
        ["Auth__Failures__Limit"] = "1000000",
    };

    public async Task InitializeAsync()
    {
        Azurite = await Azurite.StartOnDiskAsync();
        await StartAppAsync();
        Storage = new StorageAccount(new StorageOptions { ConnectionString = Azurite.ConnectionString });
    }

    private async Task StartAppAsync()
    {
        App = await FunctionApp.StartAsync(Environment);
        Client = new HttpClient { BaseAddress = App.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        Client.DefaultRequestHeaders.Add(AppFixture.KeyHeader, Key);
    }

    /// <summary>Kills the app (SIGKILL); <see cref="StartAnotherAppAsync"/> starts the next one.</summary>
    public void KillApp() => App.Kill();

    /// <summary>Starts a new app process on the same storage, in place of the killed one.</summary>
    public async Task StartAnotherAppAsync()
    {
        Client.Dispose();
        App.Dispose();
        await StartAppAsync();
    }

    /// <summary>Waits until the app reads and writes storage again (readiness 200), without restarting it; returns how long that took.</summary>
    public async Task<TimeSpan> WaitUntilReadyAsync(TimeSpan timeout)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var response = await Client.GetAsync("/api/health/ready");
            if (response.StatusCode == HttpStatusCode.OK) return watch.Elapsed;
            Assert.True(watch.Elapsed < timeout, $"Not ready {timeout} after storage came back: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(100);
        }
    }

    public Task DisposeAsync()
    {
        Client?.Dispose();
        App?.Dispose();
        Azurite?.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class StorageFaultCollection : ICollectionFixture<StorageFaultFixture>
{
    public const string Name = "storage faults";
}
