using System.Text.Json;
using Inkoop.Domain;
using Inkoop.Domain.Consultations;
using Inkoop.Domain.Disclosure;
using Inkoop.Domain.Normalisation;
using Inkoop.Domain.Tariffs;
using Inkoop.Storage;

namespace Inkoop.Functions.Services;

/// <summary>The outcome of a consultation action: its value, or why it was refused (nothing stored then).</summary>
public readonly record struct Outcome<T>(T? Value, Refusal? Refusal)
{
    public static implicit operator Outcome<T>(T value) => new(value, null);
    public static implicit operator Outcome<T>(Refusal refusal) => new(default, refusal);
}

/// <summary>Who acts: the caller's id (audit, versions), and for a provider its AGB-code.</summary>
public sealed record Actor(string Id, string? ProviderAgb)
{
    public bool IsProvider => ProviderAgb is not null;
}

/// <summary>A reaction as analysts see it (every version, the answer) and, without the answer, as its own provider sees it.</summary>
public sealed record ReactionView(string Id, string Agb, int Version, string? Product, string? Variable, string Text, DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt, DateTimeOffset? WithdrawnAt, IReadOnlyList<ReactionVersion> Versions, ReactionAnswer? Answer);

/// <summary>A consultation with the concept it is held on, read once.</summary>
public sealed record ConsultationWithConcept(Consultation Consultation, SnapshotContent Concept);

/// <summary>
/// A concept norm as a provider sees it: the norm under the disclosure rules (rounded, <c>providers</c> a band, or
/// <c>suppressed</c> with the Dutch <c>reason</c>), its own figure and where that stands against the norm shown.
/// </summary>
public sealed record ProviderNorm(string Variable, string? Qualifier, decimal? Norm, string? Providers, bool BenchmarkUsed, bool Suppressed,
    string? Reason, decimal? Own, string? Position);

/// <summary>
/// The market consultation: open one on a concept snapshot, take reactions until the deadline (the server's clock),
/// answer them, publish the answers to all providers alike, finalise and show what changed. Knows nothing of HTTP:
/// every refusal is a <see cref="Refusal"/> with a Dutch message, and a refused action stores nothing.
/// </summary>
public sealed class MarketConsultations(IConsultationStore store, ISnapshotStore snapshots, IFormatStore formats, IKeyStore keys,
    IPrincipalStore principals, IRoundStore rounds, TimeProvider clock)
{
    /// <summary>Tries of a write that lost an ETag race to a concurrent one (another reaction, a close) before giving up.</summary>
    private const int MaxAttempts = 8;

    public DateTimeOffset Now => clock.GetUtcNow();

    public async Task<Outcome<Consultation>> OpenAsync(string round, string? snapshot, string? deadline, string? introduction, Actor actor,
        CancellationToken ct)
    {
        if (!StorageKeys.IsValidSnapshotId(snapshot))
            return new Refusal(RefusalKind.Invalid, "invalid-snapshot-id", "Geef de concept-snapshot op waarover u consulteert (snapshot).");
        var header = await snapshots.GetHeaderAsync(round, snapshot!, ct);
        if (header is null) return new Refusal(RefusalKind.NotFound, "snapshot-not-found", $"Snapshot '{snapshot}' bestaat niet in ronde '{round}'.");
        if (header.Status != SnapshotStatus.Concept)
            return new Refusal(RefusalKind.Conflict, "snapshot-not-concept", "Een marktconsultatie gaat over een concept-snapshot; deze is al definitief.");
        if (!DutchTime.TryParse(deadline, out var due, out var error)) return new Refusal(RefusalKind.Invalid, "invalid-deadline", error!);
        var now = Now;
        if (ConsultationRules.CheckDeadline(due, now) is { } late) return late;
        var (intro, introError) = PlainText.Clean(introduction, "De inleiding", ConsultationRules.MaxIntroductionLength, required: false);
        if (introError is not null) return new Refusal(RefusalKind.Invalid, "invalid-introduction", introError);

        if (await store.GetOpenIdAsync(round, ct) is { } openId && await store.GetAsync(round, openId, ct) is { } open)
        {
            if (ToDomain(open).AcceptsReactionsAt(now))
                return AlreadyOpen(open);
            await RecordClosedAsync(open, now, ct);
        }
        var record = new ConsultationRecord(round, ConsultationStore.NewId(now), header.SnapshotId, due, intro!, now, actor.Id);
        try
        {
            return ToDomain(await store.OpenAsync(record, ct));
        }
        catch (StorageConflictException)
        {
            return await store.GetOpenIdAsync(round, ct) is { } id && await store.GetAsync(round, id, ct) is { } other
                ? AlreadyOpen(other)
                : throw new StorageConflictException($"Round {round}: opening a consultation raced another change.");
        }
    }

    public async Task<IReadOnlyList<Consultation>> ListAsync(string round, CancellationToken ct) =>
        (await store.ListAsync(round, ct)).Select(ToDomain).ToList();

    public async Task<Outcome<Consultation>> GetAsync(string round, string id, CancellationToken ct) =>
        await FindAsync(round, id, ct) is { } record ? ToDomain(record) : NotFound(round, id);

    /// <summary>The consultation with its concept snapshot's content.</summary>
    public async Task<Outcome<ConsultationWithConcept>> WithConceptAsync(string round, string id, CancellationToken ct)
    {
        if (await FindAsync(round, id, ct) is not { } record) return NotFound(round, id);
        var json = await snapshots.ReadContentAsync(round, record.Snapshot, ct)
                   ?? throw new InvalidDataException($"Consultation {id}: concept snapshot {record.Snapshot} is missing.");
        return new ConsultationWithConcept(ToDomain(record), SnapshotContent.FromJson(json));
    }

    /// <summary>
    /// The concept norms as provider <paramref name="agb"/> may see them — under the round's disclosure rules
    /// (<see cref="NormDisclosure"/>: rounded, a band of n, suppressed where few providers contributed) — beside its own
    /// figures from the format version the concept was computed from, and where each stands against the norm shown.
    /// </summary>
    public async Task<IReadOnlyList<ProviderNorm>> ProviderNormsAsync(string round, SnapshotContent concept, string agb, DisclosureRules rules,
        CancellationToken ct)
    {
        var own = await OwnValuesAsync(round, concept, agb, ct);
        return concept.Norms.Zip(NormDisclosure.Disclose(concept.Norms, rules), (norm, shown) =>
        {
            decimal? ownValue = own.TryGetValue(norm.Key, out var v) ? v : null;
            return new ProviderNorm(shown.Variable, shown.Qualifier, shown.Value, shown.Providers, shown.BenchmarkUsed, shown.Suppressed, shown.Reason,
                ownValue, OwnPosition.Of(ownValue, shown.Value));
        }).ToList();
    }

    private async Task<IReadOnlyDictionary<string, decimal>> OwnValuesAsync(string round, SnapshotContent concept, string agb, CancellationToken ct)
    {
        if (concept.Formats.FirstOrDefault(f => f.Agb == agb) is not { } used) return new Dictionary<string, decimal>();
        var version = await formats.GetVersionAsync(round, agb, used.Version, ct);
        return version?.ValuesJson is null ? new Dictionary<string, decimal>() : StoredFormats.ToProviderFormat(version).Values;
    }

    /// <summary>Closes the consultation now (or, past its deadline, as of the deadline); closing a closed one changes nothing.</summary>
    public async Task<Outcome<Consultation>> CloseAsync(string round, string id, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await FindAsync(round, id, ct) is not { } record) return NotFound(round, id);
            if (record.ClosedAt is not null) return ToDomain(record);
            try
            {
                return ToDomain(await RecordClosedAsync(record, Now, ct));
            }
            catch (StorageConflictException) when (attempt < MaxAttempts)
            {
                // A reaction came in meanwhile; read again and close.
            }
        }
    }

    public async Task<Outcome<Consultation>> ExtendAsync(string round, string id, string? deadline, CancellationToken ct)
    {
        if (!DutchTime.TryParse(deadline, out var due, out var error)) return new Refusal(RefusalKind.Invalid, "invalid-deadline", error!);
        for (var attempt = 1; ; attempt++)
        {
            if (await FindAsync(round, id, ct) is not { } record) return NotFound(round, id);
            if (ConsultationRules.CheckExtension(ToDomain(record), due, Now) is { } refusal) return refusal;
            try
            {
                return ToDomain(await store.UpdateAsync(record with { Deadline = due }, ct: ct));
            }
            catch (StorageConflictException) when (attempt < MaxAttempts)
            {
            }
        }
    }

    /// <summary>
    /// A new reaction. A provider reacts for itself (an <paramref name="agb"/> of another is refused); analysts and admins
    /// react on a provider's behalf and must name its <paramref name="agb"/>.
    /// </summary>
    public async Task<Outcome<ReactionView>> ReactAsync(string round, string id, Actor actor, string? agb, string? product, string? variable,
        string? text, CancellationToken ct)
    {
        string provider;
        if (actor.IsProvider)
        {
            if (!string.IsNullOrEmpty(agb) && agb != actor.ProviderAgb)
                return new Refusal(RefusalKind.Forbidden, "agb-mismatch",
                    $"U bent aangemeld voor AGB-code {actor.ProviderAgb} en kunt alleen voor uw eigen organisatie reageren.");
            provider = actor.ProviderAgb!;
        }
        else if (!StorageKeys.IsValidAgb(agb))
            return new Refusal(RefusalKind.Invalid, "invalid-agb", "Geef de AGB-code (8 cijfers) van de aanbieder namens wie u reageert (agb).");
        else provider = agb!;

        var found = await WithConceptAsync(round, id, ct);
        if (found.Refusal is { } missing) return missing;
        var (draft, invalid) = ReactionRules.Check(product, variable, text, Products(found.Value!.Concept), Variables(found.Value.Concept));
        if (invalid is not null) return invalid;
        var reactionId = ConsultationStore.NewId(Now);
        for (var attempt = 1; ; attempt++)
        {
            if (await FindAsync(round, id, ct) is not { } record) return NotFound(round, id);
            var now = Now;
            if (!ToDomain(record).AcceptsReactionsAt(now)) return ConsultationRules.Closed(ToDomain(record));
            var head = new ReactionRecord(round, id, reactionId, provider, 1, draft!.Product, draft.Variable, draft.Text, now, now);
            var version = new ReactionVersionRecord(reactionId, 1, draft.Product, draft.Variable, draft.Text, now, actor.Id);
            try
            {
                var (saved, _) = await store.SaveReactionAsync(record, head, version, ct);
                return View(saved, [version], withAnswer: false);
            }
            catch (StorageConflictException) when (attempt < MaxAttempts)
            {
                // Another reaction, a close or an extension changed the consultation; check it again.
            }
        }
    }

    /// <summary>A new version of the provider's own reaction, while the consultation is open.</summary>
    public async Task<Outcome<ReactionView>> EditAsync(string round, string id, string reactionId, Actor actor, string? product, string? variable,
        string? text, CancellationToken ct)
    {
        var found = await WithConceptAsync(round, id, ct);
        if (found.Refusal is { } missing) return missing;
        var (draft, invalid) = ReactionRules.Check(product, variable, text, Products(found.Value!.Concept), Variables(found.Value.Concept));
        return invalid ?? (Outcome<ReactionView>)await ChangeAsync(round, id, reactionId, actor, draft, ct);
    }

    /// <summary>Withdraws the provider's own reaction, while the consultation is open; withdrawing it again changes nothing.</summary>
    public Task<Outcome<ReactionView>> WithdrawAsync(string round, string id, string reactionId, Actor actor, CancellationToken ct) =>
        ChangeAsync(round, id, reactionId, actor, null, ct);

    /// <summary>
    /// A new version (<paramref name="draft"/>) or the withdrawal (null) of one reaction, written under the consultation's
    /// ETag so that a close or the deadline wins over a late change.
    /// </summary>
    private async Task<Outcome<ReactionView>> ChangeAsync(string round, string id, string reactionId, Actor actor, ReactionRules.Draft? draft,
        CancellationToken ct)
    {
        if (!StorageKeys.IsValidRecordId(reactionId)) return ReactionNotFound(reactionId);
        for (var attempt = 1; ; attempt++)
        {
            if (await FindAsync(round, id, ct) is not { } record) return NotFound(round, id);
            if (await store.GetReactionAsync(round, id, reactionId, ct) is not { } head) return ReactionNotFound(reactionId);
            var versions = await VersionsAsync(round, id, reactionId, ct);
            if (draft is null && head.WithdrawnAt is not null && head.Agb == actor.ProviderAgb) return View(head, versions, withAnswer: false);
            var now = Now;
            if (ReactionRules.CheckChange(ToDomain(record), ToDomain(head, versions), actor.ProviderAgb ?? "", now) is { } refusal) return refusal;
            var version = draft is null ? null
                : new ReactionVersionRecord(reactionId, head.Version + 1, draft.Product, draft.Variable, draft.Text, now, actor.Id);
            var updated = version is null
                ? head with { UpdatedAt = now, WithdrawnAt = now, WithdrawnBy = actor.Id }
                : head with { UpdatedAt = now, Version = version.Version, Product = version.Product, Variable = version.Variable, Text = version.Text };
            try
            {
                var (saved, _) = await store.SaveReactionAsync(record, updated, version, ct);
                return View(saved, version is null ? versions : [.. versions, version], withAnswer: false);
            }
            catch (StorageConflictException) when (attempt < MaxAttempts)
            {
                // Another reaction, a close or an extension changed the consultation; check it again.
            }
        }
    }

    /// <summary>Every reaction for analysts and admins; a provider gets its own only, without the answers (those it reads once published).</summary>
    public async Task<Outcome<IReadOnlyList<ReactionView>>> ReactionsAsync(string round, string id, Actor actor, CancellationToken ct)
    {
        if (await FindAsync(round, id, ct) is null) return NotFound(round, id);
        var heads = await store.ListReactionsAsync(round, id, ct);
        if (actor.IsProvider) heads = heads.Where(h => h.Agb == actor.ProviderAgb).ToList();
        var versions = (await store.ListVersionsAsync(round, id, ct)).ToLookup(v => v.Reaction);
        return heads.Select(h => View(h, versions[h.Id].OrderBy(v => v.Version).ToList(), withAnswer: !actor.IsProvider)).ToList();
    }

    /// <summary>Answers (or re-answers) a reaction; not for a withdrawn one, nor once the consultation is finalised.</summary>
    public async Task<Outcome<ReactionView>> AnswerAsync(string round, string id, string reactionId, Actor actor, string? publicQuestion,
        string? answer, string? outcome, CancellationToken ct)
    {
        if (!StorageKeys.IsValidRecordId(reactionId)) return ReactionNotFound(reactionId);
        if (await FindAsync(round, id, ct) is not { } record) return NotFound(round, id);
        if (record.FinalSnapshot is not null) return Finalised(record);
        var (checkedAnswer, refusal) = ReactionRules.CheckAnswer(publicQuestion, answer, outcome, Now, actor.Id);
        if (refusal is not null) return refusal;
        if (await store.GetReactionAsync(round, id, reactionId, ct) is not { } head) return ReactionNotFound(reactionId);
        if (head.WithdrawnAt is not null)
            return new Refusal(RefusalKind.Conflict, "reaction-withdrawn", "Deze reactie is ingetrokken en krijgt geen antwoord.");
        var saved = await store.SaveAnswerAsync(head with
        {
            PublicQuestion = checkedAnswer!.PublicQuestion, Answer = checkedAnswer.Answer, Outcome = checkedAnswer.Outcome,
            AnsweredAt = checkedAnswer.AnsweredAt, AnsweredBy = checkedAnswer.By,
        }, ct);
        return View(saved, await VersionsAsync(round, id, reactionId, ct), withAnswer: true);
    }

    /// <summary>
    /// Publishes the answers (terugkoppeling) of a closed consultation: one anonymous list, stored as a new blob the
    /// consultation points at. Refused while open, and while an entry names a provider by AGB-code or name.
    /// </summary>
    public async Task<Outcome<(Consultation Consultation, IReadOnlyList<PublishedAnswer> Answers, int Unanswered)>> PublishAsync(string round,
        string id, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await FindAsync(round, id, ct) is not { } record) return NotFound(round, id);
            var now = Now;
            if (ToDomain(record).AcceptsReactionsAt(now))
                return new Refusal(RefusalKind.Conflict, "consultation-open",
                    $"De consultatie loopt nog tot {DutchTime.Format(record.Deadline)}; publiceer de antwoorden als ze gesloten is.");
            if (record.FinalSnapshot is not null) return Finalised(record);
            var reactions = await ReactionsOfAsync(round, id, ct);
            var answers = AnswerList.Of(reactions);
            var identifying = AnswerList.Identifying(answers, await IdentitiesAsync(round, record, reactions, ct));
            if (identifying.Count > 0)
                return new Refusal(RefusalKind.Conflict, "answers-identify-provider", identifying.Count == 1
                    ? $"Niet gepubliceerd: antwoord {identifying[0]} in de lijst noemt een aanbieder (AGB-code of naam). Pas de publieke vraag of het antwoord aan."
                    : $"Niet gepubliceerd: de antwoorden {string.Join(", ", identifying)} in de lijst noemen een aanbieder (AGB-code of naam). Pas de publieke vragen of antwoorden aan.");
            var (blob, sha) = await store.WriteAnswersAsync(round, id, JsonSerializer.Serialize(answers, ResultJson.Options), ct);
            var closed = ToRecord(ToDomain(record).ClosedAtTime(now), record);
            try
            {
                var saved = await store.UpdateAsync(closed with { PublishedAt = now, AnswersBlob = blob, AnswersSha256 = sha, AnswersCount = answers.Count },
                    closing: true, ct);
                return (ToDomain(saved), answers, reactions.Count(r => !r.Withdrawn && r.Answer is null));
            }
            catch (StorageConflictException) when (attempt < MaxAttempts)
            {
                // The blob we wrote is never pointed at; the next attempt writes its own.
            }
        }
    }

    /// <summary>The published answers, the same for everyone; refused before publication.</summary>
    public async Task<Outcome<(Consultation Consultation, IReadOnlyList<PublishedAnswer> Answers)>> AnswersAsync(string round, string id,
        CancellationToken ct)
    {
        if (await FindAsync(round, id, ct) is not { } record) return NotFound(round, id);
        var json = await store.ReadAnswersAsync(record, ct);
        if (json is null)
            return new Refusal(RefusalKind.NotFound, "answers-not-published", "De antwoorden op de reacties zijn nog niet gepubliceerd.");
        return (ToDomain(record), JsonSerializer.Deserialize<List<PublishedAnswer>>(json, ResultJson.Options) ?? []);
    }

    /// <summary>
    /// Finalises after the consultation: marks <paramref name="snapshot"/> (the concept itself or a later snapshot) final,
    /// recording the consultation and its concept on it, and records it on the consultation. Needs published answers.
    /// Finalising again with the same snapshot changes nothing.
    /// </summary>
    public async Task<Outcome<(Consultation Consultation, SnapshotHeader Final)>> FinaliseAsync(string round, string id, string? snapshot,
        CancellationToken ct)
    {
        if (!StorageKeys.IsValidSnapshotId(snapshot))
            return new Refusal(RefusalKind.Invalid, "invalid-snapshot-id", "Geef de snapshot op die definitief wordt (snapshot).");
        for (var attempt = 1; ; attempt++)
        {
            if (await FindAsync(round, id, ct) is not { } record) return NotFound(round, id);
            if (record.FinalSnapshot is { } done && done != snapshot) return Finalised(record);
            if (record.AnswersBlob is null)
                return new Refusal(RefusalKind.Conflict, "answers-not-published",
                    "Publiceer eerst de antwoorden op de reacties (de terugkoppeling); daarna volgt het definitieve advies.");
            var header = await snapshots.GetHeaderAsync(round, snapshot!, ct);
            var concept = await snapshots.GetHeaderAsync(round, record.Snapshot, ct);
            if (header is null) return new Refusal(RefusalKind.NotFound, "snapshot-not-found", $"Snapshot '{snapshot}' bestaat niet in ronde '{round}'.");
            if (concept is not null && header.CreatedAt < concept.CreatedAt)
                return new Refusal(RefusalKind.Conflict, "snapshot-before-concept",
                    "Deze snapshot is ouder dan het concept van de consultatie; het definitieve advies volgt op het concept.");
            var final = await snapshots.MarkFinalAsync(round, header.SnapshotId, new SnapshotOrigin(id, record.Snapshot), ct);
            if (record.FinalSnapshot is not null) return (ToDomain(record), final);
            try
            {
                var saved = await store.UpdateAsync(record with { FinalSnapshot = final.SnapshotId, FinalisedAt = final.FinalizedAt ?? Now }, ct: ct);
                return (ToDomain(saved), final);
            }
            catch (StorageConflictException) when (attempt < MaxAttempts)
            {
            }
        }
    }

    /// <summary>The finalised consultation's concept and final snapshots with their contents, and the published answers.</summary>
    public async Task<Outcome<(Consultation Consultation, SnapshotHeader Concept, SnapshotContent ConceptContent, SnapshotHeader Final,
        SnapshotContent FinalContent, IReadOnlyList<PublishedAnswer> Answers)>> ChangesAsync(string round, string id, CancellationToken ct)
    {
        var published = await AnswersAsync(round, id, ct);
        if (published.Refusal is { } refusal) return refusal;
        var (consultation, answers) = published.Value;
        if (consultation.FinalSnapshot is not { } finalId)
            return new Refusal(RefusalKind.Conflict, "consultation-not-finalised",
                "Deze consultatie heeft nog geen definitief advies; maak eerst een snapshot definitief na de consultatie (finalisation).");
        async Task<(SnapshotHeader, SnapshotContent)> Read(string snapshotId) => (
            await snapshots.GetHeaderAsync(round, snapshotId, ct) ?? throw new InvalidDataException($"Snapshot {snapshotId} is missing."),
            SnapshotContent.FromJson(await snapshots.ReadContentAsync(round, snapshotId, ct) ?? throw new InvalidDataException($"Snapshot {snapshotId} is missing.")));
        var (conceptHeader, concept) = await Read(consultation.Snapshot);
        var (finalHeader, final) = await Read(finalId);
        return (consultation, conceptHeader, concept, finalHeader, final, answers);
    }

    /// <summary>
    /// The timer's work: every round's open consultation whose deadline passed is recorded closed (at its deadline).
    /// Idempotent: a closed consultation no longer holds its round's open mark, so a second run finds nothing. A round
    /// that fails is listed with the reason; the others still run.
    /// </summary>
    public async Task<(IReadOnlyList<Consultation> Closed, IReadOnlyList<(string Round, string Reason)> Failed)> CloseDueAsync(CancellationToken ct)
    {
        var closed = new List<Consultation>();
        var failed = new List<(string, string)>();
        foreach (var round in await rounds.ListAsync(ct))
        {
            try
            {
                if (await store.GetOpenIdAsync(round.Round, ct) is not { } id || await store.GetAsync(round.Round, id, ct) is not { } record) continue;
                var now = Now;
                if (ToDomain(record).AcceptsReactionsAt(now)) continue;
                closed.Add(ToDomain(await RecordClosedAsync(record, now, ct)));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A reaction or an admin's close raced us: the next run (or that close) records it.
                failed.Add((round.Round, e.Message));
            }
        }
        return (closed, failed);
    }

    /// <summary>Records the consultation closed as it stands at <paramref name="now"/> and releases the round's open mark.</summary>
    private async Task<ConsultationRecord> RecordClosedAsync(ConsultationRecord record, DateTimeOffset now, CancellationToken ct) =>
        await store.UpdateAsync(ToRecord(ToDomain(record).ClosedAtTime(now), record), closing: true, ct);

    private async Task<ConsultationRecord?> FindAsync(string round, string id, CancellationToken ct) =>
        StorageKeys.IsValidRecordId(id) ? await store.GetAsync(round, id, ct) : null;

    private async Task<IReadOnlyList<ReactionVersionRecord>> VersionsAsync(string round, string id, string reactionId, CancellationToken ct) =>
        (await store.ListVersionsAsync(round, id, ct)).Where(v => v.Reaction == reactionId).OrderBy(v => v.Version).ToList();

    private async Task<IReadOnlyList<Reaction>> ReactionsOfAsync(string round, string id, CancellationToken ct)
    {
        var versions = (await store.ListVersionsAsync(round, id, ct)).ToLookup(v => v.Reaction);
        return (await store.ListReactionsAsync(round, id, ct)).Select(h => ToDomain(h, versions[h.Id].OrderBy(v => v.Version).ToList())).ToList();
    }

    /// <summary>Every provider the region knows: from the concept's formats, the reactions, provider keys and principals.</summary>
    private async Task<IReadOnlyList<ProviderIdentity>> IdentitiesAsync(string round, ConsultationRecord record, IReadOnlyList<Reaction> reactions,
        CancellationToken ct)
    {
        var list = new List<ProviderIdentity>();
        if (await snapshots.ReadContentAsync(round, record.Snapshot, ct) is { } json)
            list.AddRange(SnapshotContent.FromJson(json).Formats.Select(f => new ProviderIdentity(f.Agb, f.Name)));
        list.AddRange(reactions.Select(r => new ProviderIdentity(r.Agb, null)));
        list.AddRange((await keys.ListAsync(ct)).Where(k => k.Agb is not null).Select(k => new ProviderIdentity(k.Agb!, k.Name)));
        list.AddRange((await principals.ListAsync(ct)).Where(p => p.Agb is not null).Select(p => new ProviderIdentity(p.Agb!, p.Name)));
        return list;
    }

    private static IReadOnlyCollection<string> Products(SnapshotContent concept) => concept.Tariffs.Select(t => t.Product).ToList();

    /// <summary>The concept's norms by key (<c>Brutojaarsalaris[WO]</c>) and by variable (<c>Brutojaarsalaris</c>).</summary>
    private static IReadOnlyCollection<string> Variables(SnapshotContent concept) =>
        concept.Norms.Select(n => n.Key).Concat(concept.Norms.Select(n => n.Variable)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    private static Refusal AlreadyOpen(ConsultationRecord open) => new(RefusalKind.Conflict, "consultation-open",
        $"Deze ronde heeft al een open marktconsultatie ({open.Id}, termijn tot {DutchTime.Format(open.Deadline)}). Sluit die eerst.");

    private static Refusal Finalised(ConsultationRecord record) => new(RefusalKind.Conflict, "consultation-finalised",
        $"Deze consultatie is afgerond met de definitieve snapshot {record.FinalSnapshot}; er verandert niets meer aan.");

    private static Refusal NotFound(string round, string id) => new(RefusalKind.NotFound, "consultation-not-found",
        $"Er is geen marktconsultatie '{Short(id)}' in ronde '{round}'.");

    private static Refusal ReactionNotFound(string id) => new(RefusalKind.NotFound, "reaction-not-found", $"Er is geen reactie '{Short(id)}' in deze consultatie.");

    private static string Short(string s) => new(s.Take(80).Select(c => char.IsControl(c) ? '?' : c).ToArray());

    private static ReactionView View(ReactionRecord h, IReadOnlyList<ReactionVersionRecord> versions, bool withAnswer)
    {
        var reaction = ToDomain(h, versions);
        return new ReactionView(h.Id, h.Agb, h.Version, h.Product, h.Variable, h.Text, h.CreatedAt, h.UpdatedAt, h.WithdrawnAt,
            reaction.Versions, withAnswer ? reaction.Answer : null);
    }

    private static Consultation ToDomain(ConsultationRecord r) => new(r.Round, r.Id, r.Snapshot, r.Deadline, r.Introduction, r.OpenedAt)
    {
        ClosedAt = r.ClosedAt, ClosedBy = r.ClosedBy, PublishedAt = r.PublishedAt, FinalSnapshot = r.FinalSnapshot, FinalisedAt = r.FinalisedAt,
    };

    private static ConsultationRecord ToRecord(Consultation c, ConsultationRecord stored) => stored with
    {
        Deadline = c.Deadline, ClosedAt = c.ClosedAt, ClosedBy = c.ClosedBy, PublishedAt = c.PublishedAt, FinalSnapshot = c.FinalSnapshot,
        FinalisedAt = c.FinalisedAt,
    };

    private static Reaction ToDomain(ReactionRecord h, IReadOnlyList<ReactionVersionRecord> versions) => new(h.Round, h.Consultation, h.Id, h.Agb,
        versions.Count > 0
            ? versions.Select(v => new ReactionVersion(v.Version, v.Product, v.Variable, v.Text, v.At, v.By)).ToList()
            : [new ReactionVersion(h.Version, h.Product, h.Variable, h.Text, h.UpdatedAt, "")])
    {
        WithdrawnAt = h.WithdrawnAt,
        Answer = h.Outcome is null ? null : new ReactionAnswer(h.PublicQuestion ?? "", h.Answer ?? "", h.Outcome, h.AnsweredAt ?? default, h.AnsweredBy ?? ""),
    };
}
