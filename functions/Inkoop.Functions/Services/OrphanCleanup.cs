using Azure;
using Inkoop.Storage;
using Microsoft.Extensions.Options;

namespace Inkoop.Functions.Services;

/// <summary>
/// Finds what an interrupted write left behind in a round and removes it: originals no version row points at
/// (an upload whose table write failed while storage was down, so it could not remove its own blob), and snapshot
/// content without a header (a recalculation that failed half-way). Only what is older than
/// <see cref="CleanupOptions.MinimumAge"/>, so writes in progress are never touched.
/// </summary>
public sealed class OrphanCleanup(IFormatStore formats, IOriginalStore originals, ISnapshotStore snapshots, TimeProvider clock,
    IOptions<CleanupOptions> options)
{
    public sealed record Removed(IReadOnlyList<string> Originals, IReadOnlyList<string> Snapshots);

    public async Task<Removed> RunAsync(string round, CancellationToken ct)
    {
        var before = clock.GetUtcNow() - options.Value.MinimumAge;
        var removedOriginals = new List<string>();
        foreach (var provider in (await originals.ListAsync(round, ct)).Where(o => o.LastModified < before).GroupBy(o => o.Key.Agb))
        {
            var versions = (await formats.ListVersionsAsync(round, provider.Key, ct)).Select(v => v.OriginalBlobName).ToHashSet(StringComparer.Ordinal);
            foreach (var (key, _) in provider.Where(o => !versions.Contains(o.Key.BlobName)))
            {
                if (await originals.DeleteAsync(key, ETag.All, ct))
                    removedOriginals.Add(key.BlobName);
            }
        }
        var removedSnapshots = await snapshots.RemoveIncompleteAsync(round, before, ct);
        return new Removed(removedOriginals, removedSnapshots);
    }
}

public sealed class CleanupOptions
{
    public const string Section = "Cleanup";

    /// <summary><c>Cleanup:MinimumAge</c>: how old an orphan must be before it is removed (default one hour).</summary>
    public TimeSpan MinimumAge { get; set; } = TimeSpan.FromHours(1);
}
