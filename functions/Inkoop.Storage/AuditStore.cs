using System.Security.Cryptography;
using Azure.Data.Tables;

namespace Inkoop.Storage;

/// <summary>
/// One audited action: who (key id or principal, role, AGB-code), what (action, round, target), when, from where
/// (remote address) and the outcome (HTTP status). <paramref name="Count"/>: how many requests the row stands for, when it
/// counts several (failed authentications, one row per client and window); null for one. <paramref name="CorrelationId"/>:
/// the request's correlation id (its <c>X-Correlation-Id</c> answer, <c>correlationId</c> of its problem), so a provider
/// quoting it from an error leads to the row; null for rows that stand for several requests.
/// </summary>
public sealed record AuditEntry(
    DateTimeOffset At,
    string Action,
    string Method,
    string Path,
    int Status,
    string Outcome,
    string? Caller,
    string? Role,
    string? Agb,
    string? Round,
    string? Target,
    string? RemoteAddress,
    int? Count = null,
    string? CorrelationId = null);

public interface IAuditStore
{
    Task AddAsync(AuditEntry entry, CancellationToken ct = default);

    /// <summary>Newest first; only <paramref name="round"/>'s entries when given (<c>-</c>: the entries of no round).</summary>
    Task<IReadOnlyList<AuditEntry>> ListAsync(string? round, int limit, CancellationToken ct = default);
}

/// <summary>
/// Table <c>Audit</c>: PartitionKey the round id (<c>-</c> for actions outside a round, such as keys), RowKey
/// <c>{DateTimeOffset.MaxValue.Ticks - ticks:D19}|{random}</c>: inverted ticks, so a partition reads newest first.
/// Rows are only ever added.
/// </summary>
public sealed class AuditStore(StorageAccount account) : IAuditStore
{
    public const string NoRound = "-";

    public async Task AddAsync(AuditEntry entry, CancellationToken ct = default)
    {
        var table = await account.TableAsync(StorageAccount.AuditTable, ct);
        var partition = entry.Round is { } r && StorageKeys.IsValidRound(r) ? r : NoRound;
        var row = $"{DateTimeOffset.MaxValue.UtcTicks - entry.At.UtcTicks:D19}{StorageKeys.Separator}{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        var entity = new TableEntity(partition, row)
        {
            ["At"] = entry.At,
            ["Action"] = entry.Action,
            ["Method"] = entry.Method,
            ["Path"] = Cut(entry.Path, 1024),
            ["Status"] = entry.Status,
            ["Outcome"] = entry.Outcome,
            ["Caller"] = entry.Caller,
            ["Role"] = entry.Role,
            ["Agb"] = entry.Agb,
            ["Target"] = Cut(entry.Target, 1024),
            ["RemoteAddress"] = entry.RemoteAddress,
            ["Count"] = entry.Count,
            ["CorrelationId"] = entry.CorrelationId,
        }.WithoutNulls();
        // A fresh random row key: adding it again after a lost answer at worst duplicates one line.
        await account.Resilience.Tables.Idempotent.ExecuteAsync(async c => await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, c), ct);
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(string? round, int limit, CancellationToken ct = default)
    {
        var table = await account.TableAsync(StorageAccount.AuditTable, ct);
        return await account.Resilience.Tables.Idempotent.ExecuteAsync(async c =>
        {
            var rows = new List<(string Row, AuditEntry Entry)>();
            var query = round is null
                ? table.QueryAsync<TableEntity>(cancellationToken: c)
                : table.QueryAsync<TableEntity>(x => x.PartitionKey == round, cancellationToken: c);
            await foreach (var e in query)
            {
                rows.Add((e.RowKey, ToEntry(e)));
                // One partition comes newest first, so it can stop early; across rounds every partition is read and merged.
                if (round is not null && rows.Count >= limit) break;
            }
            return (IReadOnlyList<AuditEntry>)rows.OrderBy(r => r.Row, StringComparer.Ordinal).Take(limit).Select(r => r.Entry).ToList();
        }, ct);
    }

    private static AuditEntry ToEntry(TableEntity e) => new(
        e.GetDateTimeOffset("At") ?? default, e.GetString("Action") ?? "", e.GetString("Method") ?? "", e.GetString("Path") ?? "",
        e.GetInt32("Status") ?? 0, e.GetString("Outcome") ?? "", e.GetString("Caller"), e.GetString("Role"), e.GetString("Agb"),
        e.PartitionKey == NoRound ? null : e.PartitionKey, e.GetString("Target"), e.GetString("RemoteAddress"),
        e.GetInt32("Count"), e.GetString("CorrelationId"));

    private static string? Cut(string? s, int max) => s is null || s.Length <= max ? s : s[..max];
}
