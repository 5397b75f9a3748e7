using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;

namespace Inkoop.Storage;

public static class SnapshotStatus
{
    public const string Concept = "concept";
    public const string Final = "final";
}

/// <summary>A snapshot's header: what it is, not its content.</summary>
public sealed record SnapshotHeader(string Round, string SnapshotId, string Status, DateTimeOffset CreatedAt)
{
    /// <summary>What the snapshot was computed from (e.g. a hash of the latest format versions), so an unchanged round is not recalculated.</summary>
    public string? InputFingerprint { get; init; }
    /// <summary>A small JSON summary (at most ~180 KB), e.g. counts, for lists.</summary>
    public string? SummaryJson { get; init; }
    public int PartCount { get; init; }
    public long ContentLength { get; init; }
    public string? ContentSha256 { get; init; }
    public DateTimeOffset? FinalizedAt { get; init; }
    /// <summary>For a final snapshot that followed a market consultation: that consultation and the concept it was held on.</summary>
    public SnapshotOrigin? Origin { get; init; }
    public ETag ETag { get; init; }
}

/// <summary>What a final snapshot followed: the consultation (id) and the concept snapshot it consulted on.</summary>
public sealed record SnapshotOrigin(string Consultation, string Concept);

/// <summary>The "current snapshot" pointer of a round, with the ETag to flip it against.</summary>
public sealed record CurrentSnapshot(string Round, string SnapshotId, DateTimeOffset UpdatedAt, ETag ETag);

public interface ISnapshotStore
{
    /// <summary>
    /// Writes a new concept snapshot under a fresh id (content rows first, header last) and returns its
    /// header. It is not current until <see cref="SetCurrentAsync"/> flips the pointer.
    /// </summary>
    Task<SnapshotHeader> WriteAsync(string round, string contentJson, string? inputFingerprint = null,
        string? summaryJson = null, CancellationToken ct = default);

    /// <summary>All snapshots of a round, oldest first.</summary>
    Task<IReadOnlyList<SnapshotHeader>> ListAsync(string round, CancellationToken ct = default);

    Task<SnapshotHeader?> GetHeaderAsync(string round, string snapshotId, CancellationToken ct = default);

    /// <summary>The content JSON, or null when there is no complete snapshot with that id.</summary>
    Task<string?> ReadContentAsync(string round, string snapshotId, CancellationToken ct = default);

    Task<CurrentSnapshot?> GetCurrentAsync(string round, CancellationToken ct = default);

    /// <summary>
    /// Points "current" at a complete snapshot. <paramref name="expected"/> is the ETag of the pointer as read
    /// (null: there was none). Throws <see cref="StorageConflictException"/> if the pointer moved meanwhile,
    /// <see cref="KeyNotFoundException"/> if the snapshot does not exist.
    /// </summary>
    Task<CurrentSnapshot> SetCurrentAsync(string round, string snapshotId, ETag? expected, CancellationToken ct = default);

    /// <summary>Marks a snapshot final (idempotent). A final snapshot never changes.</summary>
    Task<SnapshotHeader> MarkFinalAsync(string round, string snapshotId, CancellationToken ct = default);

    /// <summary>
    /// Marks a snapshot final and records the consultation and concept it followed (idempotent). A snapshot already
    /// final without an origin gets this one; one that records another consultation is a <see cref="StorageConflictException"/>.
    /// </summary>
    Task<SnapshotHeader> MarkFinalAsync(string round, string snapshotId, SnapshotOrigin origin, CancellationToken ct = default);
    /// A document derived from a snapshot's inputs (its sensitivity), cached beside the snapshot under
    /// <paramref name="kind"/>; null when none is stored (or a write of it was cut short).
    /// </summary>
    Task<string?> ReadDerivedAsync(string round, string snapshotId, string kind, CancellationToken ct = default);

    /// <summary>
    /// Stores a derived document: parts first, the index row last, all upserts. The same inputs give the same
    /// document, so two writers racing write the same text and either may win.
    /// </summary>
    Task WriteDerivedAsync(string round, string snapshotId, string kind, string json, CancellationToken ct = default);

    /// <summary>Deletes a concept snapshot that never became current (header and content); never the current or a final one.</summary>
    Task DeleteUnreferencedAsync(string round, string snapshotId, CancellationToken ct = default);

    /// <summary>
    /// Deletes content rows without a header (a write that failed half-way) of snapshots created before
    /// <paramref name="createdBefore"/>, so writes in progress are left alone. Returns the snapshot ids removed.
    /// </summary>
    Task<IReadOnlyList<string>> RemoveIncompleteAsync(string round, DateTimeOffset createdBefore, CancellationToken ct = default);
}

/// <summary>
/// Table <c>Snapshots</c> (or, for lumpsum variance, <c>Variance</c> with PartitionKey <c>{year}-q{quarter}</c>), PartitionKey = round id. RowKeys: <c>current</c> the pointer, <c>H|{id}</c> a header,
/// <c>P|{id}|{part:D4}</c> content rows of ~900 KB each, <c>D|{id}|{kind}</c> and <c>D|{id}|{kind}|{part:D4}</c> a
/// derived document cached with the snapshot (index row and parts). Ids are <c>yyyyMMddTHHmmssfffZ-{8 hex}</c>: they sort by
/// time and are never reused, so content rows can be written with idempotent upserts and retried.
/// </summary>
public sealed class SnapshotStore(StorageAccount account, string tableName = StorageAccount.SnapshotsTable) : ISnapshotStore
{
    internal const string CurrentKey = "current";
    private const int SummaryChunks = 3;
    internal static string HeaderKey(string id) => $"H|{id}";
    internal static string PartKey(string id, int part) => $"P|{id}|{part:D4}";

    public static string NewSnapshotId(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture) + "-" +
        Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    public async Task<SnapshotHeader> WriteAsync(string round, string contentJson, string? inputFingerprint = null,
        string? summaryJson = null, CancellationToken ct = default)
    {
        StorageKeys.Round(round);
        ArgumentNullException.ThrowIfNull(contentJson);
        var table = await account.TableAsync(tableName, ct);
        var id = NewSnapshotId(DateTimeOffset.UtcNow);

        var pieces = LargeText.SplitForRows(contentJson);
        var parts = pieces.Select((piece, i) =>
        {
            var e = new TableEntity(round, PartKey(id, i));
            LargeText.Write(e, "Content", piece);
            return new TableTransactionAction(TableTransactionActionType.UpsertReplace, e);
        });
        foreach (var batch in TableBatch.Split(parts))
            await TableBatch.SubmitAsync(table, batch, account.Resilience.Tables.Idempotent, ct);

        var header = new SnapshotHeader(round, id, SnapshotStatus.Concept, DateTimeOffset.UtcNow)
        {
            InputFingerprint = inputFingerprint,
            SummaryJson = summaryJson,
            PartCount = pieces.Count,
            ContentLength = contentJson.Length,
            ContentSha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(contentJson))),
        };
        var entity = ToEntity(header);
        EntitySize.EnsureWithinLimits(entity);
        var response = await account.Resilience.Tables.Idempotent.ExecuteAsync(
            async c => await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, c), ct);
        return header with { ETag = response.Headers.ETag ?? default };
    }

    public async Task<IReadOnlyList<SnapshotHeader>> ListAsync(string round, CancellationToken ct = default)
    {
        StorageKeys.Round(round);
        var table = await account.TableAsync(tableName, ct);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {round} and RowKey ge {"H|"} and RowKey lt {"H}"}");
        return await account.Resilience.Tables.Idempotent.ExecuteAsync(async c =>
        {
            var list = new List<SnapshotHeader>();
            await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: c)) list.Add(ToHeader(e));
            return (IReadOnlyList<SnapshotHeader>)list;
        }, ct);
    }

    public async Task<SnapshotHeader?> GetHeaderAsync(string round, string snapshotId, CancellationToken ct = default)
    {
        StorageKeys.Round(round);
        StorageKeys.SnapshotId(snapshotId);
        var table = await account.TableAsync(tableName, ct);
        var response = await account.Resilience.Tables.Idempotent.ExecuteAsync(async c =>
            await table.GetEntityIfExistsAsync<TableEntity>(round, HeaderKey(snapshotId), cancellationToken: c), ct);
        return response.HasValue && response.Value is { } e ? ToHeader(e) : null;
    }

    public async Task<string?> ReadContentAsync(string round, string snapshotId, CancellationToken ct = default)
    {
        var header = await GetHeaderAsync(round, snapshotId, ct);
        if (header is null) return null;
        var table = await account.TableAsync(tableName, ct);
        var from = $"P|{snapshotId}|";
        var to = $"P|{snapshotId}}}";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {round} and RowKey ge {from} and RowKey lt {to}");
        return await account.Resilience.Tables.Idempotent.ExecuteAsync(async c =>
        {
            var sb = new StringBuilder((int)Math.Min(header.ContentLength, int.MaxValue));
            var count = 0;
            await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: c))
            {
                if (e.RowKey != PartKey(snapshotId, count)) throw new InvalidDataException($"Snapshot {snapshotId} misses part {count}.");
                sb.Append(LargeText.Read(e, "Content"));
                count++;
            }
            if (count != header.PartCount) throw new InvalidDataException($"Snapshot {snapshotId} has {count} of {header.PartCount} parts.");
            return sb.ToString();
        }, ct);
    }

    public async Task<CurrentSnapshot?> GetCurrentAsync(string round, CancellationToken ct = default)
    {
        StorageKeys.Round(round);
        var table = await account.TableAsync(tableName, ct);
        var response = await account.Resilience.Tables.Idempotent.ExecuteAsync(async c =>
            await table.GetEntityIfExistsAsync<TableEntity>(round, CurrentKey, cancellationToken: c), ct);
        return response.HasValue && response.Value is { } e
            ? new CurrentSnapshot(round, e.GetString("SnapshotId") ?? "", e.GetDateTimeOffset("UpdatedAt") ?? default, e.ETag)
            : null;
    }

    public async Task<CurrentSnapshot> SetCurrentAsync(string round, string snapshotId, ETag? expected, CancellationToken ct = default)
    {
        StorageKeys.Round(round);
        StorageKeys.SnapshotId(snapshotId);
        if (await GetHeaderAsync(round, snapshotId, ct) is null)
            throw new KeyNotFoundException($"Snapshot {snapshotId} of round {round} does not exist (or is not complete).");
        var table = await account.TableAsync(tableName, ct);
        var now = DateTimeOffset.UtcNow;
        var entity = new TableEntity(round, CurrentKey) { ["SnapshotId"] = snapshotId, ["UpdatedAt"] = now };
        try
        {
            var response = await account.Resilience.Tables.Once.ExecuteAsync(async c => expected is { } etag
                ? await table.UpdateEntityAsync(entity, etag, TableUpdateMode.Replace, c)
                : await table.AddEntityAsync(entity, c), ct);
            return new CurrentSnapshot(round, snapshotId, now, response.Headers.ETag ?? default);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412 or 404)
        {
            throw new StorageConflictException($"The current snapshot of round {round} moved on meanwhile.", e);
        }
    }

    public Task<SnapshotHeader> MarkFinalAsync(string round, string snapshotId, CancellationToken ct = default) =>
        FinalizeAsync(round, snapshotId, null, ct);

    public Task<SnapshotHeader> MarkFinalAsync(string round, string snapshotId, SnapshotOrigin origin, CancellationToken ct = default) =>
        FinalizeAsync(round, snapshotId, origin, ct);

    private async Task<SnapshotHeader> FinalizeAsync(string round, string snapshotId, SnapshotOrigin? origin, CancellationToken ct)
    {
        var table = await account.TableAsync(tableName, ct);
        for (var attempt = 0; ; attempt++)
        {
            var header = await GetHeaderAsync(round, snapshotId, ct)
                         ?? throw new KeyNotFoundException($"Snapshot {snapshotId} of round {round} does not exist.");
            if (header.Origin is { } recorded && origin is not null && recorded != origin)
                throw new StorageConflictException($"Snapshot {snapshotId} of round {round} followed consultation {recorded.Consultation} already.");
            if (header.Status == SnapshotStatus.Final && (origin is null || header.Origin == origin)) return header;
            var now = header.FinalizedAt ?? DateTimeOffset.UtcNow;
            var patch = new TableEntity(round, HeaderKey(snapshotId)) { ["Status"] = SnapshotStatus.Final, ["FinalizedAt"] = now };
            if (origin is not null)
            {
                patch["Consultation"] = origin.Consultation;
                patch["ConceptSnapshot"] = origin.Concept;
            }
            try
            {
                var response = await account.Resilience.Tables.Once.ExecuteAsync(async c =>
                    await table.UpdateEntityAsync(patch, header.ETag, TableUpdateMode.Merge, c), ct);
                return header with
                {
                    Status = SnapshotStatus.Final, FinalizedAt = now, Origin = origin ?? header.Origin, ETag = response.Headers.ETag ?? default,
                };
            }
            catch (RequestFailedException e) when (e.Status == 412 && attempt < 3)
            {
                // Someone else changed the header (most likely: finalised it too); read again.
            }
        }
    }

    public async Task<string?> ReadDerivedAsync(string round, string snapshotId, string kind, CancellationToken ct = default)
    {
        StorageKeys.Round(round);
        StorageKeys.SnapshotId(snapshotId);
        DerivedKind(kind);
        var table = await account.TableAsync(tableName, ct);
        var index = await account.Resilience.Tables.Idempotent.ExecuteAsync(async c =>
            await table.GetEntityIfExistsAsync<TableEntity>(round, DerivedKey(snapshotId, kind), cancellationToken: c), ct);
        if (!index.HasValue || index.Value is not { } entry) return null;
        var parts = entry.GetInt32("PartCount") ?? 0;
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {round} and RowKey ge {DerivedKey(snapshotId, kind) + "|"} and RowKey lt {DerivedKey(snapshotId, kind) + "}"}");
        var text = await account.Resilience.Tables.Idempotent.ExecuteAsync(async c =>
        {
            var sb = new StringBuilder();
            var count = 0;
            await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: c))
            {
                if (count >= parts || e.RowKey != $"{DerivedKey(snapshotId, kind)}|{count:D4}") return null;
                sb.Append(LargeText.Read(e, "Content"));
                count++;
            }
            return count == parts ? sb.ToString() : null;
        }, ct);
        // A text that does not match its index is treated as absent: it is computed and written again.
        return text is not null && Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))) == entry.GetString("ContentSha256")
            ? text
            : null;
    }

    public async Task WriteDerivedAsync(string round, string snapshotId, string kind, string json, CancellationToken ct = default)
    {
        StorageKeys.Round(round);
        StorageKeys.SnapshotId(snapshotId);
        DerivedKind(kind);
        ArgumentNullException.ThrowIfNull(json);
        var table = await account.TableAsync(tableName, ct);
        var pieces = LargeText.SplitForRows(json);
        var parts = pieces.Select((piece, i) =>
        {
            var e = new TableEntity(round, $"{DerivedKey(snapshotId, kind)}|{i:D4}");
            LargeText.Write(e, "Content", piece);
            return new TableTransactionAction(TableTransactionActionType.UpsertReplace, e);
        });
        foreach (var batch in TableBatch.Split(parts))
            await TableBatch.SubmitAsync(table, batch, account.Resilience.Tables.Idempotent, ct);
        var index = new TableEntity(round, DerivedKey(snapshotId, kind))
        {
            ["PartCount"] = pieces.Count,
            ["ContentLength"] = json.Length,
            ["ContentSha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json))),
        };
        await account.Resilience.Tables.Idempotent.ExecuteAsync(async c => await table.UpsertEntityAsync(index, TableUpdateMode.Replace, c), ct);
    }

    internal static string DerivedKey(string id, string kind) => $"D|{id}|{kind}";

    private static void DerivedKind(string kind)
    {
        if (kind.Length is 0 or > 32 || !kind.All(char.IsAsciiLetterLower))
            throw new ArgumentException($"A derived document's kind is 1-32 lower-case letters: '{kind}'.", nameof(kind));
    }

    public async Task DeleteUnreferencedAsync(string round, string snapshotId, CancellationToken ct = default)
    {
        var header = await GetHeaderAsync(round, snapshotId, ct);
        if (header?.Status == SnapshotStatus.Final || (await GetCurrentAsync(round, ct))?.SnapshotId == snapshotId)
            return;
        var table = await account.TableAsync(StorageAccount.SnapshotsTable, ct);
        // Header first: without it the content is incomplete, and RemoveIncompleteAsync finishes a delete cut short.
        await account.Resilience.Tables.Idempotent.ExecuteAsync(async c => await table.DeleteEntityAsync(round, HeaderKey(snapshotId), ETag.All, c), ct);
        var keys = (await PartKeysAsync(table, round, $"P|{snapshotId}|", $"P|{snapshotId}}}", ct))
            .Concat(await PartKeysAsync(table, round, $"D|{snapshotId}|", $"D|{snapshotId}}}", ct));
        foreach (var key in keys)
            await account.Resilience.Tables.Idempotent.ExecuteAsync(async c => await table.DeleteEntityAsync(round, key, ETag.All, c), ct);
    }

    public async Task<IReadOnlyList<string>> RemoveIncompleteAsync(string round, DateTimeOffset createdBefore, CancellationToken ct = default)
    {
        StorageKeys.Round(round);
        var table = await account.TableAsync(StorageAccount.SnapshotsTable, ct);
        var headers = (await ListAsync(round, ct)).Select(h => h.SnapshotId).ToHashSet(StringComparer.Ordinal);
        var removed = new List<string>();
        foreach (var group in (await PartKeysAsync(table, round, "P|", "P}", ct)).GroupBy(key => key.Split('|')[1]))
        {
            if (headers.Contains(group.Key) || !CreatedAt(group.Key, out var created) || created >= createdBefore)
                continue;
            foreach (var key in group)
                await account.Resilience.Tables.Idempotent.ExecuteAsync(async c => await table.DeleteEntityAsync(round, key, ETag.All, c), ct);
            removed.Add(group.Key);
        }
        return removed;
    }

    private async Task<List<string>> PartKeysAsync(TableClient table, string round, string from, string to, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {round} and RowKey ge {from} and RowKey lt {to}");
        return await account.Resilience.Tables.Idempotent.ExecuteAsync(async c =>
        {
            var keys = new List<string>();
            await foreach (var e in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: c)) keys.Add(e.RowKey);
            return keys;
        }, ct);
    }

    /// <summary>The time in an id of <see cref="NewSnapshotId"/>.</summary>
    private static bool CreatedAt(string snapshotId, out DateTimeOffset created) =>
        DateTimeOffset.TryParseExact(snapshotId.Split('-')[0], "yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out created);

    private static TableEntity ToEntity(SnapshotHeader h)
    {
        var e = new TableEntity(h.Round, HeaderKey(h.SnapshotId))
        {
            ["SnapshotId"] = h.SnapshotId,
            ["Status"] = h.Status,
            ["CreatedAt"] = h.CreatedAt,
            ["InputFingerprint"] = h.InputFingerprint,
            ["PartCount"] = h.PartCount,
            ["ContentLength"] = h.ContentLength,
            ["ContentSha256"] = h.ContentSha256,
        };
        LargeText.Write(e, "Summary", h.SummaryJson, SummaryChunks);
        return e.WithoutNulls();
    }

    private static SnapshotHeader ToHeader(TableEntity e) =>
        new(e.PartitionKey, e.GetString("SnapshotId") ?? "", e.GetString("Status") ?? "", e.GetDateTimeOffset("CreatedAt") ?? default)
        {
            InputFingerprint = e.GetString("InputFingerprint"),
            SummaryJson = LargeText.Read(e, "Summary"),
            PartCount = e.GetInt32("PartCount") ?? 0,
            ContentLength = e.GetInt64("ContentLength") ?? 0,
            ContentSha256 = e.GetString("ContentSha256"),
            FinalizedAt = e.GetDateTimeOffset("FinalizedAt"),
            Origin = e.GetString("Consultation") is { } consultation ? new SnapshotOrigin(consultation, e.GetString("ConceptSnapshot") ?? "") : null,
            ETag = e.ETag,
        };
}
