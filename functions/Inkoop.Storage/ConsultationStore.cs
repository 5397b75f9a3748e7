using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;

namespace Inkoop.Storage;

/// <summary>A consultation as stored; the published answers are a blob the row points at (<see cref="AnswersBlob"/>).</summary>
public sealed record ConsultationRecord(string Round, string Id, string Snapshot, DateTimeOffset Deadline, string Introduction,
    DateTimeOffset OpenedAt, string OpenedBy)
{
    public DateTimeOffset? ClosedAt { get; init; }
    public string? ClosedBy { get; init; }
    public DateTimeOffset? PublishedAt { get; init; }
    public string? AnswersBlob { get; init; }
    public string? AnswersSha256 { get; init; }
    public int AnswersCount { get; init; }
    public string? FinalSnapshot { get; init; }
    public DateTimeOffset? FinalisedAt { get; init; }
    public ETag ETag { get; init; }
}

/// <summary>
/// A reaction's head row: who wrote it, its latest version (copied, so a list needs no version rows), whether it was
/// withdrawn, and the region's answer.
/// </summary>
public sealed record ReactionRecord(string Round, string Consultation, string Id, string Agb, int Version, string? Product, string? Variable,
    string Text, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public DateTimeOffset? WithdrawnAt { get; init; }
    public string? WithdrawnBy { get; init; }
    public string? PublicQuestion { get; init; }
    public string? Answer { get; init; }
    public string? Outcome { get; init; }
    public DateTimeOffset? AnsweredAt { get; init; }
    public string? AnsweredBy { get; init; }
    public ETag ETag { get; init; }
}

/// <summary>One version of a reaction, never changed once written.</summary>
public sealed record ReactionVersionRecord(string Reaction, int Version, string? Product, string? Variable, string Text, DateTimeOffset At, string By);

public interface IConsultationStore
{
    /// <summary>All consultations of a round, oldest first.</summary>
    Task<IReadOnlyList<ConsultationRecord>> ListAsync(string round, CancellationToken ct = default);

    Task<ConsultationRecord?> GetAsync(string round, string id, CancellationToken ct = default);

    /// <summary>The id of the round's open consultation (open until closed: by an admin or by the timer), or null.</summary>
    Task<string?> GetOpenIdAsync(string round, CancellationToken ct = default);

    /// <summary>
    /// Adds a consultation and marks it the round's open one, in one transaction. <see cref="StorageConflictException"/>
    /// when the round already has one marked open.
    /// </summary>
    Task<ConsultationRecord> OpenAsync(ConsultationRecord consultation, CancellationToken ct = default);

    /// <summary>
    /// Replaces the consultation row if it still has <c>consultation.ETag</c>; with <paramref name="closing"/> the round's
    /// open mark goes in the same transaction. <see cref="StorageConflictException"/> when the row changed meanwhile.
    /// </summary>
    Task<ConsultationRecord> UpdateAsync(ConsultationRecord consultation, bool closing = false, CancellationToken ct = default);

    /// <summary>Every reaction of a consultation (head rows), oldest first.</summary>
    Task<IReadOnlyList<ReactionRecord>> ListReactionsAsync(string round, string consultation, CancellationToken ct = default);

    Task<ReactionRecord?> GetReactionAsync(string round, string consultation, string id, CancellationToken ct = default);

    /// <summary>Every version of every reaction of a consultation, by reaction and version.</summary>
    Task<IReadOnlyList<ReactionVersionRecord>> ListVersionsAsync(string round, string consultation, CancellationToken ct = default);

    /// <summary>
    /// Writes a reaction's head (added when <c>reaction.ETag</c> is default, else replaced if it still has that ETag) and,
    /// when given, its new version row, in one transaction that also requires the consultation row to still have
    /// <c>consultation.ETag</c>: a consultation closed or extended meanwhile makes it fail
    /// (<see cref="StorageConflictException"/>) and nothing is stored. Returns the head and the consultation's new ETag.
    /// </summary>
    Task<(ReactionRecord Reaction, ETag Consultation)> SaveReactionAsync(ConsultationRecord consultation, ReactionRecord reaction,
        ReactionVersionRecord? version, CancellationToken ct = default);

    /// <summary>Replaces a reaction's head (its answer) if it still has <c>reaction.ETag</c>.</summary>
    Task<ReactionRecord> SaveAnswerAsync(ReactionRecord reaction, CancellationToken ct = default);

    /// <summary>Stores a published answers list as a new, never overwritten blob; returns its name and SHA-256.</summary>
    Task<(string Blob, string Sha256)> WriteAnswersAsync(string round, string consultation, string json, CancellationToken ct = default);

    /// <summary>The published answers the consultation points at, checked against the SHA-256 it recorded; null when none.</summary>
    Task<string?> ReadAnswersAsync(ConsultationRecord consultation, CancellationToken ct = default);
}

/// <summary>
/// Table <c>Consultations</c>, PartitionKey the round id. RowKeys: <c>C|{id}</c> a consultation, <c>open</c> the mark
/// of the round's open one (so two can never be open at once), <c>R|{id}|{reaction}</c> a reaction's head and
/// <c>V|{id}|{reaction}|{version:D4}</c> its versions. The published answers are JSON blobs
/// <c>consultations/{round}/{id}/answers-{stamp}.json</c> in container <c>originals</c>, created once, never overwritten.
/// </summary>
public sealed class ConsultationStore(StorageAccount account, IOriginalStore blobs) : IConsultationStore
{
    internal const string OpenKey = "open";
    internal static string ConsultationKey(string id) => $"C|{StorageKeys.RecordId(id)}";
    internal static string ReactionKey(string consultation, string id) => $"R|{StorageKeys.RecordId(consultation)}|{StorageKeys.RecordId(id)}";
    internal static string VersionKey(string consultation, string id, int version) =>
        $"V|{StorageKeys.RecordId(consultation)}|{StorageKeys.RecordId(id)}|{version:D4}";

    /// <summary>A fresh id that sorts by time: <c>yyyyMMddTHHmmssfffZ-{8 hex}</c>.</summary>
    public static string NewId(DateTimeOffset now) => SnapshotStore.NewSnapshotId(now);

    public async Task<IReadOnlyList<ConsultationRecord>> ListAsync(string round, CancellationToken ct = default) =>
        (await QueryAsync(round, "C|", "C}", ct)).Select(ToConsultation).ToList();

    public async Task<ConsultationRecord?> GetAsync(string round, string id, CancellationToken ct = default)
    {
        var e = await GetRowAsync(round, ConsultationKey(id), ct);
        return e is null ? null : ToConsultation(e);
    }

    public async Task<string?> GetOpenIdAsync(string round, CancellationToken ct = default) =>
        (await GetRowAsync(round, OpenKey, ct))?.GetString("Consultation");

    public async Task<ConsultationRecord> OpenAsync(ConsultationRecord consultation, CancellationToken ct = default)
    {
        var mark = new TableEntity(consultation.Round, OpenKey) { ["Consultation"] = consultation.Id, ["At"] = consultation.OpenedAt };
        var response = await SubmitAsync(consultation.Round,
            [new(TableTransactionActionType.Add, ToEntity(consultation)), new(TableTransactionActionType.Add, mark)],
            $"Round {consultation.Round} has an open consultation already.", ct);
        return consultation with { ETag = response[0].Headers.ETag ?? default };
    }

    public async Task<ConsultationRecord> UpdateAsync(ConsultationRecord consultation, bool closing = false, CancellationToken ct = default)
    {
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateReplace, ToEntity(consultation), consultation.ETag) };
        // The mark is released only by the consultation it names; another's mark stays.
        if (closing && await GetOpenIdAsync(consultation.Round, ct) == consultation.Id)
            actions.Add(new(TableTransactionActionType.Delete, new TableEntity(consultation.Round, OpenKey), ETag.All));
        var response = await SubmitAsync(consultation.Round, actions, $"Consultation {consultation.Id} changed meanwhile.", ct);
        return consultation with { ETag = response[0].Headers.ETag ?? default };
    }

    public async Task<IReadOnlyList<ReactionRecord>> ListReactionsAsync(string round, string consultation, CancellationToken ct = default) =>
        (await QueryAsync(round, $"R|{StorageKeys.RecordId(consultation)}|", $"R|{consultation}}}", ct)).Select(ToReaction).ToList();

    public async Task<ReactionRecord?> GetReactionAsync(string round, string consultation, string id, CancellationToken ct = default)
    {
        var e = await GetRowAsync(round, ReactionKey(consultation, id), ct);
        return e is null ? null : ToReaction(e);
    }

    public async Task<IReadOnlyList<ReactionVersionRecord>> ListVersionsAsync(string round, string consultation, CancellationToken ct = default) =>
        (await QueryAsync(round, $"V|{StorageKeys.RecordId(consultation)}|", $"V|{consultation}}}", ct)).Select(e => new ReactionVersionRecord(
            e.GetString("Reaction") ?? "", e.GetInt32("Version") ?? 0, e.GetString("Product"), e.GetString("Variable"), e.GetString("Text") ?? "",
            e.GetDateTimeOffset("At") ?? default, e.GetString("By") ?? "")).ToList();

    public async Task<(ReactionRecord Reaction, ETag Consultation)> SaveReactionAsync(ConsultationRecord consultation, ReactionRecord reaction,
        ReactionVersionRecord? version, CancellationToken ct = default)
    {
        if (reaction.Round != consultation.Round || reaction.Consultation != consultation.Id)
            throw new ArgumentException("The reaction belongs to another consultation.", nameof(reaction));
        // Touching the consultation row under its ETag orders this write against a close or an extension.
        var touch = new TableEntity(consultation.Round, ConsultationKey(consultation.Id)) { ["LastReactionAt"] = reaction.UpdatedAt };
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateMerge, touch, consultation.ETag),
            reaction.ETag == default
                ? new(TableTransactionActionType.Add, ToEntity(reaction))
                : new(TableTransactionActionType.UpdateReplace, ToEntity(reaction), reaction.ETag),
        };
        if (version is not null)
        {
            actions.Add(new(TableTransactionActionType.Add, new TableEntity(consultation.Round, VersionKey(consultation.Id, version.Reaction, version.Version))
            {
                ["Reaction"] = version.Reaction, ["Version"] = version.Version, ["Product"] = version.Product, ["Variable"] = version.Variable,
                ["Text"] = version.Text, ["At"] = version.At, ["By"] = version.By,
            }.WithoutNulls()));
        }
        var response = await SubmitAsync(consultation.Round, actions,
            $"Consultation {consultation.Id} or reaction {reaction.Id} changed meanwhile.", ct);
        return (reaction with { ETag = response[1].Headers.ETag ?? default }, response[0].Headers.ETag ?? default);
    }

    public async Task<ReactionRecord> SaveAnswerAsync(ReactionRecord reaction, CancellationToken ct = default)
    {
        var response = await SubmitAsync(reaction.Round, [new(TableTransactionActionType.UpdateReplace, ToEntity(reaction), reaction.ETag)],
            $"Reaction {reaction.Id} changed meanwhile.", ct);
        return reaction with { ETag = response[0].Headers.ETag ?? default };
    }

    public async Task<(string Blob, string Sha256)> WriteAnswersAsync(string round, string consultation, string json, CancellationToken ct = default)
    {
        var stamp = NewId(DateTimeOffset.UtcNow);
        var name = $"consultations/{StorageKeys.Round(round)}/{StorageKeys.RecordId(consultation)}/answers-{stamp}.json";
        var stored = await blobs.CreateAsync(name, BinaryData.FromString(json), "application/json", ct);
        return (stored.BlobName, stored.Sha256);
    }

    public async Task<string?> ReadAnswersAsync(ConsultationRecord consultation, CancellationToken ct = default)
    {
        if (consultation.AnswersBlob is null) return null;
        var data = await blobs.ReadAsync(consultation.AnswersBlob, ct)
                   ?? throw new InvalidDataException($"The published answers {consultation.AnswersBlob} are missing.");
        var sha = Convert.ToHexStringLower(SHA256.HashData(data.ToMemory().Span));
        if (sha != consultation.AnswersSha256)
            throw new InvalidDataException($"The published answers {consultation.AnswersBlob} are not the ones recorded (SHA-256 differs).");
        return Encoding.UTF8.GetString(data.ToMemory().Span);
    }

    private async Task<IReadOnlyList<Response>> SubmitAsync(string round, IReadOnlyList<TableTransactionAction> actions, string conflict,
        CancellationToken ct)
    {
        StorageKeys.Round(round);
        var table = await account.TableAsync(StorageAccount.ConsultationsTable, ct);
        try
        {
            TableBatch.Validate(actions);
            var response = await account.Resilience.Tables.Once.ExecuteAsync(async c => await table.SubmitTransactionAsync(actions, c), ct);
            return response.Value;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412 or 404)
        {
            throw new StorageConflictException(conflict, e);
        }
    }

    private async Task<TableEntity?> GetRowAsync(string round, string rowKey, CancellationToken ct)
    {
        StorageKeys.Round(round);
        var table = await account.TableAsync(StorageAccount.ConsultationsTable, ct);
        var response = await account.Resilience.Tables.Idempotent.ExecuteAsync(async c =>
            await table.GetEntityIfExistsAsync<TableEntity>(round, rowKey, cancellationToken: c), ct);
        return response.HasValue ? response.Value : null;
    }

    private async Task<IReadOnlyList<TableEntity>> QueryAsync(string round, string from, string to, CancellationToken ct)
    {
        StorageKeys.Round(round);
        var table = await account.TableAsync(StorageAccount.ConsultationsTable, ct);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {round} and RowKey ge {from} and RowKey lt {to}");
        return await account.Resilience.Tables.Idempotent.ExecuteAsync(async c =>
        {
            var list = new List<TableEntity>();
            await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: c)) list.Add(e);
            return (IReadOnlyList<TableEntity>)list;
        }, ct);
    }

    private static TableEntity ToEntity(ConsultationRecord c) => new TableEntity(c.Round, ConsultationKey(c.Id))
    {
        ["Id"] = c.Id, ["Snapshot"] = c.Snapshot, ["Deadline"] = c.Deadline, ["Introduction"] = c.Introduction, ["OpenedAt"] = c.OpenedAt,
        ["OpenedBy"] = c.OpenedBy, ["ClosedAt"] = c.ClosedAt, ["ClosedBy"] = c.ClosedBy, ["PublishedAt"] = c.PublishedAt,
        ["AnswersBlob"] = c.AnswersBlob, ["AnswersSha256"] = c.AnswersSha256, ["AnswersCount"] = c.AnswersCount,
        ["FinalSnapshot"] = c.FinalSnapshot, ["FinalisedAt"] = c.FinalisedAt,
    }.WithoutNulls();

    private static ConsultationRecord ToConsultation(TableEntity e) => new(e.PartitionKey, e.GetString("Id") ?? "", e.GetString("Snapshot") ?? "",
        e.GetDateTimeOffset("Deadline") ?? default, e.GetString("Introduction") ?? "", e.GetDateTimeOffset("OpenedAt") ?? default,
        e.GetString("OpenedBy") ?? "")
    {
        ClosedAt = e.GetDateTimeOffset("ClosedAt"), ClosedBy = e.GetString("ClosedBy"), PublishedAt = e.GetDateTimeOffset("PublishedAt"),
        AnswersBlob = e.GetString("AnswersBlob"), AnswersSha256 = e.GetString("AnswersSha256"), AnswersCount = e.GetInt32("AnswersCount") ?? 0,
        FinalSnapshot = e.GetString("FinalSnapshot"), FinalisedAt = e.GetDateTimeOffset("FinalisedAt"), ETag = e.ETag,
    };

    private static TableEntity ToEntity(ReactionRecord r) => new TableEntity(r.Round, ReactionKey(r.Consultation, r.Id))
    {
        ["Id"] = r.Id, ["Consultation"] = r.Consultation, ["Agb"] = StorageKeys.Agb(r.Agb), ["Version"] = r.Version, ["Product"] = r.Product,
        ["Variable"] = r.Variable, ["Text"] = r.Text, ["CreatedAt"] = r.CreatedAt, ["UpdatedAt"] = r.UpdatedAt, ["WithdrawnAt"] = r.WithdrawnAt,
        ["WithdrawnBy"] = r.WithdrawnBy, ["PublicQuestion"] = r.PublicQuestion, ["Answer"] = r.Answer, ["Outcome"] = r.Outcome,
        ["AnsweredAt"] = r.AnsweredAt, ["AnsweredBy"] = r.AnsweredBy,
    }.WithoutNulls();

    private static ReactionRecord ToReaction(TableEntity e) => new(e.PartitionKey, e.GetString("Consultation") ?? "", e.GetString("Id") ?? "",
        e.GetString("Agb") ?? "", e.GetInt32("Version") ?? 0, e.GetString("Product"), e.GetString("Variable"), e.GetString("Text") ?? "",
        e.GetDateTimeOffset("CreatedAt") ?? default, e.GetDateTimeOffset("UpdatedAt") ?? default)
    {
        WithdrawnAt = e.GetDateTimeOffset("WithdrawnAt"), WithdrawnBy = e.GetString("WithdrawnBy"), PublicQuestion = e.GetString("PublicQuestion"),
        Answer = e.GetString("Answer"), Outcome = e.GetString("Outcome"), AnsweredAt = e.GetDateTimeOffset("AnsweredAt"),
        AnsweredBy = e.GetString("AnsweredBy"), ETag = e.ETag,
    };
}
