using Inkoop.Domain;
using System.Globalization;
using Azure;
using Azure.Data.Tables;

namespace Inkoop.Storage;

/// <summary>A stored JSON document (municipalities, participation, a year's lumpsums) exactly as it was PUT.</summary>
public sealed record StoredDocument(string Json, DateTimeOffset UpdatedAt, ETag ETag);

/// <summary>What a realisation report is about, as stored: year, quarter, AGB, segment.</summary>
public readonly record struct RealisationSlot(int Year, int Quarter, string Agb, string Segment)
{
    public static bool IsValidSegment(string? segment) => Ids.IsSegment(segment);

    public static bool IsValidYear(int year) => year is >= 2000 and <= 2100;

    /// <summary>The slot in row keys: <c>{quarter}|{agb}|{SEGMENT}</c>.</summary>
    public string Key => $"{Quarter}|{StorageKeys.Agb(Agb)}|{Segment}";

    public string Prefix => Key + "|";

    public string RowKey(int version) => Prefix + StorageKeys.Version(version).ToString("D6", CultureInfo.InvariantCulture);

    public string BlobName(int version, string extension) =>
        $"realisation/{Year}/{Quarter}/{Agb}/{Segment}/{StorageKeys.Version(version):D6}.{extension}";
}

/// <summary>
/// One uploaded version of a realisation report. Its original and counts are named as in <see cref="FormatVersion"/> and
/// <see cref="BidVersion"/> (rows stored before under <c>BlobName</c>, <c>Sha256</c>, <c>Size</c>, <c>Errors</c> and
/// <c>Warnings</c> read the same).
/// </summary>
public sealed record RealisationVersion(RealisationSlot Slot, int Version, string FileName, string OriginalBlobName, string ContentType,
    string OriginalSha256, long OriginalSize, string Status, int ErrorCount, int WarningCount, DateTimeOffset UploadedAt, string? FindingsJson)
{
    /// <summary>From the current row (<see cref="ILumpsumStore.GetCurrentRealisationAsync"/>, <see cref="ILumpsumStore.ListCurrentRealisationAsync"/>): its ETag.</summary>
    public ETag ETag { get; init; }
}

public interface ILumpsumStore
{
    /// <summary>The region's municipalities or participation document (<paramref name="name"/> is one of <see cref="LumpsumStore.SetupNames"/>).</summary>
    Task<StoredDocument?> GetSetupAsync(string name, CancellationToken ct = default);

    Task<StoredDocument> PutSetupAsync(string name, string json, CancellationToken ct = default);

    Task<StoredDocument?> GetLumpsumsAsync(int year, CancellationToken ct = default);

    /// <summary>Creates or replaces a year's lumpsum configuration; true when it was created.</summary>
    Task<(StoredDocument Document, bool Created)> PutLumpsumsAsync(int year, string json, CancellationToken ct = default);

    /// <summary>The years that have lumpsums, ascending.</summary>
    Task<IReadOnlyList<int>> ListYearsAsync(CancellationToken ct = default);

    /// <summary>Every version of every report of a year, by quarter, AGB, segment and version.</summary>
    Task<IReadOnlyList<RealisationVersion>> ListRealisationAsync(int year, CancellationToken ct = default);

    /// <summary>
    /// The current (newest) version of every report of a year, by quarter, AGB and segment: only the current rows, never the
    /// superseded versions.
    /// </summary>
    Task<IReadOnlyList<RealisationVersion>> ListCurrentRealisationAsync(int year, CancellationToken ct = default);

    /// <summary>The current row of one slot (one point read), or null: none, or only versions stored before current rows.</summary>
    Task<RealisationVersion?> GetCurrentRealisationAsync(RealisationSlot slot, CancellationToken ct = default);

    /// <summary>
    /// Adds a version row (its original stored already: see <see cref="VersionedUploads"/> with <see cref="RealisationUploadVersions"/>)
    /// and makes it its slot's current row, in one transaction. <paramref name="expectedCurrent"/>: the ETag of the current row read,
    /// or null when there was none. Throws <see cref="StorageConflictException"/> (nothing written) when that version exists or the
    /// current row moved on.
    /// </summary>
    Task<RealisationVersion> AddRealisationAsync(RealisationVersion version, ETag? expectedCurrent, CancellationToken ct = default);
}

/// <summary>
/// Table <c>Lumpsums</c>: PartitionKey <c>setup</c> with RowKeys <c>municipalities</c> and <c>participation</c>, PartitionKey
/// <c>year</c> with RowKey the year (<c>2025</c>); the JSON in <c>Json</c> chunks. Table <c>Realisation</c>: PartitionKey the
/// year, RowKey <c>{quarter}|{agb}|{segment}|{version:D6}</c>; originals in blob <c>realisation/{year}/{quarter}/{agb}/{segment}/{version:D6}.xlsx|json</c>.
/// </summary>
public sealed class LumpsumStore(StorageAccount account) : ILumpsumStore
{
    public const string Municipalities = "municipalities";
    public const string Participation = "participation";
    public static readonly IReadOnlyList<string> SetupNames = [Municipalities, Participation];
    internal const string SetupPartition = "setup";
    internal const string YearPartition = "year";

    public Task<StoredDocument?> GetSetupAsync(string name, CancellationToken ct = default) =>
        GetDocumentAsync(SetupPartition, SetupName(name), ct);

    public async Task<StoredDocument> PutSetupAsync(string name, string json, CancellationToken ct = default) =>
        (await PutDocumentAsync(SetupPartition, SetupName(name), json, ct)).Document;

    public Task<StoredDocument?> GetLumpsumsAsync(int year, CancellationToken ct = default) =>
        GetDocumentAsync(YearPartition, Year(year), ct);

    public Task<(StoredDocument Document, bool Created)> PutLumpsumsAsync(int year, string json, CancellationToken ct = default) =>
        PutDocumentAsync(YearPartition, Year(year), json, ct);

    public async Task<IReadOnlyList<int>> ListYearsAsync(CancellationToken ct = default)
    {
        var table = await account.TableAsync(StorageAccount.LumpsumsTable, ct);
        return await account.Resilience.Tables.Idempotent.ExecuteAsync(async c =>
        {
            var years = new List<int>();
            await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == YearPartition, select: ["RowKey"], cancellationToken: c))
                years.Add(int.Parse(e.RowKey, CultureInfo.InvariantCulture));
            return (IReadOnlyList<int>)years.Order().ToList();
        }, ct);
    }

    public async Task<IReadOnlyList<RealisationVersion>> ListRealisationAsync(int year, CancellationToken ct = default)
    {
        var table = await account.TableAsync(StorageAccount.RealisationTable, ct);
        var rows = await CurrentRows.QueryAsync(account, table, CurrentRows.VersionsFilter(Year(year)), ct);
        return rows.Select(ToVersion).OrderBy(v => v.Slot.Quarter).ThenBy(v => v.Slot.Agb, StringComparer.Ordinal)
            .ThenBy(v => v.Slot.Segment, StringComparer.Ordinal).ThenBy(v => v.Version).ToList();
    }

    public async Task<IReadOnlyList<RealisationVersion>> ListCurrentRealisationAsync(int year, CancellationToken ct = default)
    {
        var table = await account.TableAsync(StorageAccount.RealisationTable, ct);
        var rows = await CurrentRows.ListAsync(account, table, Year(year), "", ct);
        return rows.Select(ToVersion).OrderBy(v => v.Slot.Quarter).ThenBy(v => v.Slot.Agb, StringComparer.Ordinal)
            .ThenBy(v => v.Slot.Segment, StringComparer.Ordinal).ToList();
    }

    public async Task<RealisationVersion?> GetCurrentRealisationAsync(RealisationSlot slot, CancellationToken ct = default)
    {
        var table = await account.TableAsync(StorageAccount.RealisationTable, ct);
        return await CurrentRows.GetAsync(account, table, Year(slot.Year), slot.Key, ct) is { } e ? ToVersion(e) : null;
    }

    public async Task<RealisationVersion> AddRealisationAsync(RealisationVersion version, ETag? expectedCurrent, CancellationToken ct = default)
    {
        var table = await account.TableAsync(StorageAccount.RealisationTable, ct);
        var entity = ToEntity(version);
        EntitySize.EnsureWithinLimits(entity);
        var etag = await CurrentRows.CommitAsync(account, table, entity, CurrentRows.Key(version.Slot.Key), expectedCurrent, ct);
        return version with { ETag = etag };
    }

    /// <summary>Throws <see cref="StorageLimitException"/> when the row could not be written.</summary>
    public static void EnsureStorable(RealisationVersion version) => EntitySize.EnsureWithinLimits(ToEntity(version));

    private async Task<StoredDocument?> GetDocumentAsync(string partition, string row, CancellationToken ct)
    {
        var table = await account.TableAsync(StorageAccount.LumpsumsTable, ct);
        var response = await account.Resilience.Tables.Idempotent.ExecuteAsync(
            async c => await table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: c), ct);
        return response.HasValue && response.Value is { } e
            ? new StoredDocument(LargeText.Read(e, "Json") ?? "", e.GetDateTimeOffset("UpdatedAt") ?? default, e.ETag)
            : null;
    }

    private async Task<(StoredDocument Document, bool Created)> PutDocumentAsync(string partition, string row, string json, CancellationToken ct)
    {
        var table = await account.TableAsync(StorageAccount.LumpsumsTable, ct);
        var existed = await GetDocumentAsync(partition, row, ct) is not null;
        var now = DateTimeOffset.UtcNow;
        var entity = new TableEntity(partition, row) { ["UpdatedAt"] = now };
        LargeText.Write(entity, "Json", json);
        EntitySize.EnsureWithinLimits(entity);
        var response = await account.Resilience.Tables.Idempotent.ExecuteAsync(
            async c => await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, c), ct);
        return (new StoredDocument(json, now, response.Headers.ETag ?? default), !existed);
    }

    private static TableEntity ToEntity(RealisationVersion v)
    {
        var e = new TableEntity(Year(v.Slot.Year), v.Slot.RowKey(v.Version))
        {
            ["Quarter"] = v.Slot.Quarter,
            ["Agb"] = v.Slot.Agb,
            ["Segment"] = v.Slot.Segment,
            ["Version"] = v.Version,
            ["FileName"] = v.FileName,
            ["OriginalBlobName"] = v.OriginalBlobName,
            ["ContentType"] = v.ContentType,
            ["OriginalSha256"] = v.OriginalSha256,
            ["OriginalSize"] = v.OriginalSize,
            ["Status"] = v.Status,
            ["ErrorCount"] = v.ErrorCount,
            ["WarningCount"] = v.WarningCount,
            ["UploadedAt"] = v.UploadedAt,
        };
        LargeText.Write(e, "Findings", v.FindingsJson);
        return e.WithoutNulls();
    }

    private static RealisationVersion ToVersion(TableEntity e) => new(
        new RealisationSlot(int.Parse(e.PartitionKey, CultureInfo.InvariantCulture), e.GetInt32("Quarter") ?? 0, e.GetString("Agb") ?? "",
            e.GetString("Segment") ?? ""),
        e.GetInt32("Version") ?? 0, e.GetString("FileName") ?? "",
        e.GetString("OriginalBlobName") ?? e.GetString("BlobName") ?? "", e.GetString("ContentType") ?? "",
        e.GetString("OriginalSha256") ?? e.GetString("Sha256") ?? "", e.GetInt64("OriginalSize") ?? e.GetInt64("Size") ?? 0,
        e.GetString("Status") ?? "", e.GetInt32("ErrorCount") ?? e.GetInt32("Errors") ?? 0, e.GetInt32("WarningCount") ?? e.GetInt32("Warnings") ?? 0,
        e.GetDateTimeOffset("UploadedAt") ?? default, LargeText.Read(e, "Findings")) { ETag = e.ETag };

    private static string SetupName(string name) =>
        SetupNames.Contains(name) ? name : throw new ArgumentException($"Unknown setup document '{name}'.", nameof(name));

    private static string Year(int year) =>
        RealisationSlot.IsValidYear(year) ? year.ToString(CultureInfo.InvariantCulture) : throw new ArgumentOutOfRangeException(nameof(year), year, "Year must be 2000..2100.");
}

/// <summary>The versions of one realisation slot (year, quarter, AGB, segment), as <see cref="VersionedUploads"/> adds to them.</summary>
/// <param name="extension"><c>xlsx</c> or <c>json</c>: the original's blob name ends in it.</param>
public sealed class RealisationUploadVersions(ILumpsumStore store, RealisationSlot slot, string extension) : IUploadVersions<RealisationVersion>
{
    public async Task<PlannedVersion<RealisationVersion>> PlanAsync(int atLeast, CancellationToken ct)
    {
        // One point read of the current row. Without one the slot is new, or holds only versions stored before current rows
        // existed: the first attempt takes version 1, and when that number is taken (its blob or row exists) the retry reads
        // the year's versions to continue after the slot's highest.
        var current = await store.GetCurrentRealisationAsync(slot, ct);
        var latest = current ?? (atLeast > 1 ? (await store.ListRealisationAsync(slot.Year, ct)).Where(v => v.Slot == slot).MaxBy(v => v.Version) : null);
        return new(Math.Max(atLeast, (latest?.Version ?? 0) + 1), latest, (row, c) => store.AddRealisationAsync(row, current?.ETag, c));
    }

    public bool Holds(RealisationVersion current, string sha256) => current.OriginalSha256 == sha256;

    public string BlobName(int version) => slot.BlobName(version, extension);

    public void EnsureStorable(RealisationVersion row, int version)
    {
        if (row.Slot != slot || row.Version != version)
            throw new ArgumentException("The row must keep the slot and the version number it was given.", nameof(row));
        LumpsumStore.EnsureStorable(row);
    }
}
