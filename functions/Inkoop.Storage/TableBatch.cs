using Azure.Data.Tables;
using Polly;

namespace Inkoop.Storage;

/// <summary>
/// Entity group transactions. The service's rules: one PartitionKey, at most 100 actions, each entity at
/// most once, at most 4 MiB of payload. Azurite does not enforce the one-partition rule, so it is
/// checked here, before anything is sent: a batch that breaks a rule is never submitted.
/// </summary>
public static class TableBatch
{
    public const int MaxActions = 100;
    /// <summary>The 4 MiB request limit, less room for the multipart envelope and headers.</summary>
    public const long MaxBytes = 4L * 1024 * 1024 - 128 * 1024;

    /// <summary>Throws <see cref="ArgumentException"/> (or <see cref="StorageLimitException"/>) when the batch breaks a rule.</summary>
    public static void Validate(IReadOnlyList<TableTransactionAction> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (actions.Count == 0) throw new ArgumentException("A batch needs at least one action.", nameof(actions));
        if (actions.Count > MaxActions) throw new ArgumentException($"A batch holds at most {MaxActions} actions, not {actions.Count}.", nameof(actions));

        var partition = actions[0].Entity.PartitionKey;
        var rows = new HashSet<string>(StringComparer.Ordinal);
        long bytes = 0;
        foreach (var action in actions)
        {
            if (!string.Equals(action.Entity.PartitionKey, partition, StringComparison.Ordinal))
                throw new ArgumentException(
                    $"A batch must stay in one partition: '{partition}' and '{action.Entity.PartitionKey}'.", nameof(actions));
            if (!rows.Add(action.Entity.RowKey))
                throw new ArgumentException($"Row '{action.Entity.RowKey}' occurs twice in one batch.", nameof(actions));
            if (action.Entity is TableEntity entity)
            {
                EntitySize.EnsureWithinLimits(entity);
                bytes += EntitySize.PayloadBytes(entity);
            }
            else
            {
                StorageKeys.EnsureValidTableKey(action.Entity.PartitionKey, "PartitionKey");
                StorageKeys.EnsureValidTableKey(action.Entity.RowKey, "RowKey");
            }
        }
        if (bytes > MaxBytes) throw new StorageLimitException($"A batch holds at most 4 MiB on the wire, this one up to {bytes} bytes.");
    }

    /// <summary>Checks the batch and submits it as one transaction: all actions succeed, or none.</summary>
    public static async Task SubmitAsync(TableClient table, IReadOnlyList<TableTransactionAction> actions,
        ResiliencePipeline pipeline, CancellationToken ct)
    {
        Validate(actions);
        await pipeline.ExecuteAsync(async c => { await table.SubmitTransactionAsync(actions, c); }, ct);
    }

    /// <summary>
    /// Cuts actions of one partition into valid batches (by count and size), in order. Atomic per batch
    /// only: use it for rows that nobody reads before a later pointer or header makes them visible.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<TableTransactionAction>> Split(IEnumerable<TableTransactionAction> actions)
    {
        var batches = new List<IReadOnlyList<TableTransactionAction>>();
        var current = new List<TableTransactionAction>();
        long bytes = 0;
        foreach (var action in actions)
        {
            var size = action.Entity is TableEntity e ? EntitySize.PayloadBytes(e) : 1024;
            if (current.Count > 0 && (current.Count == MaxActions || bytes + size > MaxBytes))
            {
                batches.Add(current);
                current = [];
                bytes = 0;
            }
            current.Add(action);
            bytes += size;
        }
        if (current.Count > 0) batches.Add(current);
        foreach (var batch in batches) Validate(batch);
        return batches;
    }
}
