using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Inkoop.Storage;

/// <summary><c>Leases:Duration</c> (15-60 s, as Blob Storage allows) and how often a held lease is renewed.</summary>
public sealed class LeaseOptions
{
    public const string Section = "Leases";

    /// <summary>How long a lease lives without renewal: after a crash, the next run waits at most this long.</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often a held lease is renewed; well under <see cref="Duration"/>, so one slow renewal (with its retries) still lands in time.</summary>
    public TimeSpan RenewEvery { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long a run waits for a unit held elsewhere before it reports it busy: one round's work is usually over in
    /// seconds, and timers that fire at the same moment (every 5 minutes and nightly at the full hour) would otherwise
    /// skip each other's rounds until their next run.
    /// </summary>
    public TimeSpan Wait { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>How a run under a lease ended.</summary>
public enum LeaseOutcome
{
    /// <summary>The work ran to its end under the lease.</summary>
    Done,

    /// <summary>Someone else (another instance, a timer, a manual start) holds the lease; nothing ran.</summary>
    Busy,

    /// <summary>The lease could not be renewed and the work was cancelled part-way; it may be held by someone else now.</summary>
    Lost,
}

public readonly record struct LeasedRun<T>(LeaseOutcome Outcome, T? Result);

public interface IWorkLeases
{
    /// <summary><see cref="LeaseOptions.Wait"/>: how long a run waits for a unit held elsewhere.</summary>
    TimeSpan Wait { get; }

    /// <summary>
    /// Runs <paramref name="work"/> while holding the lease on <paramref name="unit"/>, renewed in the background and released
    /// at the end (also on failure). The work's token is cancelled when the lease is lost. When the lease is held elsewhere,
    /// tries again for up to <paramref name="wait"/> (zero: once), then answers <see cref="LeaseOutcome.Busy"/> without running.
    /// </summary>
    Task<LeasedRun<T>> RunAsync<T>(string unit, TimeSpan wait, Func<CancellationToken, Task<T>> work, CancellationToken ct = default);
}

/// <summary>
/// Mutual exclusion between instances for one unit of work (a round, a lumpsum year): a Blob Storage lease on the empty
/// lock blob <c>{unit}</c> in container <c>leases</c> (not in <c>originals</c>, which the orphan sweep reads). A lease
/// is exclusive across every instance, expires by itself after <see cref="LeaseOptions.Duration"/> when its holder dies,
/// and is renewed while the work runs. Losing it (renewal failed) cancels the work; what was already written is safe
/// because every switch to a new result is ETag-conditional (<c>SnapshotSwitch</c>), lease or not.
/// </summary>
public sealed class WorkLeases(StorageAccount account, LeaseOptions options) : IWorkLeases
{
    public const string Container = "leases";
    private static readonly TimeSpan RetryEvery = TimeSpan.FromMilliseconds(250);
    private readonly object _gate = new();
    private Task? _ensure;

    public TimeSpan Wait => options.Wait;

    /// <summary>The lock of a round: its recalculation, re-validation and the closing of its repair window.</summary>
    public static string Round(string round) => $"rounds/{StorageKeys.Round(round)}";

    /// <summary>The lock of a lumpsum year: the variance of each of its quarters.</summary>
    public static string LumpsumYear(int year) => $"lumpsums/{year:D4}";

    public async Task<LeasedRun<T>> RunAsync<T>(string unit, TimeSpan wait, Func<CancellationToken, Task<T>> work, CancellationToken ct = default)
    {
        var lease = await AcquireAsync(unit, wait, ct);
        if (lease is null) return new LeasedRun<T>(LeaseOutcome.Busy, default);
        await using (lease)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, lease.Lost);
            try
            {
                var result = await work(linked.Token);
                return new LeasedRun<T>(lease.IsLost ? LeaseOutcome.Lost : LeaseOutcome.Done, result);
            }
            catch (OperationCanceledException) when (lease.IsLost && !ct.IsCancellationRequested)
            {
                return new LeasedRun<T>(LeaseOutcome.Lost, default);
            }
        }
    }

    /// <summary>The lease on <paramref name="unit"/>, or null when it is held elsewhere for longer than <paramref name="wait"/>.</summary>
    public async Task<WorkLease?> AcquireAsync(string unit, TimeSpan wait, CancellationToken ct = default)
    {
        var blob = (await ContainerAsync(ct)).GetBlobClient(unit);
        var client = blob.GetBlobLeaseClient(Guid.NewGuid().ToString());
        var deadline = DateTimeOffset.UtcNow + wait;
        while (true)
        {
            // Acquiring with our own proposed id is idempotent: a retry after a lost response finds the lease ours.
            var acquired = await account.Resilience.Blobs.Idempotent.ExecuteAsync(async c =>
            {
                for (var created = false; ; created = true)
                {
                    try
                    {
                        await client.AcquireAsync(options.Duration, cancellationToken: c);
                        return true;
                    }
                    catch (RequestFailedException e) when (e.Status == 404 && !created)
                    {
                        // The first run of this unit: create its lock blob (or find it created by a run beside us), then acquire.
                        await CreateLockAsync(blob, c);
                    }
                    catch (RequestFailedException e) when (e.Status == 409)
                    {
                        return false;
                    }
                }
            }, ct);
            if (acquired) return new WorkLease(unit, client, account, options);
            if (DateTimeOffset.UtcNow + RetryEvery > deadline) return null;
            await Task.Delay(RetryEvery, ct);
        }
    }

    /// <summary>The lock blob is empty and never changes; creating it twice is harmless (If-None-Match: *).</summary>
    private static async Task CreateLockAsync(BlobClient blob, CancellationToken ct)
    {
        try
        {
            await blob.UploadAsync(BinaryData.Empty, new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, ct);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // Exists already (created by someone else, or leased by them right now).
        }
    }

    private async Task<BlobContainerClient> ContainerAsync(CancellationToken ct)
    {
        Task task;
        lock (_gate)
        {
            if (_ensure is null || _ensure.IsFaulted || _ensure.IsCanceled)
                _ensure = account.Resilience.Blobs.Idempotent.ExecuteAsync(
                    async c => { await account.BlobService.GetBlobContainerClient(Container).CreateIfNotExistsAsync(cancellationToken: c); }).AsTask();
            task = _ensure;
        }
        await task.WaitAsync(ct);
        return account.BlobService.GetBlobContainerClient(Container);
    }
}

/// <summary>A held lease, renewed every <see cref="LeaseOptions.RenewEvery"/> until disposed, then released.</summary>
public sealed class WorkLease : IAsyncDisposable
{
    private readonly BlobLeaseClient _client;
    private readonly StorageAccount _account;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewal;

    internal WorkLease(string unit, BlobLeaseClient client, StorageAccount account, LeaseOptions options)
    {
        Unit = unit;
        _client = client;
        _account = account;
        _renewal = RenewAsync(options);
    }

    public string Unit { get; }

    public string LeaseId => _client.LeaseId;

    /// <summary>Cancelled when a renewal failed: the lease may have passed to someone else, so the holder must stop writing.</summary>
    public CancellationToken Lost => _lost.Token;

    public bool IsLost => _lost.IsCancellationRequested;

    private async Task RenewAsync(LeaseOptions options)
    {
        var renewed = DateTimeOffset.UtcNow;
        while (true)
        {
            try
            {
                await Task.Delay(options.RenewEvery, _stop.Token);
                // Renewing after the lease expired would not help: by then someone else may have taken it.
                var left = options.Duration - (DateTimeOffset.UtcNow - renewed);
                if (left <= TimeSpan.Zero) break;
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                timeout.CancelAfter(left);
                await _account.Resilience.Blobs.Idempotent.ExecuteAsync(async c => { await _client.RenewAsync(cancellationToken: c); }, timeout.Token);
                renewed = DateTimeOffset.UtcNow;
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception)
            {
                break;
            }
        }
        await _lost.CancelAsync();
    }

    /// <summary>Stops renewing and releases the lease (best effort: if the release fails, the lease expires by itself).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _renewal;
        if (!IsLost)
        {
            try
            {
                await _account.Resilience.Blobs.Idempotent.ExecuteAsync(async c => { await _client.ReleaseAsync(cancellationToken: c); }, CancellationToken.None);
            }
            catch (Exception)
            {
                // Expires after LeaseOptions.Duration; the next run waits at most that long.
            }
        }
        _stop.Dispose();
        _lost.Dispose();
    }
}
