using Azure;
using Azure.Data.Tables;

namespace Inkoop.Storage;

/// <summary>An issued API key as stored: never the key itself, only its SHA-256 (hex).</summary>
public sealed record ApiKeyRecord(string Id, string Hash, string Role, string? Agb, string Name, DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt = null)
{
    public bool Revoked => RevokedAt is not null;
}

public interface IKeyStore
{
    /// <summary>The key with this hash (revoked or not), or null. One point query.</summary>
    Task<ApiKeyRecord?> FindByHashAsync(string hash, CancellationToken ct = default);

    /// <summary>Every key (revoked ones too), oldest first.</summary>
    Task<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken ct = default);

    Task AddAsync(ApiKeyRecord key, CancellationToken ct = default);

    /// <summary>Marks the key revoked; false when no key has this id. Revoking twice keeps the first time.</summary>
    Task<ApiKeyRecord?> RevokeAsync(string id, DateTimeOffset at, CancellationToken ct = default);
}

/// <summary>
/// Table <c>Keys</c>: PartitionKey <c>key</c>, RowKey the key's SHA-256 in hex, so checking a presented key is one
/// point query. Keys are few (one per provider, analyst and script), so list and revoke-by-id scan the one partition.
/// A revoked key keeps its row (with <c>RevokedAt</c>) so the audit log's key ids stay explainable.
/// </summary>
public sealed class KeyStore(StorageAccount account) : IKeyStore
{
    internal const string Partition = "key";

    public async Task<ApiKeyRecord?> FindByHashAsync(string hash, CancellationToken ct = default)
    {
        if (!StorageKeys.IsValidSha256(hash)) return null;
        return await account.ReadRowAsync(StorageAccount.KeysTable, Partition, hash, ct) is { } e ? ToRecord(e) : null;
    }

    public async Task<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken ct = default)
    {
        var rows = await account.ReadPartitionAsync(StorageAccount.KeysTable, Partition, ct);
        return rows.Select(ToRecord).OrderBy(k => k.CreatedAt).ThenBy(k => k.Id, StringComparer.Ordinal).ToList();
    }

    public async Task AddAsync(ApiKeyRecord key, CancellationToken ct = default)
    {
        if (!StorageKeys.IsValidSha256(key.Hash)) throw new ArgumentException("The key hash is not a SHA-256 in hex.", nameof(key));
        var table = await account.TableAsync(StorageAccount.KeysTable, ct);
        var entity = new TableEntity(Partition, key.Hash)
        {
            ["Id"] = key.Id,
            ["Role"] = key.Role,
            ["Agb"] = key.Agb,
            ["Name"] = key.Name,
            ["CreatedAt"] = key.CreatedAt,
        }.WithoutNulls();
        try
        {
            await account.Resilience.Tables.Once.ExecuteAsync(async c => await table.AddEntityAsync(entity, c), ct);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            throw new StorageConflictException("A key with this hash exists already.", e);
        }
    }

    public async Task<ApiKeyRecord?> RevokeAsync(string id, DateTimeOffset at, CancellationToken ct = default)
    {
        var key = (await ListAsync(ct)).FirstOrDefault(k => k.Id == id);
        if (key is null || key.Revoked) return key;
        var table = await account.TableAsync(StorageAccount.KeysTable, ct);
        var patch = new TableEntity(Partition, key.Hash) { ["RevokedAt"] = at };
        // Merging a timestamp is idempotent, so it may be retried.
        await account.Resilience.Tables.Idempotent.ExecuteAsync(async c => await table.UpdateEntityAsync(patch, ETag.All, TableUpdateMode.Merge, c), ct);
        return key with { RevokedAt = at };
    }

    private static ApiKeyRecord ToRecord(TableEntity e) => new(
        e.GetString("Id") ?? "", e.RowKey, e.GetString("Role") ?? "", e.GetString("Agb"), e.GetString("Name") ?? "",
        e.GetDateTimeOffset("CreatedAt") ?? default, e.GetDateTimeOffset("RevokedAt"));
}

/// <summary>An Entra principal (object id) given a role, and for a provider its AGB-code.</summary>
public sealed record PrincipalRecord(string ObjectId, string Role, string? Agb, string Name, DateTimeOffset UpdatedAt);

public interface IPrincipalStore
{
    Task<PrincipalRecord?> GetAsync(string objectId, CancellationToken ct = default);
    Task<IReadOnlyList<PrincipalRecord>> ListAsync(CancellationToken ct = default);

    /// <summary>Creates or replaces the mapping; true when it was created.</summary>
    Task<bool> SaveAsync(PrincipalRecord principal, CancellationToken ct = default);

    /// <summary>False when there was no mapping.</summary>
    Task<bool> DeleteAsync(string objectId, CancellationToken ct = default);
}

/// <summary>Table <c>Principals</c>: PartitionKey <c>principal</c>, RowKey the Entra object id (lowercase GUID).</summary>
public sealed class PrincipalStore(StorageAccount account) : IPrincipalStore
{
    internal const string Partition = "principal";

    public async Task<PrincipalRecord?> GetAsync(string objectId, CancellationToken ct = default)
    {
        if (!StorageKeys.IsValidObjectId(objectId)) return null;
        return await account.ReadRowAsync(StorageAccount.PrincipalsTable, Partition, objectId, ct) is { } e ? ToRecord(e) : null;
    }

    public async Task<IReadOnlyList<PrincipalRecord>> ListAsync(CancellationToken ct = default)
    {
        var rows = await account.ReadPartitionAsync(StorageAccount.PrincipalsTable, Partition, ct);
        return rows.Select(ToRecord).ToList();
    }

    public async Task<bool> SaveAsync(PrincipalRecord principal, CancellationToken ct = default)
    {
        var id = StorageKeys.ObjectId(principal.ObjectId);
        var existed = await GetAsync(id, ct) is not null;
        var table = await account.TableAsync(StorageAccount.PrincipalsTable, ct);
        var entity = new TableEntity(Partition, id)
        {
            ["Role"] = principal.Role,
            ["Agb"] = principal.Agb,
            ["Name"] = principal.Name,
            ["UpdatedAt"] = principal.UpdatedAt,
        }.WithoutNulls();
        await account.Resilience.Tables.Idempotent.ExecuteAsync(async c => await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, c), ct);
        return !existed;
    }

    public async Task<bool> DeleteAsync(string objectId, CancellationToken ct = default)
    {
        if (await GetAsync(objectId, ct) is null) return false;
        var table = await account.TableAsync(StorageAccount.PrincipalsTable, ct);
        await account.Resilience.Tables.Idempotent.ExecuteAsync(async c => await table.DeleteEntityAsync(Partition, objectId, ETag.All, c), ct);
        return true;
    }

    private static PrincipalRecord ToRecord(TableEntity e) => new(e.RowKey, e.GetString("Role") ?? "", e.GetString("Agb"),
        e.GetString("Name") ?? "", e.GetDateTimeOffset("UpdatedAt") ?? default);
}

/// <summary>The two reads the small access tables need: one row, and one whole partition.</summary>
internal static class AccessTableReads
{
    public static async Task<TableEntity?> ReadRowAsync(this StorageAccount account, string tableName, string partition, string row,
        CancellationToken ct)
    {
        var table = await account.TableAsync(tableName, ct);
        var response = await account.Resilience.Tables.Idempotent.ExecuteAsync(
            async c => await table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: c), ct);
        return response.HasValue ? response.Value : null;
    }

    public static async Task<IReadOnlyList<TableEntity>> ReadPartitionAsync(this StorageAccount account, string tableName, string partition,
        CancellationToken ct)
    {
        var table = await account.TableAsync(tableName, ct);
        return await account.Resilience.Tables.Idempotent.ExecuteAsync(async c =>
        {
            var rows = new List<TableEntity>();
            await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == partition, cancellationToken: c)) rows.Add(e);
            return (IReadOnlyList<TableEntity>)rows;
        }, ct);
    }
}
