using Azure;
using Azure.Data.Tables;

namespace Inkoop.Storage;

/// <summary>
/// The current row of each slot of a versioned upload kept in one partition (a bidder's bid for a lot in table <c>Bids</c>, a
/// realisation report's quarter, AGB and segment in table <c>Realisation</c>): a full copy of the slot's newest version row
/// <c>{slot}|{version:D6}</c> under RowKey <c>current|{slot}</c>, moved on in the same transaction as the version row is
/// added, so readers of "the current ones" read one range of a partition and never the superseded versions. Slots start with
/// a digit, an upper-case letter, <c>-</c> or <c>_</c>, so every version row sorts before <c>current|</c>.
/// <para>
/// Rows stored before current rows existed have none. The partition's marker (RowKey <c>current|</c>, the first of the
/// range) says every slot has its current row; the first reader of a partition without it backfills: it reads the whole
/// partition once, adds the missing current rows (insert-if-absent: a current row an upload wrote meanwhile is newer and
/// stays), adds the marker and reads the range again.
/// </para>
/// </summary>
internal static class CurrentRows
{
    public const string Prefix = "current|";
    private const string End = "current}";
    private const string Marker = Prefix;

    public static string Key(string slot) => Prefix + slot;

    /// <summary>The version rows of a partition, without the current rows.</summary>
    public static string VersionsFilter(string partition) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey lt {Prefix}");

    /// <summary>
    /// Adds <paramref name="version"/> and makes a copy of it the current row <paramref name="currentKey"/>, in one entity group
    /// transaction: insert-if-absent when <paramref name="expectedCurrent"/> is null, else replace if the current row still has
    /// that ETag. Throws <see cref="StorageConflictException"/> (nothing written) when the version exists or the current row moved
    /// on. Returns the new current row's ETag.
    /// </summary>
    public static async Task<ETag> CommitAsync(StorageAccount account, TableClient table, TableEntity version, string currentKey,
        ETag? expectedCurrent, CancellationToken ct)
    {
        var current = CopyAs(version, currentKey);
        TableTransactionAction[] actions =
        [
            new(TableTransactionActionType.Add, version),
            expectedCurrent is { } etag
                ? new(TableTransactionActionType.UpdateReplace, current, etag)
                : new(TableTransactionActionType.Add, current),
        ];
        TableBatch.Validate(actions);
        try
        {
            var response = await account.Resilience.Tables.Once.ExecuteAsync(async c => await table.SubmitTransactionAsync(actions, c), ct);
            return response.Value[1].Headers.ETag ?? default;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412 or 404)
        {
            throw new StorageConflictException($"Row {version.RowKey} in {version.PartitionKey} exists already, or {currentKey} moved on.", e);
        }
    }

    /// <summary>
    /// Replaces the current row <paramref name="currentKey"/> (if it still has <paramref name="expectedCurrent"/>) and the version
    /// row it copies with <paramref name="version"/>, in one transaction; false when the current row changed since it was read.
    /// </summary>
    public static async Task<bool> ReplaceAsync(StorageAccount account, TableClient table, TableEntity version, string currentKey,
        ETag expectedCurrent, CancellationToken ct)
    {
        TableTransactionAction[] actions =
        [
            new(TableTransactionActionType.UpdateReplace, CopyAs(version, currentKey), expectedCurrent),
            new(TableTransactionActionType.UpdateReplace, version, ETag.All),
        ];
        TableBatch.Validate(actions);
        try
        {
            await account.Resilience.Tables.Once.ExecuteAsync(async c => await table.SubmitTransactionAsync(actions, c), ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404 or 409)
        {
            return false;
        }
    }

    /// <summary>The current row of one slot (one point read), or null.</summary>
    public static async Task<TableEntity?> GetAsync(StorageAccount account, TableClient table, string partition, string slot, CancellationToken ct)
    {
        var response = await account.Resilience.Tables.Idempotent.ExecuteAsync(
            async c => await table.GetEntityIfExistsAsync<TableEntity>(partition, Key(slot), cancellationToken: c), ct);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>
    /// The current rows of a partition whose slot starts with <paramref name="slotPrefix"/> (empty: all), in RowKey order: one
    /// range query (with a point read of the marker beside it when a prefix narrows the range), a backfill the first time.
    /// </summary>
    public static async Task<IReadOnlyList<TableEntity>> ListAsync(StorageAccount account, TableClient table, string partition, string slotPrefix,
        CancellationToken ct)
    {
        if (slotPrefix.Length == 0)
        {
            var rows = await QueryAsync(account, table, Range(partition, Marker, End), ct);
            if (rows.Count > 0 && rows[0].RowKey == Marker) return rows.GetRange(1, rows.Count - 1);
        }
        else
        {
            var marked = account.Resilience.Tables.Idempotent.ExecuteAsync(
                async c => (await table.GetEntityIfExistsAsync<TableEntity>(partition, Marker, ["RowKey"], c)).HasValue, ct).AsTask();
            var rows = QueryAsync(account, table, Range(partition, Key(slotPrefix), Key(slotPrefix) + "~"), ct);
            if (await marked) return await rows;
            await rows;
        }
        await BackfillAsync(account, table, partition, ct);
        return await ListAsync(account, table, partition, slotPrefix, ct);
    }

    private static async Task BackfillAsync(StorageAccount account, TableClient table, string partition, CancellationToken ct)
    {
        var all = await QueryAsync(account, table, TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), ct);
        var current = all.Where(r => r.RowKey.StartsWith(Prefix, StringComparison.Ordinal)).Select(r => r.RowKey).ToHashSet(StringComparer.Ordinal);
        // Versions are zero-padded, so a slot's newest version row is its last in RowKey order.
        var newest = all.Where(r => !r.RowKey.StartsWith(Prefix, StringComparison.Ordinal))
            .GroupBy(r => r.RowKey[..r.RowKey.LastIndexOf(StorageKeys.Separator)], StringComparer.Ordinal)
            .Select(g => g.MaxBy(r => r.RowKey, StringComparer.Ordinal)!);
        foreach (var version in newest)
        {
            var key = Key(version.RowKey[..version.RowKey.LastIndexOf(StorageKeys.Separator)]);
            if (!current.Contains(key)) await AddIfAbsentAsync(account, table, CopyAs(version, key), ct);
        }
        await AddIfAbsentAsync(account, table, new TableEntity(partition, Marker) { ["BackfilledAt"] = DateTimeOffset.UtcNow }, ct);
    }

    private static async Task AddIfAbsentAsync(StorageAccount account, TableClient table, TableEntity entity, CancellationToken ct)
    {
        try
        {
            // A 409 is the row being there already (written by an upload, another backfill, or our own lost first attempt): fine.
            await account.Resilience.Tables.Idempotent.ExecuteAsync(async c => await table.AddEntityAsync(entity, c), ct);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
        }
    }

    /// <summary>The properties of <paramref name="row"/> under another RowKey of its partition (no ETag, no timestamp).</summary>
    private static TableEntity CopyAs(TableEntity row, string rowKey)
    {
        var copy = new TableEntity(row.PartitionKey, rowKey);
        foreach (var (name, value) in row)
            if (name is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")) copy[name] = value;
        return copy;
    }

    private static string Range(string partition, string from, string to) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {from} and RowKey lt {to}");

    public static async Task<List<TableEntity>> QueryAsync(StorageAccount account, TableClient table, string filter, CancellationToken ct) =>
        await account.Resilience.Tables.Idempotent.ExecuteAsync(async c =>
        {
            var list = new List<TableEntity>();
            await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: c)) list.Add(e);
            return list;
        }, ct);
}
