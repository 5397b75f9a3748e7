using Inkoop.Domain.Consultations;
using Inkoop.Domain.Normalisation;
using Inkoop.Domain.Tariffs;
using Inkoop.Excel;
using Inkoop.Functions.Access;
using Inkoop.Functions.Hosting;
using Inkoop.Functions.Services;
using Inkoop.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Inkoop.Functions.Apis;

/// <summary>
/// The market consultation (marktconsultatie) of a round: opened on a concept snapshot with a deadline, reactions of
/// providers until then, the region's answers, their publication to all providers alike, and the final advice that
/// follows. The work is <see cref="MarketConsultations"/>; these handlers parse, call and answer.
/// </summary>
public static class ConsultationsApi
{
    public static IEndpointRouteBuilder MapConsultationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/rounds/{round}/consultations").WithTags("Marktconsultatie")
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(500);
        api.MapPost("/", Open).WithName("OpenConsultation").AllowRoles(Role.Admin).Audited("consultation-opened")
            .WithSummary("Marktconsultatie openen op een concept-snapshot, met een termijn voor reacties (Nederlandse tijd)").ProducesProblem(409);
        api.MapGet("/", List).WithName("ListConsultations").AllowRoles(Role.Analyst, Role.Admin, Role.Provider)
            .WithSummary("De marktconsultaties van de ronde, oudste eerst");
        api.MapGet("/{id}", Get).WithName("GetConsultation").AllowRoles(Role.Analyst, Role.Admin, Role.Provider)
            .WithSummary("Eén marktconsultatie met de concepttarieven en -normen (aanbieders: normen onder de openbaarmakingsregels, naast hun eigen waarden)");
        api.MapPut("/{id}", Extend).WithName("ExtendConsultation").AllowRoles(Role.Admin).Audited("consultation-extended")
            .WithSummary("De termijn van een open consultatie verlengen").ProducesProblem(409);
        api.MapPost("/{id}/close", Close).WithName("CloseConsultation").AllowRoles(Role.Admin).Audited("consultation-closed")
            .WithSummary("De consultatie nu sluiten (idempotent)");
        api.MapPost("/{id}/reactions", React).WithName("AddReaction").AllowRoles(Role.Provider, Role.Analyst, Role.Admin).Audited("reaction-added")
            .WithSummary("Reageren (aanbieder: voor de eigen organisatie; analist of beheerder: namens een aanbieder, met agb)").ProducesProblem(409);
        api.MapGet("/{id}/reactions", Reactions).WithName("ListReactions").AllowRoles(Role.Analyst, Role.Admin, Role.Provider)
            .WithSummary("De reacties met hun versies en antwoorden (aanbieder: alleen de eigen, zonder antwoorden)");
        api.MapGet("/{id}/reactions/export", ExportReactions).WithName("ExportReactions").AllowRoles(Role.Analyst, Role.Admin)
            .WithSummary("Alle reacties met versies en antwoorden als werkmap (.xlsx) voor analisten").Produces(200, contentType: UploadBody.XlsxContentType);
        api.MapPut("/{id}/reactions/{reactionId}", Edit).WithName("EditReaction").AllowRoles(Role.Provider).Audited("reaction-edited")
            .WithSummary("De eigen reactie wijzigen (een nieuwe versie), tot de termijn").ProducesProblem(409);
        api.MapDelete("/{id}/reactions/{reactionId}", Withdraw).WithName("WithdrawReaction").AllowRoles(Role.Provider).Audited("reaction-withdrawn")
            .WithSummary("De eigen reactie intrekken, tot de termijn").ProducesProblem(409);
        api.MapPut("/{id}/reactions/{reactionId}/answer", Answer).WithName("AnswerReaction").AllowRoles(Role.Analyst, Role.Admin).Audited("reaction-answered")
            .WithSummary("Een reactie beantwoorden: publieke vraag (anonieme samenvatting), antwoord en uitkomst").ProducesProblem(409);
        api.MapPost("/{id}/publication", Publish).WithName("PublishAnswers").AllowRoles(Role.Admin).Audited("answers-published")
            .WithSummary("De antwoorden publiceren (terugkoppeling): één anonieme lijst, voor iedere aanbieder gelijk").ProducesProblem(409);
        api.MapGet("/{id}/answers", Answers).WithName("GetAnswers").AllowRoles(Role.Analyst, Role.Admin, Role.Provider)
            .WithSummary("De gepubliceerde vragen en antwoorden");
        api.MapGet("/{id}/answers/export", ExportAnswers).WithName("ExportAnswers").AllowRoles(Role.Analyst, Role.Admin, Role.Provider)
            .WithSummary("De gepubliceerde vragen en antwoorden als werkmap (.xlsx)").Produces(200, contentType: UploadBody.XlsxContentType);
        api.MapPost("/{id}/finalisation", Finalise).WithName("FinaliseConsultation").AllowRoles(Role.Admin).Audited("consultation-finalised")
            .WithSummary("Het definitieve advies: een snapshot definitief maken die de consultatie en haar concept vastlegt").ProducesProblem(409);
        api.MapGet("/{id}/changes", Changes).WithName("GetConsultationChanges").AllowRoles(Role.Analyst, Role.Admin)
            .WithSummary("Wat veranderde van concept naar definitief, per tarief en per norm, met de antwoorden 'changed' erbij").ProducesProblem(409);
        return app;
    }

    public sealed record OpenRequest(string? Snapshot, string? Deadline, string? Introduction);

    public sealed record ExtendRequest(string? Deadline);

    public sealed record ReactionRequest(string? Agb, string? Product, string? Variable, string? Text);

    public sealed record AnswerRequest(string? PublicQuestion, string? Answer, string? Outcome);

    public sealed record FinaliseRequest(string? Snapshot);

    /// <summary>A consultation: <c>deadline</c> with the Dutch offset of that moment, <c>deadlineText</c> as people read it.</summary>
    public record ConsultationDto(string Id, string Round, string Snapshot, DateTimeOffset Deadline, string DeadlineText, string Status,
        string Introduction, DateTimeOffset OpenedAt, DateTimeOffset? ClosedAt, string? ClosedBy, DateTimeOffset? PublishedAt,
        string? FinalSnapshot, DateTimeOffset? FinalisedAt)
    {
        public static ConsultationDto Of(Consultation c, DateTimeOffset now) => new(c.Id, c.Round, c.Snapshot, DutchTime.InDutchTime(c.Deadline),
            DutchTime.Format(c.Deadline), c.StatusAt(now), c.Introduction, c.OpenedAt, c.ClosedAt, c.ClosedBy, c.PublishedAt, c.FinalSnapshot,
            c.FinalisedAt);
    }

    /// <summary>For analysts and admins: the consultation and its concept's tariffs (with spreads), trajectories and norms (with provenance).</summary>
    public sealed record ConsultationDocument : ConsultationDto
    {
        public ConsultationDocument(ConsultationDto consultation, IReadOnlyList<ProductTariff> tariffs, IReadOnlyList<TrajectoryTariff> trajectories,
            IReadOnlyList<Norm> norms) : base(consultation) => (Tariffs, Trajectories, Norms) = (tariffs, trajectories, norms);

        public IReadOnlyList<ProductTariff> Tariffs { get; }
        public IReadOnlyList<TrajectoryTariff> Trajectories { get; }
        public IReadOnlyList<Norm> Norms { get; }
    }

    /// <summary>
    /// For a provider: the consultation, the concept tariffs as published (no spreads), and per norm the value under the
    /// disclosure rules beside its own figure and where that stands. No other provider's figures.
    /// </summary>
    public sealed record ProviderConsultationDocument : ConsultationDto
    {
        public ProviderConsultationDocument(ConsultationDto consultation, IReadOnlyList<SnapshotsApi.PublishedTariff> tariffs,
            IReadOnlyList<TrajectoryTariff> trajectories, IReadOnlyList<ProviderNorm> norms) : base(consultation) =>
            (Tariffs, Trajectories, Norms) = (tariffs, trajectories, norms);

        public IReadOnlyList<SnapshotsApi.PublishedTariff> Tariffs { get; }
        public IReadOnlyList<TrajectoryTariff> Trajectories { get; }
        public IReadOnlyList<ProviderNorm> Norms { get; }
    }

    public sealed record PublicationDto(ConsultationDto Consultation, int Answers, int Unanswered);

    public sealed record FinalisationDto(ConsultationDto Consultation, SnapshotsApi.SnapshotDto Final);

    public sealed record TariffOutcome(SnapshotComparison.TariffChange Change, IReadOnlyList<PublishedAnswer> Answers);

    public sealed record NormOutcome(SnapshotComparison.NormChange Change, IReadOnlyList<PublishedAnswer> Answers);

    /// <summary>Concept to final: per tariff and norm what changed, with the published answers marked <c>changed</c> about it.</summary>
    public sealed record ChangesDto(string Round, ConsultationDto Consultation, SnapshotComparison.SnapshotRef Concept, SnapshotComparison.SnapshotRef Final,
        IReadOnlyList<TariffOutcome> Tariffs, IReadOnlyList<SnapshotComparison.TariffChange> Trajectories, IReadOnlyList<NormOutcome> Norms,
        IReadOnlyList<PublishedAnswer> General);

    public static async Task<Results<Created<ConsultationDto>, ProblemHttpResult>> Open(string round, OpenRequest? body, Caller caller,
        HttpContext context, IRoundStore rounds, MarketConsultations consultations, CancellationToken ct)
    {
        if (await RoundProblemAsync(round, rounds, ct) is { } problem) return problem;
        var opened = await consultations.OpenAsync(round, body?.Snapshot, body?.Deadline, body?.Introduction, Actor(caller), ct);
        if (opened.Refusal is { } refusal) return Problem(refusal);
        AuditLog.Note(context, $"consultation {opened.Value!.Id} on {opened.Value.Snapshot} until {opened.Value.Deadline:O}");
        return TypedResults.Created($"/api/rounds/{round}/consultations/{opened.Value.Id}", ConsultationDto.Of(opened.Value, consultations.Now));
    }

    public static async Task<Results<Ok<IReadOnlyList<ConsultationDto>>, ProblemHttpResult>> List(string round, IRoundStore rounds,
        MarketConsultations consultations, CancellationToken ct)
    {
        if (await RoundProblemAsync(round, rounds, ct) is { } problem) return problem;
        var now = consultations.Now;
        return TypedResults.Ok<IReadOnlyList<ConsultationDto>>((await consultations.ListAsync(round, ct)).Select(c => ConsultationDto.Of(c, now)).ToList());
    }

    public static async Task<Results<Ok<ConsultationDocument>, JsonHttpResult<ProviderConsultationDocument>, ProblemHttpResult>> Get(string round,
        string id, Caller caller, IRoundStore rounds, MarketConsultations consultations, CancellationToken ct)
    {
        var lookup = await RoundLookup.FindAsync(rounds, round, ct);
        if (Problems.Of(lookup) is { } problem) return problem;
        var found = await consultations.WithConceptAsync(round, id, ct);
        if (found.Refusal is { } refusal) return Problem(refusal);
        var (consultation, concept) = found.Value!;
        var dto = ConsultationDto.Of(consultation, consultations.Now);
        if (!caller.IsProvider) return TypedResults.Ok(new ConsultationDocument(dto, concept.Tariffs, concept.Trajectories, concept.Norms));
        var norms = await consultations.ProviderNormsAsync(round, concept, caller.Agb!, lookup.Configuration!.Disclosure, ct);
        return TypedResults.Json(new ProviderConsultationDocument(dto,
            concept.Tariffs.Select(t => new SnapshotsApi.PublishedTariff(t.Product, t.Name, t.Unit, t.Tariff, t.Reason)).ToList(),
            concept.Trajectories, norms));
    }

    public static async Task<Results<Ok<ConsultationDto>, ProblemHttpResult>> Extend(string round, string id, ExtendRequest? body,
        HttpContext context, IRoundStore rounds, MarketConsultations consultations, CancellationToken ct)
    {
        if (await RoundProblemAsync(round, rounds, ct) is { } problem) return problem;
        var extended = await consultations.ExtendAsync(round, id, body?.Deadline, ct);
        if (extended.Refusal is { } refusal) return Problem(refusal);
        AuditLog.Note(context, $"consultation {id} until {extended.Value!.Deadline:O}");
        return TypedResults.Ok(ConsultationDto.Of(extended.Value, consultations.Now));
    }

    public static async Task<Results<Ok<ConsultationDto>, ProblemHttpResult>> Close(string round, string id, IRoundStore rounds,
        MarketConsultations consultations, CancellationToken ct)
    {
        if (await RoundProblemAsync(round, rounds, ct) is { } problem) return problem;
        var closed = await consultations.CloseAsync(round, id, ct);
        return closed.Refusal is { } refusal ? Problem(refusal) : TypedResults.Ok(ConsultationDto.Of(closed.Value!, consultations.Now));
    }

    public static async Task<Results<Created<ReactionView>, ProblemHttpResult>> React(string round, string id, ReactionRequest? body, Caller caller,
        HttpContext context, IRoundStore rounds, MarketConsultations consultations, CancellationToken ct)
    {
        if (await RoundProblemAsync(round, rounds, ct) is { } problem) return problem;
        var added = await consultations.ReactAsync(round, id, Actor(caller), body?.Agb, body?.Product, body?.Variable, body?.Text, ct);
        if (added.Refusal is { } refusal) return Problem(refusal);
        AuditLog.Note(context, $"consultation {id} reaction {added.Value!.Id} version 1 agb {added.Value.Agb}");
        return TypedResults.Created($"/api/rounds/{round}/consultations/{id}/reactions/{added.Value.Id}", added.Value);
    }

    public static async Task<Results<Ok<IReadOnlyList<ReactionView>>, ProblemHttpResult>> Reactions(string round, string id, Caller caller,
        IRoundStore rounds, MarketConsultations consultations, CancellationToken ct)
    {
        if (await RoundProblemAsync(round, rounds, ct) is { } problem) return problem;
        var list = await consultations.ReactionsAsync(round, id, Actor(caller), ct);
        return list.Refusal is { } refusal ? Problem(refusal) : TypedResults.Ok(list.Value!);
    }

    public static async Task<Results<Ok<ReactionView>, ProblemHttpResult>> Edit(string round, string id, string reactionId, ReactionRequest? body,
        Caller caller, HttpContext context, IRoundStore rounds, MarketConsultations consultations, CancellationToken ct)
    {
        if (await RoundProblemAsync(round, rounds, ct) is { } problem) return problem;
        var edited = await consultations.EditAsync(round, id, reactionId, Actor(caller), body?.Product, body?.Variable, body?.Text, ct);
        if (edited.Refusal is { } refusal) return Problem(refusal);
        AuditLog.Note(context, $"consultation {id} reaction {reactionId} version {edited.Value!.Version} agb {edited.Value.Agb}");
        return TypedResults.Ok(edited.Value);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Withdraw(string round, string id, string reactionId, Caller caller,
        HttpContext context, IRoundStore rounds, MarketConsultations consultations, CancellationToken ct)
    {
        if (await RoundProblemAsync(round, rounds, ct) is { } problem) return problem;
        var withdrawn = await consultations.WithdrawAsync(round, id, reactionId, Actor(caller), ct);
        if (withdrawn.Refusal is { } refusal) return Problem(refusal);
        AuditLog.Note(context, $"consultation {id} reaction {reactionId} withdrawn agb {withdrawn.Value!.Agb}");
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<ReactionView>, ProblemHttpResult>> Answer(string round, string id, string reactionId, AnswerRequest? body,
        Caller caller, HttpContext context, IRoundStore rounds, MarketConsultations consultations, CancellationToken ct)
    {
        if (await RoundProblemAsync(round, rounds, ct) is { } problem) return problem;
        var answered = await consultations.AnswerAsync(round, id, reactionId, Actor(caller), body?.PublicQuestion, body?.Answer, body?.Outcome, ct);
        if (answered.Refusal is { } refusal) return Problem(refusal);
        AuditLog.Note(context, $"consultation {id} reaction {reactionId} answered {answered.Value!.Answer!.Outcome}");
        return TypedResults.Ok(answered.Value);
    }

    public static async Task<Results<Ok<PublicationDto>, ProblemHttpResult>> Publish(string round, string id, HttpContext context, IRoundStore rounds,
        MarketConsultations consultations, CancellationToken ct)
    {
        if (await RoundProblemAsync(round, rounds, ct) is { } problem) return problem;
        var published = await consultations.PublishAsync(round, id, ct);
        if (published.Refusal is { } refusal) return Problem(refusal);
        var (consultation, answers, unanswered) = published.Value;
        AuditLog.Note(context, $"consultation {id}: {answers.Count} answers published, {unanswered} reactions unanswered");
        return TypedResults.Ok(new PublicationDto(ConsultationDto.Of(consultation, consultations.Now), answers.Count, unanswered));
    }

    public static async Task<Results<Ok<IReadOnlyList<PublishedAnswer>>, ProblemHttpResult>> Answers(string round, string id, IRoundStore rounds,
        MarketConsultations consultations, CancellationToken ct)
    {
        if (await RoundProblemAsync(round, rounds, ct) is { } problem) return problem;
        var published = await consultations.AnswersAsync(round, id, ct);
        return published.Refusal is { } refusal ? Problem(refusal) : TypedResults.Ok(published.Value.Answers);
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportAnswers(string round, string id, IRoundStore rounds,
        MarketConsultations consultations, CancellationToken ct)
    {
        if (await RoundProblemAsync(round, rounds, ct) is { } problem) return problem;
        var published = await consultations.AnswersAsync(round, id, ct);
        if (published.Refusal is { } refusal) return Problem(refusal);
        var (consultation, answers) = published.Value;
        using var buffer = new MemoryStream();
        ConsultationWorkbookWriter.WriteAnswers($"Nota van inlichtingen marktconsultatie {round}", consultation.PublishedAt ?? consultations.Now,
            answers, buffer);
        return TypedResults.File(buffer.ToArray(), UploadBody.XlsxContentType, $"antwoorden-{round}-{id}.xlsx");
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportReactions(string round, string id, Caller caller,
        IRoundStore rounds, MarketConsultations consultations, CancellationToken ct)
    {
        if (await RoundProblemAsync(round, rounds, ct) is { } problem) return problem;
        var list = await consultations.ReactionsAsync(round, id, Actor(caller), ct);
        if (list.Refusal is { } refusal) return Problem(refusal);
        using var buffer = new MemoryStream();
        ConsultationWorkbookWriter.WriteReactions($"Reacties marktconsultatie {round} ({id})", list.Value!.Select(r => new ConsultationWorkbookWriter.ReactionRow(
            r.Id, r.Agb, r.Version, r.Product, r.Variable, r.Text, r.CreatedAt, r.UpdatedAt, r.WithdrawnAt,
            r.Versions.Select(v => (v.Version, v.At, v.Text)).ToList(), r.Answer?.PublicQuestion, r.Answer?.Answer, r.Answer?.Outcome)).ToList(), buffer);
        return TypedResults.File(buffer.ToArray(), UploadBody.XlsxContentType, $"reacties-{round}-{id}.xlsx");
    }

    public static async Task<Results<Ok<FinalisationDto>, ProblemHttpResult>> Finalise(string round, string id, FinaliseRequest? body,
        HttpContext context, IRoundStore rounds, ISnapshotStore snapshots, MarketConsultations consultations, CancellationToken ct)
    {
        if (await RoundProblemAsync(round, rounds, ct) is { } problem) return problem;
        var finalised = await consultations.FinaliseAsync(round, id, body?.Snapshot, ct);
        if (finalised.Refusal is { } refusal) return Problem(refusal);
        var (consultation, final) = finalised.Value;
        AuditLog.Note(context, $"consultation {id}: snapshot {final.SnapshotId} final after concept {consultation.Snapshot}");
        var current = await snapshots.GetCurrentAsync(round, ct);
        return TypedResults.Ok(new FinalisationDto(ConsultationDto.Of(consultation, consultations.Now),
            SnapshotsApi.ToDto(final, final.SnapshotId == current?.SnapshotId)));
    }

    public static async Task<Results<Ok<ChangesDto>, ProblemHttpResult>> Changes(string round, string id, IRoundStore rounds,
        MarketConsultations consultations, CancellationToken ct)
    {
        if (await RoundProblemAsync(round, rounds, ct) is { } problem) return problem;
        var found = await consultations.ChangesAsync(round, id, ct);
        if (found.Refusal is { } refusal) return Problem(refusal);
        var (consultation, conceptHeader, concept, finalHeader, final, answers) = found.Value;
        var comparison = SnapshotComparison.Compare(round, conceptHeader, concept, finalHeader, final);
        return TypedResults.Ok(new ChangesDto(round, ConsultationDto.Of(consultation, consultations.Now), comparison.From, comparison.To,
            comparison.Tariffs.Select(t => new TariffOutcome(t, AnswerList.ChangedAboutProduct(answers, t.Code))).ToList(),
            comparison.Trajectories,
            comparison.Norms.Select(n => new NormOutcome(n, AnswerList.ChangedAboutNorm(answers, n.Variable, n.Qualifier))).ToList(),
            AnswerList.ChangedInGeneral(answers)));
    }

    private static Actor Actor(Caller caller) => new(caller.Id, caller.IsProvider ? caller.Agb : null);

    private static async Task<ProblemHttpResult?> RoundProblemAsync(string round, IRoundStore rounds, CancellationToken ct)
    {
        if (!StorageKeys.IsValidRound(round)) return Problems.InvalidRoundId(round);
        return await rounds.GetAsync(round, ct) is null ? Problems.RoundNotFound(round) : null;
    }

    private static ProblemHttpResult Problem(Refusal refusal) => Problems.Create(refusal.Kind switch
    {
        RefusalKind.Invalid => 400,
        RefusalKind.NotFound => 404,
        RefusalKind.Forbidden => 403,
        _ => 409,
    }, refusal.Code, refusal.Message);
}
