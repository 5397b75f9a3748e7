using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Inkoop.Functions.Hosting;

/// <summary>Why an upload was not let in.</summary>
public enum UploadRefusal
{
    /// <summary>The caller has <see cref="UploadOptions.ConcurrentPerCaller"/> uploads in progress already (429).</summary>
    TooManyAtOnce,

    /// <summary>The caller made <see cref="UploadOptions.PerCallerPerWindow"/> uploads in the last <see cref="UploadOptions.Window"/> (429).</summary>
    TooManyInWindow,

    /// <summary><see cref="UploadOptions.InFlight"/> uploads of all callers are in progress and no place came free in time (503).</summary>
    Busy,
}

/// <summary>
/// An upload let in (holding its places until disposed), or why not and when to try again. Disposing a refusal does nothing.
/// </summary>
public sealed class UploadAdmission : IDisposable
{
    private readonly RateLimitLease? _caller;
    private readonly RateLimitLease? _inFlight;
    private readonly Action<long>? _released;
    private long _received;
    private int _disposed;

    private UploadAdmission(RateLimitLease? caller, RateLimitLease? inFlight, Action<long>? released, UploadRefusal? refusal, TimeSpan retryAfter)
    {
        _caller = caller;
        _inFlight = inFlight;
        _released = released;
        Refusal = refusal;
        RetryAfter = retryAfter;
    }

    internal static UploadAdmission Admitted(RateLimitLease caller, RateLimitLease inFlight, Action<long> released) =>
        new(caller, inFlight, released, null, TimeSpan.Zero);

    internal static UploadAdmission Refused(UploadRefusal refusal, TimeSpan retryAfter) => new(null, null, null, refusal, retryAfter);

    /// <summary>Null when the upload may go on.</summary>
    public UploadRefusal? Refusal { get; }

    /// <summary>When a refused caller may try again (whole seconds, at least one).</summary>
    public TimeSpan RetryAfter { get; }

    /// <summary>Notes the size of the body read under this admission (see <see cref="UploadLimits.Idle"/>).</summary>
    public void Received(long bytes) => Interlocked.Add(ref _received, bytes);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _inFlight?.Dispose();
        _caller?.Dispose();
        _released?.Invoke(Interlocked.Read(ref _received));
    }
}

/// <summary>
/// Who may upload now. Per provider (<see cref="Access.Caller.Id"/>: the key id or the Entra principal, never the key) at most
/// <see cref="UploadOptions.ConcurrentPerCaller"/> uploads in progress and at most <see cref="UploadOptions.PerCallerPerWindow"/>
/// started per <see cref="UploadOptions.Window"/> (a fixed window from the caller's first upload in it); across all callers at most
/// <see cref="UploadOptions.InFlight"/> uploads in progress, so at most that many bodies of up to
/// <see cref="UploadOptions.MaxBytes"/> are held in memory at once. An upload over the global bound waits in line (at most
/// <see cref="UploadOptions.InFlightQueue"/> of them, oldest first) for at most <see cref="UploadOptions.InFlightWait"/>,
/// its body not yet read. System.Threading.RateLimiting's limiters, one partition per caller, as for failed
/// authentications (<see cref="Access.FailedAuthentications"/>); idle partitions are dropped.
/// </summary>
public sealed class UploadLimits : IDisposable
{
    /// <summary>
    /// When to try again after a refusal for uploads in progress: no limiter knows when one ends, and an upload takes well
    /// under a second, a 10 MB one a few seconds on a busy app.
    /// </summary>
    public static readonly TimeSpan BusyRetryAfter = TimeSpan.FromSeconds(5);

    private readonly UploadOptions _options;
    private readonly PartitionedRateLimiter<string> _concurrent;
    private readonly PartitionedRateLimiter<string> _started;
    private readonly ConcurrencyLimiter _inFlight;
    private int _inProgress;
    private long _receivedSinceIdle;

    public UploadLimits(IOptions<UploadOptions> options)
    {
        _options = options.Value;
        if (_options.ConcurrentPerCaller < 1 || _options.PerCallerPerWindow < 1 || _options.Window < TimeSpan.FromSeconds(1)
            || _options.InFlight < 1 || _options.InFlightQueue < 0 || _options.InFlightWait < TimeSpan.Zero)
            throw new InvalidOperationException(
                "Uploads needs ConcurrentPerCaller >= 1, PerCallerPerWindow >= 1, a Window of at least a second, InFlight >= 1, " +
                "InFlightQueue >= 0 and InFlightWait >= 0.");
        _concurrent = PartitionedRateLimiter.Create<string, string>(caller => RateLimitPartition.GetConcurrencyLimiter(caller,
            _ => new ConcurrencyLimiterOptions { PermitLimit = _options.ConcurrentPerCaller, QueueLimit = 0 }));
        // AutoReplenishment off: the partitioned limiter replenishes its partitions itself and drops idle ones.
        _started = PartitionedRateLimiter.Create<string, string>(caller => RateLimitPartition.GetFixedWindowLimiter(caller,
            _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = _options.PerCallerPerWindow, Window = _options.Window, QueueLimit = 0, AutoReplenishment = false,
            }));
        _inFlight = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = _options.InFlight, QueueLimit = _options.InFlightQueue, QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>Uploads let in and not yet finished, of all callers.</summary>
    public int InProgress => Volatile.Read(ref _inProgress);

    /// <summary>
    /// Raised when the last upload in progress has finished (the app is idle as far as uploads go), with the bytes of the
    /// bodies received since it was last raised.
    /// </summary>
    public event Action<long>? Idle;

    /// <summary>
    /// Lets an upload of <paramref name="caller"/> in, or says why not. The caller's own limits are checked first (they answer at
    /// once, and a refused upload does not count toward the window); then it waits for a place among all uploads in progress.
    /// A null <paramref name="caller"/> has no limits of its own.
    /// Dispose the admission when the upload is done, whatever happened (also when the client went away).
    /// </summary>
    public async Task<UploadAdmission> AdmitAsync(string? caller, CancellationToken ct)
    {
        // No caller of its own to limit (the region's staff): only the bound on all uploads applies.
        var concurrent = caller is null ? NoLimit.Lease : _concurrent.AttemptAcquire(caller);
        if (!concurrent.IsAcquired)
        {
            concurrent.Dispose();
            return UploadAdmission.Refused(UploadRefusal.TooManyAtOnce, BusyRetryAfter);
        }
        using (var started = caller is null ? NoLimit.Lease : _started.AttemptAcquire(caller))
        {
            if (!started.IsAcquired)
            {
                concurrent.Dispose();
                var after = started.TryGetMetadata(MetadataName.RetryAfter, out var r) && r > TimeSpan.Zero ? r : _options.Window;
                return UploadAdmission.Refused(UploadRefusal.TooManyInWindow, Seconds(after));
            }
        }

        RateLimitLease? inFlight = null;
        try
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            wait.CancelAfter(_options.InFlightWait);
            inFlight = await _inFlight.AcquireAsync(1, wait.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Waited InFlightWait without a place coming free.
        }
        catch
        {
            concurrent.Dispose();
            throw;
        }
        if (inFlight is not { IsAcquired: true })
        {
            inFlight?.Dispose(); // the line was full
            concurrent.Dispose();
            return UploadAdmission.Refused(UploadRefusal.Busy, BusyRetryAfter);
        }
        Interlocked.Increment(ref _inProgress);
        return UploadAdmission.Admitted(concurrent, inFlight, Released);
    }

    private void Released(long received)
    {
        Interlocked.Add(ref _receivedSinceIdle, received);
        if (Interlocked.Decrement(ref _inProgress) == 0) Idle?.Invoke(Interlocked.Exchange(ref _receivedSinceIdle, 0));
    }

    /// <summary>A lease always granted, holding nothing.</summary>
    private sealed class NoLimit : RateLimitLease
    {
        public static readonly NoLimit Lease = new();
        public override bool IsAcquired => true;
        public override IEnumerable<string> MetadataNames => [];
        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }

    private static TimeSpan Seconds(TimeSpan after) => TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(after.TotalSeconds)));

    public void Dispose()
    {
        _concurrent.Dispose();
        _started.Dispose();
        _inFlight.Dispose();
    }
}
