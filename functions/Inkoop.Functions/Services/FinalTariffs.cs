using Inkoop.Domain;
using Inkoop.Domain.Tariffs;
using Inkoop.Storage;

namespace Inkoop.Functions.Services;

/// <summary>
/// The published reference of a round: the tariffs of its latest final snapshot. Bids and lumpsums both measure
/// against it; without a final snapshot every product is not computable, with <paramref name="reasonWhenNone"/>.
/// </summary>
public sealed class FinalTariffs(ISnapshotStore snapshots)
{
    public async Task<ReferenceTariffs> OfAsync(string round, string reasonWhenNone, CancellationToken ct)
    {
        var final = await PublishedSnapshot.FindAsync(snapshots, round, ct);
        var content = final is null ? null : await snapshots.ReadContentAsync(round, final.SnapshotId, ct);
        if (final is null || content is null)
            return ReferenceTariffs.None(reasonWhenNone, round);
        return ReferenceTariffs.Of(SnapshotContent.FromJson(content).Tariffs, round, final.SnapshotId);
    }
}
