using Azure;
using Azure.Data.Tables;

namespace Inkoop.Storage;

/// <summary>A tender as stored: its round and name for lists, plus the configuration JSON exactly as sent.</summary>
public sealed record TenderRecord(string Tender, string Name, string Round, string ConfigurationJson)
{
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

public interface ITenderStore
{
    Task<TenderRecord?> GetAsync(string tender, CancellationToken ct = default);

    /// <summary>All tenders, ordered by id.</summary>
    Task<IReadOnlyList<TenderRecord>> ListAsync(CancellationToken ct = default);

    /// <summary>Creates the tender or replaces its configuration; true when it was created.</summary>
    Task<(TenderRecord Tender, bool Created)> SaveAsync(TenderRecord tender, CancellationToken ct = default);
}

/// <summary>Table <c>Tenders</c>: PartitionKey <c>tender</c> (tenders are few), RowKey the tender id.</summary>
public sealed class TenderStore(StorageAccount account) : ITenderStore
{
    internal const string Partition = "tender";

    public async Task<TenderRecord?> GetAsync(string tender, CancellationToken ct = default)
    {
        StorageKeys.Tender(tender);
        var table = await account.TableAsync(StorageAccount.TendersTable, ct);
        var response = await account.Resilience.Tables.Idempotent.ExecuteAsync(
            async c => await table.GetEntityIfExistsAsync<TableEntity>(Partition, tender, cancellationToken: c), ct);
        return response.HasValue && response.Value is { } e ? ToRecord(e) : null;
    }

    public async Task<IReadOnlyList<TenderRecord>> ListAsync(CancellationToken ct = default)
    {
        var table = await account.TableAsync(StorageAccount.TendersTable, ct);
        return await account.Resilience.Tables.Idempotent.ExecuteAsync(async c =>
        {
            var list = new List<TenderRecord>();
            await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == Partition, cancellationToken: c)) list.Add(ToRecord(e));
            return (IReadOnlyList<TenderRecord>)list;
        }, ct);
    }

    public async Task<(TenderRecord Tender, bool Created)> SaveAsync(TenderRecord tender, CancellationToken ct = default)
    {
        StorageKeys.Tender(tender.Tender);
        var table = await account.TableAsync(StorageAccount.TendersTable, ct);
        var now = DateTimeOffset.UtcNow;
        var existing = await GetAsync(tender.Tender, ct);
        var createdAt = existing?.CreatedAt ?? now;
        var entity = new TableEntity(Partition, tender.Tender)
        {
            ["Name"] = tender.Name, ["Round"] = tender.Round, ["CreatedAt"] = createdAt, ["UpdatedAt"] = now,
        };
        LargeText.Write(entity, "Configuration", tender.ConfigurationJson);
        EntitySize.EnsureWithinLimits(entity);
        await account.Resilience.Tables.Idempotent.ExecuteAsync(async c => await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, c), ct);
        return (tender with { CreatedAt = createdAt, UpdatedAt = now }, existing is null);
    }

    private static TenderRecord ToRecord(TableEntity e) =>
        new(e.RowKey, e.GetString("Name") ?? "", e.GetString("Round") ?? "", LargeText.Read(e, "Configuration") ?? "")
        {
            CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? default,
            UpdatedAt = e.GetDateTimeOffset("UpdatedAt") ?? default,
        };
}
