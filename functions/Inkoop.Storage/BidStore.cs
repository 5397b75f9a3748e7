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
    /// Adds the next version of (tender, lot, agb), storing the original first (immutable). <paramref name="build"/> gets
    /// the version number and the stored original. Concurrent uploads each get their own version.
    /// </summary>
    Task<BidVersion> AddAsync(string tender, string lot, string agb, BinaryData original, string contentType,
        Func<int, StoredOriginal, BidVersion> build, CancellationToken ct = default);

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
public sealed class BidStore(StorageAccount account, IOriginalStore originals) : IBidStore
{
    private const int MaxAttempts = 5;

    private static string RowKey(string lot, string agb, int version) =>
        $"{StorageKeys.Lot(lot)}{StorageKeys.Separator}{StorageKeys.Agb(agb)}{StorageKeys.Separator}{StorageKeys.Version(version):D6}";

    public async Task<BidVersion> AddAsync(string tender, string lot, string agb, BinaryData original, string contentType,
        Func<int, StoredOriginal, BidVersion> build, CancellationToken ct = default)
    {
        var table = await account.TableAsync(StorageAccount.BidsTable, ct);
        for (var attempt = 1; ; attempt++)
        {
            var latest = await GetLatestAsync(tender, lot, agb, ct);
            var version = (latest?.Version ?? 0) + 1;
            try
            {
                var blob = await originals.CreateAsync(BidVersion.BlobName(tender, lot, agb, version), original, contentType, ct);
                var row = build(version, blob);
                var response = await account.Resilience.Once.ExecuteAsync(async c => await table.AddEntityAsync(ToEntity(row), c), ct);
                return row with { ETag = response.Headers.ETag ?? default };
            }
            catch (Exception e) when (e is StorageConflictException or RequestFailedException { Status: 409 } && attempt < MaxAttempts)
            {
                // Another upload took this version number (and its blob, if it was the same file): take the next one.
            }
        }
    }

    public async Task<IReadOnlyList<BidVersion>> ListLatestAsync(string tender, string? lot, CancellationToken ct = default)
    {
        StorageKeys.Tender(tender);
        var table = await account.TableAsync(StorageAccount.BidsTable, ct);
        var prefix = lot is null ? "" : StorageKeys.Lot(lot) + StorageKeys.Separator;
        var end = prefix + "~";
        var rows = await account.Resilience.Idempotent.ExecuteAsync(async c =>
        {
            var list = new List<BidVersion>();
            var query = lot is null
                ? table.QueryAsync<TableEntity>(x => x.PartitionKey == tender, cancellationToken: c)
                : table.QueryAsync<TableEntity>(x => x.PartitionKey == tender && x.RowKey.CompareTo(prefix) >= 0 && x.RowKey.CompareTo(end) < 0, cancellationToken: c);
            await foreach (var e in query) list.Add(ToVersion(e));
            return list;
        }, ct);
        return rows.GroupBy(r => (r.Lot, r.Agb)).Select(g => g.MaxBy(r => r.Version)!)
            .OrderBy(r => r.Lot, StringComparer.Ordinal).ThenBy(r => r.Agb, StringComparer.Ordinal).ToList();
    }

    public async Task<BidVersion?> GetLatestAsync(string tender, string lot, string agb, CancellationToken ct = default)
    {
        StorageKeys.Tender(tender);
        var prefix = $"{StorageKeys.Lot(lot)}{StorageKeys.Separator}{StorageKeys.Agb(agb)}{StorageKeys.Separator}";
        var end = prefix + "~";
        var table = await account.TableAsync(StorageAccount.BidsTable, ct);
        return await account.Resilience.Idempotent.ExecuteAsync(async c =>
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
            await account.Resilience.Once.ExecuteAsync(async c => await table.UpdateEntityAsync(entity, analysed.ETag, TableUpdateMode.Replace, c), ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return false;
        }
    }

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
