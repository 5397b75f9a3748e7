using Azure;
using Azure.Data.Tables;

namespace Inkoop.Storage;

/// <summary>
/// One uploaded version of a bidder's bid for a lot: the validated bid (JSON), its analysis (JSON in the shape the API
/// serves) and which final snapshot that analysis was made against (null: there was none).
/// </summary>
public sealed record BidVersion
{
    public required string Tender { get; init; }
    public required string Lot { get; init; }
    public required string Agb { get; init; }
    public required int Version { get; init; }
    public required string Status { get; init; }
    public string? BidderName { get; init; }
    public DateTimeOffset UploadedAt { get; init; }
    public string? OriginalBlobName { get; init; }
    public string? OriginalSha256 { get; init; }
    public long OriginalSize { get; init; }
    public required string BidJson { get; init; }
    public required string AnalysisJson { get; init; }
    public string? AnalysisSnapshot { get; init; }

    /// <summary>The unrounded weighted deviation of the analysis, which ranks the lot; null when it has none.</summary>
    public decimal? WeightedDeviation { get; init; }
    public DateTimeOffset AnalysedAt { get; init; }
    public ETag ETag { get; init; }

    /// <summary>Blob name of an original bid: <c>tenders/{tender}/bids/{lot}/{agb}/{version:D6}.xlsx</c>.</summary>
    public static string BlobName(string tender, string lot, string agb, int version) =>
        $"tenders/{StorageKeys.Tender(tender)}/bids/{StorageKeys.Lot(lot)}/{StorageKeys.Agb(agb)}/{StorageKeys.Version(version):D6}.xlsx";
}

public interface IBidStore
{
    /// <summary>
    /// Adds a version row (its original stored already: see <see cref="VersionedUploads"/> with <see cref="BidUploadVersions"/>) and
    /// makes it the current bid of its bidder for the lot, in one transaction. <paramref name="expectedCurrent"/>: the ETag of the
    /// current row read, or null when there was none. Throws <see cref="StorageConflictException"/> (nothing written) when that
    /// version exists or the current row moved on.
    /// </summary>
    Task<BidVersion> AddVersionAsync(BidVersion version, ETag? expectedCurrent, CancellationToken ct = default);

    /// <summary>Every version of every bid of a tender, for finding originals no row points at.</summary>
    Task<IReadOnlyList<BidVersion>> ListVersionsAsync(string tender, CancellationToken ct = default);

    /// <summary>
    /// The current (latest) version of every bidder's bid, for one lot or (lot null) the whole tender; ordered by lot, AGB. Reads
    /// only the current rows, never the superseded versions.
    /// </summary>
    Task<IReadOnlyList<BidVersion>> ListLatestAsync(string tender, string? lot, CancellationToken ct = default);

    /// <summary>The current row of one bidder's bid for a lot (one point read), or null: none, or only versions stored before current rows.</summary>
    Task<BidVersion?> GetCurrentAsync(string tender, string lot, string agb, CancellationToken ct = default);

    /// <summary>The latest version of one bidder's bid for a lot: its current row, else (rows stored before current rows) the highest version.</summary>
    Task<BidVersion?> GetLatestAsync(string tender, string lot, string agb, CancellationToken ct = default);

    /// <summary>
    /// Replaces the analysis of a current bid (re-analysis on request) on its current row and its version row at once; false when
    /// the current row changed since it was read (<c>analysed.ETag</c>).
    /// </summary>
    Task<bool> UpdateAnalysisAsync(BidVersion analysed, CancellationToken ct = default);
}

/// <summary>
/// Table <c>Bids</c>: PartitionKey the tender id, RowKey <c>{LOT}|{agb}|{version:D6}</c> for every version (a bidder's versions
/// sort in order) and <c>current|{LOT}|{agb}</c> for the current one (<see cref="CurrentRows"/>), so a lot's current bids are
/// one range query. Originals in container <c>originals</c> (<see cref="BidVersion.BlobName"/>).
/// </summary>
public sealed class BidStore(StorageAccount account) : IBidStore
{
    private static string Slot(string lot, string agb) => $"{StorageKeys.Lot(lot)}{StorageKeys.Separator}{StorageKeys.Agb(agb)}";

    private static string RowKey(string lot, string agb, int version) =>
        $"{Slot(lot, agb)}{StorageKeys.Separator}{StorageKeys.Version(version):D6}";

    public async Task<BidVersion> AddVersionAsync(BidVersion version, ETag? expectedCurrent, CancellationToken ct = default)
    {
        var table = await account.TableAsync(StorageAccount.BidsTable, ct);
        var etag = await CurrentRows.CommitAsync(account, table, ToEntity(version), CurrentRows.Key(Slot(version.Lot, version.Agb)), expectedCurrent, ct);
        return version with { ETag = etag };
    }

    public async Task<IReadOnlyList<BidVersion>> ListVersionsAsync(string tender, CancellationToken ct = default)
    {
        var table = await account.TableAsync(StorageAccount.BidsTable, ct);
        return (await CurrentRows.QueryAsync(account, table, CurrentRows.VersionsFilter(StorageKeys.Tender(tender)), ct)).Select(ToVersion).ToList();
    }

    public async Task<IReadOnlyList<BidVersion>> ListLatestAsync(string tender, string? lot, CancellationToken ct = default)
    {
        var table = await account.TableAsync(StorageAccount.BidsTable, ct);
        var rows = await CurrentRows.ListAsync(account, table, StorageKeys.Tender(tender),
            lot is null ? "" : StorageKeys.Lot(lot) + StorageKeys.Separator, ct);
        return rows.Select(ToVersion).OrderBy(r => r.Lot, StringComparer.Ordinal).ThenBy(r => r.Agb, StringComparer.Ordinal).ToList();
    }

    public async Task<BidVersion?> GetCurrentAsync(string tender, string lot, string agb, CancellationToken ct = default)
    {
        var table = await account.TableAsync(StorageAccount.BidsTable, ct);
        return await CurrentRows.GetAsync(account, table, StorageKeys.Tender(tender), Slot(lot, agb), ct) is { } e ? ToVersion(e) : null;
    }

    public async Task<BidVersion?> GetLatestAsync(string tender, string lot, string agb, CancellationToken ct = default)
    {
        if (await GetCurrentAsync(tender, lot, agb, ct) is { } current) return current;
        var prefix = Slot(lot, agb) + StorageKeys.Separator;
        var table = await account.TableAsync(StorageAccount.BidsTable, ct);
        var rows = await CurrentRows.QueryAsync(account, table,
            TableClient.CreateQueryFilter($"PartitionKey eq {StorageKeys.Tender(tender)} and RowKey ge {prefix} and RowKey lt {prefix + "~"}"), ct);
        return rows.Select(ToVersion).MaxBy(v => v.Version);
    }

    public async Task<bool> UpdateAnalysisAsync(BidVersion analysed, CancellationToken ct = default)
    {
        var table = await account.TableAsync(StorageAccount.BidsTable, ct);
        return await CurrentRows.ReplaceAsync(account, table, ToEntity(analysed), CurrentRows.Key(Slot(analysed.Lot, analysed.Agb)), analysed.ETag, ct);
    }

    /// <summary>Throws <see cref="StorageLimitException"/> when the row could not be written.</summary>
    public static void EnsureStorable(BidVersion version) => ToEntity(version);
    private static TableEntity ToEntity(BidVersion v)
    {
        var entity = new TableEntity(StorageKeys.Tender(v.Tender), RowKey(v.Lot, v.Agb, v.Version))
        {
            ["Lot"] = StorageKeys.Lot(v.Lot), ["Agb"] = v.Agb, ["Version"] = v.Version, ["Status"] = v.Status, ["BidderName"] = v.BidderName,
            ["UploadedAt"] = v.UploadedAt, ["OriginalBlobName"] = v.OriginalBlobName, ["OriginalSha256"] = v.OriginalSha256,
            ["OriginalSize"] = v.OriginalSize, ["AnalysisSnapshot"] = v.AnalysisSnapshot, ["AnalysedAt"] = v.AnalysedAt,
            // Kept as text: a Table double would lose the decimal's digits, and the ranking needs the unrounded value.
            ["WeightedDeviation"] = v.WeightedDeviation?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        LargeText.Write(entity, "Bid", v.BidJson);
        LargeText.Write(entity, "Analysis", v.AnalysisJson);
        entity.WithoutNulls();
        EntitySize.EnsureWithinLimits(entity);
        return entity;
    }

    private static BidVersion ToVersion(TableEntity e) => new()
    {
        Tender = e.PartitionKey, Lot = e.GetString("Lot") ?? "", Agb = e.GetString("Agb") ?? "", Version = e.GetInt32("Version") ?? 0,
        Status = e.GetString("Status") ?? "", BidderName = e.GetString("BidderName"), UploadedAt = e.GetDateTimeOffset("UploadedAt") ?? default,
        OriginalBlobName = e.GetString("OriginalBlobName"), OriginalSha256 = e.GetString("OriginalSha256"), OriginalSize = e.GetInt64("OriginalSize") ?? 0,
        BidJson = LargeText.Read(e, "Bid") ?? "", AnalysisJson = LargeText.Read(e, "Analysis") ?? "",
        AnalysisSnapshot = e.GetString("AnalysisSnapshot"), AnalysedAt = e.GetDateTimeOffset("AnalysedAt") ?? default, ETag = e.ETag,
        WeightedDeviation = decimal.TryParse(e.GetString("WeightedDeviation"), System.Globalization.NumberStyles.Number,
            System.Globalization.CultureInfo.InvariantCulture, out var w) ? w : null,
    };
}

/// <summary>The versions of one bidder's bid for a lot, as <see cref="VersionedUploads"/> adds to them.</summary>
public sealed class BidUploadVersions(IBidStore bids, string tender, string lot, string agb) : IUploadVersions<BidVersion>
{
    public async Task<PlannedVersion<BidVersion>> PlanAsync(int atLeast, CancellationToken ct)
    {
        // One point read of the current row. Without one the slot is new, or holds only versions stored before current rows
        // existed: the first attempt takes version 1, and when that number is taken (its blob or row exists) the retry reads
        // the slot's versions to continue after the highest.
        var current = await bids.GetCurrentAsync(tender, lot, agb, ct);
        var latest = current ?? (atLeast > 1 ? await bids.GetLatestAsync(tender, lot, agb, ct) : null);
        return new(Math.Max(atLeast, (latest?.Version ?? 0) + 1), latest, (row, c) => bids.AddVersionAsync(row, current?.ETag, c));
    }

    public bool Holds(BidVersion current, string sha256) => current.OriginalSha256 == sha256;

    public string BlobName(int version) => BidVersion.BlobName(tender, lot, agb, version);

    public void EnsureStorable(BidVersion row, int version)
    {
        if (row.Tender != tender || row.Lot != lot || row.Agb != agb || row.Version != version)
            throw new ArgumentException("The row must keep tender, lot, AGB and the version number it was given.", nameof(row));
        BidStore.EnsureStorable(row);
    }
}
