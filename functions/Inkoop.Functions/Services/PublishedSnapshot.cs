using Inkoop.Storage;

namespace Inkoop.Functions.Services;

/// <summary>
/// The one state of a round that is published: its latest final snapshot (the one marked final last). Providers see
/// only this one (docs/disclosure.md); bids and lumpsums are measured against its tariffs.
/// </summary>
public static class PublishedSnapshot
{
    public static async Task<SnapshotHeader?> FindAsync(ISnapshotStore snapshots, string round, CancellationToken ct) =>
        (await snapshots.ListAsync(round, ct)).Where(s => s.Status == SnapshotStatus.Final)
            .MaxBy(s => (s.FinalizedAt ?? s.CreatedAt, s.SnapshotId));
}
