using Inkoop.Domain.Tariffs;
using Inkoop.Storage;

namespace Inkoop.Functions.Services;

/// <summary>The normalised tariffs of a round's newest final snapshot: the reference over HTTP (bids-and-lumpsum.md sections 5 and 6).</summary>
public sealed class FinalSnapshotTariffs(ISnapshotStore snapshots)
{
    public async Task<ReferenceTariffs> FindAsync(string round, CancellationToken ct)
    {
        if (!StorageKeys.IsValidRound(round)) return ReferenceTariffs.None($"'{round}' is geen geldige ronde-id.", round);
        // Snapshot ids sort by creation time.
        var final = (await snapshots.ListAsync(round, ct)).Where(h => h.Status == SnapshotStatus.Final)
            .MaxBy(h => h.SnapshotId, StringComparer.Ordinal);
        if (final is null) return ReferenceTariffs.None($"ronde {round} heeft nog geen definitieve snapshot", round);
        var json = await snapshots.ReadContentAsync(round, final.SnapshotId, ct)
                   ?? throw new InvalidDataException($"Snapshot {final.SnapshotId} of round {round} has no content.");
        return ReferenceTariffs.Of(SnapshotContent.FromJson(json).Tariffs, round, final.SnapshotId);
    }
}
