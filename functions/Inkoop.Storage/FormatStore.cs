using Azure;
using Azure.Data.Tables;

namespace Inkoop.Storage;

/// <summary>
/// One uploaded version of a provider's format in a round: where its original is, its status and counts,
/// and (when asked for) the parsed values and findings as JSON, each at most ~420 KB.
/// </summary>
public sealed record FormatVersion
{
    public required string Round { get; init; }
    public required string Agb { get; init; }
    public required int Version { get; init; }
    /// <summary><c>accepted</c>, <c>repairNeeded</c>, <c>closedWithExclusions</c>, <c>rejected</c>...: the app decides.</summary>
    public required string Status { get; init; }
    public string? ProviderName { get; init; }
    public DateTimeOffset UploadedAt { get; init; }
    public string? OriginalBlobName { get; init; }
    public string? OriginalSha256 { get; init; }
    public long OriginalSize { get; init; }
    public int ErrorCount { get; init; }
    public int WarningCount { get; init; }
    /// <summary>Null when read without content.</summary>
    public string? FindingsJson { get; init; }
    /// <summary>Null when read without content.</summary>
    public string? ValuesJson { get; init; }
    /// <summary>The hash (<c>ConfigurationHash.ForValidation</c>) of the round configuration the status, counts, findings and values were validated against.</summary>
    public string? ConfigurationHash { get; init; }
    /// <summary>From <see cref="IFormatStore.ListLatestAsync"/>/<see cref="IFormatStore.GetLatestAsync"/>: the ETag of the latest row, to pass back as expected.</summary>
    public ETag ETag { get; init; }
}

public interface IFormatStore
{
    /// <summary>The latest version of every provider's format in a round, ordered by AGB. One partition range query.</summary>
    Task<IReadOnlyList<FormatVersion>> ListLatestAsync(string round, bool includeContent = false, CancellationToken ct = default);

    Task<FormatVersion?> GetLatestAsync(string round, string agb, bool includeContent = true, CancellationToken ct = default);

    /// <summary>Every version of one provider's format, oldest first, without content.</summary>
    Task<IReadOnlyList<FormatVersion>> ListVersionsAsync(string round, string agb, CancellationToken ct = default);

    Task<FormatVersion?> GetVersionAsync(string round, string agb, int version, CancellationToken ct = default);

    /// <summary>
    /// Adds version <c>version.Version</c> and makes it the latest, in one entity group transaction.
    /// <paramref name="expectedLatest"/>: the ETag of the latest you read, or null if there was none.
    /// Throws <see cref="StorageConflictException"/> when that version exists or the latest moved on
    /// (a concurrent upload): nothing is written; read the latest again and retry with the next version.
    /// </summary>
    Task<FormatVersion> AddVersionAsync(FormatVersion version, ETag? expectedLatest, CancellationToken ct = default);

    /// <summary>
    /// Changes the status of the latest version (e.g. to <c>closedWithExclusions</c>), on the latest row and
    /// its version row at once, if the latest row still has <c>latest.ETag</c>.
    /// </summary>
    Task<FormatVersion> SetStatusAsync(FormatVersion latest, string status, CancellationToken ct = default);

    /// <summary>
    /// Replaces the validation of the latest version (status, counts, findings, values and the configuration hash
    /// of <paramref name="revalidated"/>) on the latest row and its version row at once, if the latest row still has
    /// <c>revalidated.ETag</c>. Version number, original and upload time are not written, so they cannot change.
    /// Throws <see cref="StorageConflictException"/> when a new upload moved the latest on: the upload wins.
    /// </summary>
    Task<FormatVersion> SetValidationAsync(FormatVersion revalidated, CancellationToken ct = default);
}

/// <summary>
/// Table <c>Formats</c>, PartitionKey = round id (every query is per round; a version and the latest pointer
/// in one partition can be written in one transaction). RowKeys: <c>L|{agb}</c> the latest version (a full
/// copy, so a recalculation reads a round in one range query), <c>V|{agb}|{version:D6}</c> every version.
/// </summary>
public sealed class FormatStore(StorageAccount account) : IFormatStore
{
    private const int MaxChunks = 7; // two texts of 7 chunks each keep an entity under 1 MiB
    private static readonly string[] SummaryColumns =
    [
        "PartitionKey", "RowKey", "Agb", "Version", "Status", "ProviderName", "UploadedAt", "OriginalBlobName",
        "OriginalSha256", "OriginalSize", "ErrorCount", "WarningCount", "ConfigurationHash",
    ];

    internal static string LatestKey(string agb) => $"L|{agb}";
    internal static string VersionKey(string agb, int version) => $"V|{agb}|{version:D6}";

    public async Task<IReadOnlyList<FormatVersion>> ListLatestAsync(string round, bool includeContent = false, CancellationToken ct = default)
    {
        StorageKeys.Round(round);
        return await QueryAsync(round, "L|", "L}", includeContent, ct);
    }

    public async Task<FormatVersion?> GetLatestAsync(string round, string agb, bool includeContent = true, CancellationToken ct = default)
    {
        StorageKeys.Round(round);
        StorageKeys.Agb(agb);
        return await GetAsync(round, LatestKey(agb), includeContent, ct);
    }

    public async Task<IReadOnlyList<FormatVersion>> ListVersionsAsync(string round, string agb, CancellationToken ct = default)
    {
        StorageKeys.Round(round);
        StorageKeys.Agb(agb);
        return await QueryAsync(round, $"V|{agb}|", $"V|{agb}}}", includeContent: false, ct);
    }

    public async Task<FormatVersion?> GetVersionAsync(string round, string agb, int version, CancellationToken ct = default)
    {
        StorageKeys.Round(round);
        StorageKeys.Agb(agb);
        StorageKeys.Version(version);
        return await GetAsync(round, VersionKey(agb, version), includeContent: true, ct);
    }

    public async Task<FormatVersion> AddVersionAsync(FormatVersion version, ETag? expectedLatest, CancellationToken ct = default)
    {
        StorageKeys.Round(version.Round);
        StorageKeys.Agb(version.Agb);
        StorageKeys.Version(version.Version);
        var table = await account.TableAsync(StorageAccount.FormatsTable, ct);

        var etag = await CurrentRows.CommitAsync(account, table, ToEntity(version, VersionKey(version.Agb, version.Version)), LatestKey(version.Agb),
            expectedLatest, ct);
        return version with { ETag = etag };
    }

    public async Task<FormatVersion> SetStatusAsync(FormatVersion latest, string status, CancellationToken ct = default)
    {
        var etag = await MergeLatestAndVersionAsync(latest, () => new TableEntity { ["Status"] = status, ["StatusChangedAt"] = DateTimeOffset.UtcNow }, ct);
        return latest with { Status = status, ETag = etag };
    }

    public async Task<FormatVersion> SetValidationAsync(FormatVersion revalidated, CancellationToken ct = default)
    {
        TableEntity Validation()
        {
            var e = new TableEntity
            {
                ["Status"] = revalidated.Status,
                ["ErrorCount"] = revalidated.ErrorCount,
                ["WarningCount"] = revalidated.WarningCount,
                ["ConfigurationHash"] = revalidated.ConfigurationHash,
                ["ValidatedAt"] = DateTimeOffset.UtcNow,
            };
            LargeText.Write(e, "Findings", revalidated.FindingsJson, MaxChunks);
            LargeText.Write(e, "Values", revalidated.ValuesJson, MaxChunks);
            return e;
        }
        var etag = await MergeLatestAndVersionAsync(revalidated, Validation, ct);
        return revalidated with { ETag = etag };
    }

    /// <summary>Merges the same properties into the latest row (if it still has <c>latest.ETag</c>) and its version row, in one transaction.</summary>
    private async Task<ETag> MergeLatestAndVersionAsync(FormatVersion latest, Func<TableEntity> properties, CancellationToken ct)
    {
        StorageKeys.Round(latest.Round);
        StorageKeys.Agb(latest.Agb);
        StorageKeys.Version(latest.Version);
        var table = await account.TableAsync(StorageAccount.FormatsTable, ct);
        TableEntity Patch(string rowKey)
        {
            var patch = properties();
            patch.PartitionKey = latest.Round;
            patch.RowKey = rowKey;
            return patch;
        }
        TableTransactionAction[] actions =
        [
            new(TableTransactionActionType.UpdateMerge, Patch(LatestKey(latest.Agb)), latest.ETag),
            new(TableTransactionActionType.UpdateMerge, Patch(VersionKey(latest.Agb, latest.Version)), ETag.All),
        ];
        try
        {
            TableBatch.Validate(actions);
            var response = await account.Resilience.Tables.Once.ExecuteAsync(
                async c => await table.SubmitTransactionAsync(actions, c), ct);
            return response.Value[0].Headers.ETag ?? default;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412 or 404)
        {
            throw new StorageConflictException($"The latest format of {latest.Agb} in round {latest.Round} changed; read it again.", e);
        }
    }

    private async Task<IReadOnlyList<FormatVersion>> QueryAsync(string round, string from, string to, bool includeContent, CancellationToken ct)
    {
        var table = await account.TableAsync(StorageAccount.FormatsTable, ct);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {round} and RowKey ge {from} and RowKey lt {to}");
        var select = includeContent ? null : SummaryColumns;
        return await account.Resilience.Tables.Idempotent.ExecuteAsync(async c =>
        {
            var list = new List<FormatVersion>();
            await foreach (var e in table.QueryAsync<TableEntity>(filter, select: select, cancellationToken: c))
                list.Add(ToRecord(e));
            return (IReadOnlyList<FormatVersion>)list;
        }, ct);
    }

    private async Task<FormatVersion?> GetAsync(string round, string rowKey, bool includeContent, CancellationToken ct)
    {
        var table = await account.TableAsync(StorageAccount.FormatsTable, ct);
        var response = await account.Resilience.Tables.Idempotent.ExecuteAsync(async c =>
            await table.GetEntityIfExistsAsync<TableEntity>(round, rowKey, includeContent ? null : SummaryColumns, c), ct);
        return response.HasValue && response.Value is { } e ? ToRecord(e) : null;
    }

    /// <summary>
    /// Throws <see cref="StorageLimitException"/> when the row could not be written (a text too long for a
    /// property, an entity over 1 MiB): checked before anything is stored, so an upload is refused whole.
    /// </summary>
    public static void EnsureStorable(FormatVersion version) =>
        EntitySize.EnsureWithinLimits(ToEntity(version, VersionKey(version.Agb, version.Version)));

    private static TableEntity ToEntity(FormatVersion v, string rowKey)
    {
        var e = new TableEntity(v.Round, rowKey)
        {
            ["Agb"] = v.Agb,
            ["Version"] = v.Version,
            ["Status"] = v.Status,
            ["ProviderName"] = v.ProviderName,
            ["UploadedAt"] = v.UploadedAt == default ? DateTimeOffset.UtcNow : v.UploadedAt,
            ["OriginalBlobName"] = v.OriginalBlobName,
            ["OriginalSha256"] = v.OriginalSha256,
            ["OriginalSize"] = v.OriginalSize,
            ["ErrorCount"] = v.ErrorCount,
            ["WarningCount"] = v.WarningCount,
            ["ConfigurationHash"] = v.ConfigurationHash,
        };
        LargeText.Write(e, "Findings", v.FindingsJson, MaxChunks);
        LargeText.Write(e, "Values", v.ValuesJson, MaxChunks);
        return e.WithoutNulls();
    }

    private static FormatVersion ToRecord(TableEntity e) => new()
    {
        Round = e.PartitionKey,
        Agb = e.GetString("Agb") ?? "",
        Version = e.GetInt32("Version") ?? 0,
        Status = e.GetString("Status") ?? "",
        ProviderName = e.GetString("ProviderName"),
        UploadedAt = e.GetDateTimeOffset("UploadedAt") ?? default,
        OriginalBlobName = e.GetString("OriginalBlobName"),
        OriginalSha256 = e.GetString("OriginalSha256"),
        OriginalSize = e.GetInt64("OriginalSize") ?? 0,
        ErrorCount = e.GetInt32("ErrorCount") ?? 0,
        WarningCount = e.GetInt32("WarningCount") ?? 0,
        FindingsJson = LargeText.Read(e, "Findings"),
        ValuesJson = LargeText.Read(e, "Values"),
        ConfigurationHash = e.GetString("ConfigurationHash"),
        ETag = e.ETag,
    };
}

/// <summary>The versions of one provider's format in a round, as <see cref="VersionedUploads"/> adds to them.</summary>
/// <param name="configurationHash">
/// The validation hash (<c>ConfigurationHash.ForValidation</c>) of the round configuration the upload is validated against: the
/// latest version holds the same bytes only if it was validated against the same.
/// </param>
public sealed class FormatUploadVersions(IFormatStore formats, string round, string agb, string configurationHash) : IUploadVersions<FormatVersion>
{
    public async Task<PlannedVersion<FormatVersion>> PlanAsync(int atLeast, CancellationToken ct)
    {
        // The new row replaces the latest row only if that is still the one read here.
        var latest = await formats.GetLatestAsync(round, agb, includeContent: false, ct);
        return new(Math.Max(atLeast, (latest?.Version ?? 0) + 1), latest, (row, c) => formats.AddVersionAsync(row, latest?.ETag, c));
    }

    public bool Holds(FormatVersion current, string sha256) =>
        current.OriginalSha256 == sha256 && current.ConfigurationHash == configurationHash;

    public string BlobName(int version) => new OriginalKey(round, agb, version).BlobName;

    public void EnsureStorable(FormatVersion row, int version)
    {
        if (row.Round != round || row.Agb != agb || row.Version != version)
            throw new ArgumentException("The row must keep round, AGB and the version number it was given.", nameof(row));
        FormatStore.EnsureStorable(row);
    }
}
