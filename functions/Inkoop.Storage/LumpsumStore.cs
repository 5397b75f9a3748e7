using System.Globalization;
using System.Text.RegularExpressions;
using Azure;
using Azure.Data.Tables;

namespace Inkoop.Storage;

/// <summary>A stored JSON document (municipalities, participation, a year's lumpsums) exactly as it was PUT.</summary>
public sealed record StoredDocument(string Json, DateTimeOffset UpdatedAt, ETag ETag);

/// <summary>What a realisation report is about, as stored: year, quarter, AGB, segment.</summary>
public readonly partial record struct RealisationSlot(int Year, int Quarter, string Agb, string Segment)
{
    [GeneratedRegex("^[A-Z0-9][A-Z0-9-]{0,31}$")]
    private static partial Regex SegmentPattern();

    public static bool IsValidSegment(string? segment) => segment is not null && SegmentPattern().IsMatch(segment);

    public static bool IsValidYear(int year) => year is >= 2000 and <= 2100;

    public string Prefix => $"{Quarter}|{StorageKeys.Agb(Agb)}|{Segment}|";

    public string RowKey(int version) => Prefix + StorageKeys.Version(version).ToString("D6", CultureInfo.InvariantCulture);

    public string BlobName(int version, string extension) =>
        $"realisation/{Year}/{Quarter}/{Agb}/{Segment}/{StorageKeys.Version(version):D6}.{extension}";
}

/// <summary>One uploaded version of a realisation report.</summary>
public sealed record RealisationVersion(RealisationSlot Slot, int Version, string FileName, string BlobName, string ContentType,
    string Sha256, long Size, string Status, int Errors, int Warnings, DateTimeOffset UploadedAt, string? FindingsJson);

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
    /// Stores an upload as the next version of its slot: the original as an immutable blob, then the version row.
    /// A number taken meanwhile (a concurrent upload) moves on to the next.
    /// </summary>
    Task<RealisationVersion> AddRealisationAsync(RealisationSlot slot, BinaryData original, string extension, string contentType,
        Func<int, StoredOriginal, RealisationVersion> describe, CancellationToken ct = default);
}

/// <summary>
/// Table <c>Lumpsums</c>: PartitionKey <c>setup</c> with RowKeys <c>municipalities</c> and <c>participation</c>, PartitionKey
/// <c>year</c> with RowKey the year (<c>2025</c>); the JSON in <c>Json</c> chunks. Table <c>Realisation</c>: PartitionKey the
/// year, RowKey <c>{quarter}|{agb}|{segment}|{version:D6}</c>; originals in blob <c>realisation/{year}/{quarter}/{agb}/{segment}/{version:D6}.xlsx|json</c>.
/// </summary>
public sealed class LumpsumStore(StorageAccount account, IOriginalStore originals) : ILumpsumStore
{
    public const string Municipalities = "municipalities";
    public const string Participation = "participation";
    public static readonly IReadOnlyList<string> SetupNames = [Municipalities, Participation];
    internal const string SetupPartition = "setup";
    internal const string YearPartition = "year";
    public const int MaxVersionAttempts = 5;

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
        return await account.Resilience.Idempotent.ExecuteAsync(async c =>
        {
            var years = new List<int>();
            await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == YearPartition, select: ["RowKey"], cancellationToken: c))
                years.Add(int.Parse(e.RowKey, CultureInfo.InvariantCulture));
            return (IReadOnlyList<int>)years.Order().ToList();
        }, ct);
    }

    public async Task<IReadOnlyList<RealisationVersion>> ListRealisationAsync(int year, CancellationToken ct = default)
    {
        var partition = Year(year);
        var table = await account.TableAsync(StorageAccount.RealisationTable, ct);
        return await account.Resilience.Idempotent.ExecuteAsync(async c =>
        {
            var list = new List<RealisationVersion>();
            await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == partition, cancellationToken: c)) list.Add(ToVersion(e));
            return (IReadOnlyList<RealisationVersion>)list.OrderBy(v => v.Slot.Quarter).ThenBy(v => v.Slot.Agb, StringComparer.Ordinal)
                .ThenBy(v => v.Slot.Segment, StringComparer.Ordinal).ThenBy(v => v.Version).ToList();
        }, ct);
    }

    public async Task<RealisationVersion> AddRealisationAsync(RealisationSlot slot, BinaryData original, string extension, string contentType,
        Func<int, StoredOriginal, RealisationVersion> describe, CancellationToken ct = default)
    {
        var table = await account.TableAsync(StorageAccount.RealisationTable, ct);
        var version = (await ListRealisationAsync(slot.Year, ct)).Where(v => v.Slot == slot).Select(v => v.Version).DefaultIfEmpty(0).Max() + 1;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var stored = await originals.CreateAsync(slot.BlobName(version, extension), original, contentType, ct);
                var row = describe(version, stored);
                if (row.Slot != slot || row.Version != version)
                    throw new ArgumentException("describe must keep the slot and the version number it was given.", nameof(describe));
                var entity = ToEntity(row);
                EntitySize.EnsureWithinLimits(entity);
                try
                {
                    await account.Resilience.Once.ExecuteAsync(async c => await table.AddEntityAsync(entity, c), ct);
                }
                catch (RequestFailedException e) when (e.Status == 409)
                {
                    throw new StorageConflictException($"Realisation version {row.Version} of {slot} exists already.", e);
                }
                return row;
            }
            catch (StorageConflictException) when (attempt < MaxVersionAttempts)
            {
                version++;
            }
        }
    }

    private async Task<StoredDocument?> GetDocumentAsync(string partition, string row, CancellationToken ct)
    {
        var table = await account.TableAsync(StorageAccount.LumpsumsTable, ct);
        var response = await account.Resilience.Idempotent.ExecuteAsync(
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
        var response = await account.Resilience.Idempotent.ExecuteAsync(
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
            ["BlobName"] = v.BlobName,
            ["ContentType"] = v.ContentType,
            ["Sha256"] = v.Sha256,
            ["Size"] = v.Size,
            ["Status"] = v.Status,
            ["Errors"] = v.Errors,
            ["Warnings"] = v.Warnings,
            ["UploadedAt"] = v.UploadedAt,
        };
        LargeText.Write(e, "Findings", v.FindingsJson);
        return e.WithoutNulls();
    }

    private static RealisationVersion ToVersion(TableEntity e) => new(
        new RealisationSlot(int.Parse(e.PartitionKey, CultureInfo.InvariantCulture), e.GetInt32("Quarter") ?? 0, e.GetString("Agb") ?? "",
            e.GetString("Segment") ?? ""),
        e.GetInt32("Version") ?? 0, e.GetString("FileName") ?? "", e.GetString("BlobName") ?? "", e.GetString("ContentType") ?? "",
        e.GetString("Sha256") ?? "", e.GetInt64("Size") ?? 0, e.GetString("Status") ?? "", e.GetInt32("Errors") ?? 0, e.GetInt32("Warnings") ?? 0,
        e.GetDateTimeOffset("UploadedAt") ?? default, LargeText.Read(e, "Findings"));

    private static string SetupName(string name) =>
        SetupNames.Contains(name) ? name : throw new ArgumentException($"Unknown setup document '{name}'.", nameof(name));

    private static string Year(int year) =>
        RealisationSlot.IsValidYear(year) ? year.ToString(CultureInfo.InvariantCulture) : throw new ArgumentOutOfRangeException(nameof(year), year, "Year must be 2000..2100.");
}
