using Azure;
using Inkoop.Storage;

namespace Inkoop.Functions.Services;

/// <summary>
/// The one write-then-switch of both recalculators (tariffs per round, variance per year and quarter): a computed snapshot
/// is written first and then made current by flipping the pointer against the ETag read before computing, so readers see
/// the old snapshot or the new one, never half of one. When someone else flipped meanwhile, ours is as good as theirs only
/// if the inputs are still the same: then it flips again. Otherwise the written snapshot (never current, so no one refers
/// to it) is removed, and the caller computes again from the newer inputs.
/// </summary>
public sealed class SnapshotSwitch(ILogger<SnapshotSwitch> logger)
{
    public const int MaxFlips = 3;

    /// <param name="partition">The round, or the variance's year and quarter.</param>
    /// <param name="expected">The ETag of the current pointer as read before computing; null when there was none.</param>
    /// <param name="fingerprintNow">The input fingerprint as the inputs are now.</param>
    /// <returns>The written snapshot, now current; null when the inputs changed meanwhile (nothing was left behind).</returns>
    public async Task<SnapshotHeader?> WriteAndSwitchAsync(ISnapshotStore store, string partition, ETag? expected, string contentJson,
        string fingerprint, string summaryJson, Func<CancellationToken, Task<string>> fingerprintNow, CancellationToken ct)
    {
        var written = await store.WriteAsync(partition, contentJson, fingerprint, summaryJson, ct);
        for (var flip = 1; ; flip++)
        {
            try
            {
                await store.SetCurrentAsync(partition, written.SnapshotId, expected, ct);
                return written;
            }
            catch (StorageConflictException) when (flip < MaxFlips)
            {
                if (await fingerprintNow(ct) != fingerprint) break;
                expected = (await store.GetCurrentAsync(partition, ct))?.ETag;
                logger.LogInformation("{Partition}: current snapshot moved during recalculation; flipping again to {Snapshot}.",
                    partition, written.SnapshotId);
            }
        }
        logger.LogInformation("{Partition}: inputs changed during recalculation; computing again (removing {Snapshot}).", partition, written.SnapshotId);
        await store.DeleteUnreferencedAsync(partition, written.SnapshotId, ct);
        return null;
    }
}
