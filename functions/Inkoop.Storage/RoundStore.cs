using Azure;
using Azure.Data.Tables;

namespace Inkoop.Storage;

/// <summary>A round as stored: a few columns for listing, plus the configuration JSON exactly as uploaded.</summary>
public sealed record RoundRecord(string Round, string Name, int ReferenceYear, DateOnly? RepairDeadline, string ConfigurationJson)
{
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public ETag ETag { get; init; }
}

/// <summary>A round without its configuration (for lists).</summary>
public sealed record RoundSummary(string Round, string Name, int ReferenceYear, DateOnly? RepairDeadline,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public interface IRoundStore
{
    Task<RoundRecord?> GetAsync(string round, CancellationToken ct = default);

    /// <summary>All rounds, ordered by id, without their configuration.</summary>
    Task<IReadOnlyList<RoundSummary>> ListAsync(CancellationToken ct = default);

    /// <summary>
    /// Creates the round, or replaces it. <paramref name="ifMatch"/>: null = create or replace whatever is
    /// there (read-then-conditional-write, so a concurrent writer still makes this fail rather than be lost);
    /// otherwise the ETag of the version the caller read. Throws <see cref="StorageConflictException"/>.
    /// </summary>
    Task<(RoundRecord Round, bool Created)> SaveAsync(RoundRecord round, ETag? ifMatch = null, CancellationToken ct = default);
}

/// <summary>
/// Table <c>Rounds</c>: PartitionKey <c>round</c> (one partition: rounds are few, and listing them is the
/// common query), RowKey the round id.
/// </summary>
public sealed class RoundStore(StorageAccount account) : IRoundStore
{
    internal const string Partition = "round";
    private static readonly string[] SummaryColumns =
        ["PartitionKey", "RowKey", "Name", "ReferenceYear", "RepairDeadline", "CreatedAt", "UpdatedAt"];

    public async Task<RoundRecord?> GetAsync(string round, CancellationToken ct = default)
    {
        StorageKeys.Round(round);
        var table = await account.TableAsync(StorageAccount.RoundsTable, ct);
        var response = await account.Resilience.Tables.Idempotent.ExecuteAsync(
            async c => await table.GetEntityIfExistsAsync<TableEntity>(Partition, round, cancellationToken: c), ct);
        return response.HasValue && response.Value is { } e ? ToRecord(e) : null;
    }

    public async Task<IReadOnlyList<RoundSummary>> ListAsync(CancellationToken ct = default)
    {
        var table = await account.TableAsync(StorageAccount.RoundsTable, ct);
        return await account.Resilience.Tables.Idempotent.ExecuteAsync(async c =>
        {
            var list = new List<RoundSummary>();
            await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == Partition, select: SummaryColumns, cancellationToken: c))
                list.Add(ToSummary(e));
            return (IReadOnlyList<RoundSummary>)list;
        }, ct);
    }

    public async Task<(RoundRecord Round, bool Created)> SaveAsync(RoundRecord round, ETag? ifMatch = null, CancellationToken ct = default)
    {
        StorageKeys.Round(round.Round);
        var table = await account.TableAsync(StorageAccount.RoundsTable, ct);
        var now = DateTimeOffset.UtcNow;
        var existing = await GetAsync(round.Round, ct);
        if (ifMatch is { } expected && (existing is null || existing.ETag != expected))
            throw new StorageConflictException($"Round '{round.Round}' was changed by someone else; read it again.");
        var etag = existing?.ETag;
        var created = existing is null;
        var createdAt = existing?.CreatedAt ?? now;

        var entity = ToEntity(round, createdAt, now);
        EntitySize.EnsureWithinLimits(entity);

        try
        {
            var response = await account.Resilience.Tables.Once.ExecuteAsync(async c => created
                ? await table.AddEntityAsync(entity, c)
                : await table.UpdateEntityAsync(entity, etag!.Value, TableUpdateMode.Replace, c), ct);
            return (round with { CreatedAt = createdAt, UpdatedAt = now, ETag = response.Headers.ETag ?? default }, created);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412 or 404)
        {
            throw new StorageConflictException($"Round '{round.Round}' was changed by someone else; read it again.", e);
        }
    }

    /// <summary>
    /// Throws <see cref="StorageLimitException"/> when the round could not be written (its configuration
    /// takes more than one row holds): checked before anything is stored.
    /// </summary>
    public static void EnsureStorable(RoundRecord round) =>
        EntitySize.EnsureWithinLimits(ToEntity(round, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow));

    private static TableEntity ToEntity(RoundRecord round, DateTimeOffset createdAt, DateTimeOffset now)
    {
        var entity = new TableEntity(Partition, round.Round)
        {
            ["Name"] = round.Name,
            ["ReferenceYear"] = round.ReferenceYear,
            ["RepairDeadline"] = round.RepairDeadline?.ToString("yyyy-MM-dd"),
            ["CreatedAt"] = createdAt,
            ["UpdatedAt"] = now,
        };
        LargeText.Write(entity, "Configuration", round.ConfigurationJson);
        return entity.WithoutNulls();
    }

    private static RoundRecord ToRecord(TableEntity e) =>
        new(e.RowKey, e.GetString("Name") ?? "", e.GetInt32("ReferenceYear") ?? 0, ParseDate(e.GetString("RepairDeadline")),
            LargeText.Read(e, "Configuration") ?? "")
        {
            CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? default,
            UpdatedAt = e.GetDateTimeOffset("UpdatedAt") ?? default,
            ETag = e.ETag,
        };

    private static RoundSummary ToSummary(TableEntity e) =>
        new(e.RowKey, e.GetString("Name") ?? "", e.GetInt32("ReferenceYear") ?? 0, ParseDate(e.GetString("RepairDeadline")),
            e.GetDateTimeOffset("CreatedAt") ?? default, e.GetDateTimeOffset("UpdatedAt") ?? default);

    private static DateOnly? ParseDate(string? s) =>
        DateOnly.TryParseExact(s, "yyyy-MM-dd", out var d) ? d : null;
}
