using Azure;
using Inkoop.Storage;
using Microsoft.Extensions.Options;

namespace Inkoop.Functions.Services;

/// <summary>
/// Finds what an interrupted write left behind and removes it: originals no version row points at (an upload whose row
/// write failed while storage was down, so it could not remove its own blob) of formats, bids and realisation reports
/// alike, and snapshot content without a header (a recalculation that failed half-way). Only what is older than
/// <see cref="CleanupOptions.MinimumAge"/>, so writes in progress are never touched.
/// </summary>
public sealed class OrphanCleanup(IFormatStore formats, IBidStore bids, ILumpsumStore lumpsums, IOriginalStore originals,
    ISnapshotStore snapshots, TimeProvider clock, IOptions<CleanupOptions> options)
{
    public sealed record Removed(IReadOnlyList<string> Originals, IReadOnlyList<string> Snapshots);

    /// <summary>A round's format originals (<c>{round}/{agb}/{version:D6}.xlsx</c>) and incomplete snapshots.</summary>
    public async Task<Removed> RunAsync(string round, CancellationToken ct)
    {
        StorageKeys.Round(round);
        var removed = await SweepAsync(round + "/", IsFormatOriginal, async (names, c) =>
        {
            var referenced = new HashSet<string>(StringComparer.Ordinal);
            foreach (var agb in names.Select(n => n.Split('/')[1]).Distinct())
                referenced.UnionWith((await formats.ListVersionsAsync(round, agb, c)).Select(v => v.OriginalBlobName ?? ""));
            return referenced;
        }, ct);
        return new Removed(removed, await snapshots.RemoveIncompleteAsync(round, Cutoff(), ct));
    }

    /// <summary>
    /// The originals of bids (<c>tenders/{tender}/bids/{lot}/{agb}/{version:D6}.xlsx</c>) and realisation reports
    /// (<c>realisation/{year}/{quarter}/{agb}/{segment}/{version:D6}.xlsx|json</c>); the rows of a tender or year are read
    /// only when it has an old original.
    /// </summary>
    public async Task<IReadOnlyList<string>> RunUploadsAsync(CancellationToken ct)
    {
        var bidOriginals = await SweepAsync("tenders/", name => Parts(name, 6) is { } p && p[2] == "bids" && StorageKeys.IsValidTender(p[1]),
            async (names, c) =>
            {
                var referenced = new HashSet<string>(StringComparer.Ordinal);
                foreach (var tender in names.Select(n => n.Split('/')[1]).Distinct())
                    referenced.UnionWith((await bids.ListVersionsAsync(tender, c)).Select(v => v.OriginalBlobName ?? ""));
                return referenced;
            }, ct);
        var reportOriginals = await SweepAsync("realisation/", name => Parts(name, 6) is { } p && Year(p[1]) is not null,
            async (names, c) =>
            {
                var referenced = new HashSet<string>(StringComparer.Ordinal);
                foreach (var year in names.Select(n => Year(n.Split('/')[1])!.Value).Distinct())
                    referenced.UnionWith((await lumpsums.ListRealisationAsync(year, c)).Select(v => v.OriginalBlobName));
                return referenced;
            }, ct);
        return [.. bidOriginals, .. reportOriginals];
    }

    private static string[]? Parts(string name, int count) => name.Split('/') is var parts && parts.Length == count ? parts : null;

    private static int? Year(string text) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var year)
        && RealisationSlot.IsValidYear(year) ? year : null;

    /// <summary>
    /// Removes the originals under <paramref name="prefix"/> that are old enough and that no row names; the rows are read
    /// only when there is an old original to judge.
    /// </summary>
    private async Task<IReadOnlyList<string>> SweepAsync(string prefix, Func<string, bool> ours,
        Func<IReadOnlyList<string>, CancellationToken, Task<HashSet<string>>> referenced, CancellationToken ct)
    {
        var before = Cutoff();
        var old = (await originals.ListAsync(prefix, ct)).Where(o => o.LastModified < before && ours(o.BlobName)).Select(o => o.BlobName).ToList();
        if (old.Count == 0) return [];
        var kept = await referenced(old, ct);
        var removed = new List<string>();
        foreach (var name in old.Where(n => !kept.Contains(n)))
        {
            if (await originals.DeleteAsync(name, ETag.All, ct))
                removed.Add(name);
        }
        return removed;
    }

    /// <summary><c>{round}/{agb}/{version:D6}.xlsx</c>; anything else under the round's prefix is not ours to judge.</summary>
    private static bool IsFormatOriginal(string name)
    {
        var parts = name.Split('/');
        return parts.Length == 3 && StorageKeys.IsValidAgb(parts[1]) && parts[2].EndsWith(".xlsx", StringComparison.Ordinal)
            && int.TryParse(parts[2][..^".xlsx".Length], out var version) && version is >= 1 and <= StorageKeys.MaxVersion;
    }

    private DateTimeOffset Cutoff() => clock.GetUtcNow() - options.Value.MinimumAge;
}
