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
    /// Adds a version row (its original stored already: see <see cref="VersionedUploads"/> with <see cref="BidUploadVersions"/>).
    /// Throws <see cref="StorageConflictException"/> when that version exists.
    /// </summary>
    Task<BidVersion> AddVersionAsync(BidVersion version, CancellationToken ct = default);

    /// <summary>Every version of every bid of a tender, for finding originals no row points at.</summary>
    Task<IReadOnlyList<BidVersion>> ListVersionsAsync(string tender, CancellationToken ct = default);

    /// <summary>The latest version of every bidder's bid, for one lot or (lot null) the whole tender; ordered by lot, AGB.</summary>
    Task<IReadOnlyList<BidVersion>> ListLatestAsync(string tender, string? lot, CancellationToken ct = default);

    Task<BidVersion?> GetLatestAsync(string tender, string lot, string agb, CancellationToken ct = default);

    /// <summary>Replaces a version's analysis (re-analysis on request); false when the row changed since it was read.</summary>
    Task<bool> UpdateAnalysisAsync(BidVersion analysed, CancellationToken ct = default);
}

/// <summary>
/// Table <c>Bids</c>: PartitionKey the tender id, RowKey <c>{LOT}|{agb}|{version:D6}</c>, so a lot's bids are one range
/// query and a bidder's versions sort in order. Originals in container <c>originals</c> (<see cref="BidVersion.BlobName"/>).
/// </summary>
public sealed class BidStore(StorageAccount account) : IBidStore
{
    private static string RowKey(string lot, string agb, int version) =>
        $"{StorageKeys.Lot(lot)}{StorageKeys.Separator}{StorageKeys.Agb(agb)}{StorageKeys.Separator}{StorageKeys.Version(version):D6}";

    public async Task<BidVersion> AddVersionAsync(BidVersion version, CancellationToken ct = default)
    {
        var table = await account.TableAsync(StorageAccount.BidsTable, ct);
        try
        {
            var response = await account.Resilience.Tables.Once.ExecuteAsync(async c => await table.AddEntityAsync(ToEntity(version), c), ct);
            return version with { ETag = response.Headers.ETag ?? default };
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            throw new StorageConflictException($"Version {version.Version} of the bid of {version.Agb} for lot {version.Lot} exists already.", e);
        }
    }

    public async Task<IReadOnlyList<BidVersion>> ListVersionsAsync(string tender, CancellationToken ct = default)
    {
        StorageKeys.Tender(tender);
        var table = await account.TableAsync(StorageAccount.BidsTable, ct);
        return await account.Resilience.Tables.Idempotent.ExecuteAsync(async c =>
        {
            var list = new List<BidVersion>();
            await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == tender, cancellationToken: c)) list.Add(ToVersion(e));
            return (IReadOnlyList<BidVersion>)list;
        }, ct);
    }

    public async Task<IReadOnlyList<BidVersion>> ListLatestAsync(string tender, string? lot, CancellationToken ct = default)
    {
        if (lot is null)
            return Latest(await ListVersionsAsync(tender, ct));
        StorageKeys.Tender(tender);
        var table = await account.TableAsync(StorageAccount.BidsTable, ct);
        var prefix = StorageKeys.Lot(lot) + StorageKeys.Separator;
        var end = prefix + "~";
        var rows = await account.Resilience.Tables.Idempotent.ExecuteAsync(async c =>
        {
            var list = new List<BidVersion>();
            await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == tender && x.RowKey.CompareTo(prefix) >= 0 && x.RowKey.CompareTo(end) < 0,
                               cancellationToken: c))
                list.Add(ToVersion(e));
            return list;
        }, ct);
        return Latest(rows);
    }

    private static List<BidVersion> Latest(IEnumerable<BidVersion> rows) =>
        rows.GroupBy(r => (r.Lot, r.Agb)).Select(g => g.MaxBy(r => r.Version)!)
            .OrderBy(r => r.Lot, StringComparer.Ordinal).ThenBy(r => r.Agb, StringComparer.Ordinal).ToList();

    public async Task<BidVersion?> GetLatestAsync(string tender, string lot, string agb, CancellationToken ct = default)
    {
        StorageKeys.Tender(tender);
        var prefix = $"{StorageKeys.Lot(lot)}{StorageKeys.Separator}{StorageKeys.Agb(agb)}{StorageKeys.Separator}";
        var end = prefix + "~";
        var table = await account.TableAsync(StorageAccount.BidsTable, ct);
        return await account.Resilience.Tables.Idempotent.ExecuteAsync(async c =>
        {
            BidVersion? latest = null;
            await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == tender && x.RowKey.CompareTo(prefix) >= 0 && x.RowKey.CompareTo(end) < 0,
                               cancellationToken: c))
            {
                var v = ToVersion(e);
                if (latest is null || v.Version > latest.Version) latest = v;
            }
            return latest;
        }, ct);
    }

    public async Task<bool> UpdateAnalysisAsync(BidVersion analysed, CancellationToken ct = default)
    {
        var table = await account.TableAsync(StorageAccount.BidsTable, ct);
        var entity = ToEntity(analysed);
        try
        {
            await account.Resilience.Tables.Once.ExecuteAsync(async c => await table.UpdateEntityAsync(entity, analysed.ETag, TableUpdateMode.Replace, c), ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return false;
        }
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
        var latest = await bids.GetLatestAsync(tender, lot, agb, ct);
        return new(Math.Max(atLeast, (latest?.Version ?? 0) + 1), bids.AddVersionAsync);
    }

    public string BlobName(int version) => BidVersion.BlobName(tender, lot, agb, version);

    public void EnsureStorable(BidVersion row, int version)
    {
        if (row.Tender != tender || row.Lot != lot || row.Agb != agb || row.Version != version)
            throw new ArgumentException("The row must keep tender, lot, AGB and the version number it was given.", nameof(row));
        BidStore.EnsureStorable(row);
    }
}
