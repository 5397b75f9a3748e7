using System.Runtime;
using Microsoft.Extensions.Options;

namespace Inkoop.Functions.Hosting;

/// <summary>
/// Gives the memory of a burst of large uploads back once it is over. Each body is one array on the large object heap,
/// which only a full collection frees, and the garbage collector runs only when the app allocates: an app that goes quiet
/// after twenty 10 MB uploads would keep their memory for hours (measured: +250 MiB resident a minute later, with either
/// garbage collector and GCConserveMemory). So when the last upload in progress ends after bodies of at least
/// <see cref="UploadOptions.TrimAfterBytes"/> together, and none is in progress a second later, one full, compacting,
/// aggressive collection returns the free memory to the system. It blocks the app for tens of milliseconds while no upload
/// runs; at most one runs at a time.
/// </summary>
public sealed class UploadMemory : IHostedService
{
    /// <summary>How long uploads must stay idle before the collection: a burst arriving in waves is collected once, at its end.</summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);

    private readonly UploadLimits _limits;
    private readonly long _threshold;
    private readonly ILogger<UploadMemory> _logger;
    private long _pending;
    private int _scheduled;

    public UploadMemory(UploadLimits limits, IOptions<UploadOptions> options, ILogger<UploadMemory> logger)
    {
        _limits = limits;
        _threshold = options.Value.TrimAfterBytes;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_threshold > 0) _limits.Idle += OnIdle;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _limits.Idle -= OnIdle;
        return Task.CompletedTask;
    }

    private void OnIdle(long received)
    {
        if (Interlocked.Add(ref _pending, received) < _threshold || Interlocked.Exchange(ref _scheduled, 1) == 1) return;
        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(Quiet);
                // Uploads again: the next idle moment collects, with these bytes still pending.
                if (_limits.InProgress > 0) return;
                var bytes = Interlocked.Exchange(ref _pending, 0);
                GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
                GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                _logger.LogInformation("Memory given back after {Bytes} bytes of uploads.", bytes);
            }
            finally
            {
                Volatile.Write(ref _scheduled, 0);
            }
        });
    }
}
