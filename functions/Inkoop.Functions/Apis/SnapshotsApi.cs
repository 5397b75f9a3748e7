using System.Text.Json;
using Inkoop.Domain.Disclosure;
using Inkoop.Domain.Normalisation;
using Inkoop.Domain.Tariffs;
using Inkoop.Functions.Access;
using Inkoop.Functions.Hosting;
using Inkoop.Functions.Services;
using Inkoop.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Inkoop.Functions.Apis;

/// <summary>
/// Recalculation and snapshots: a recalculation writes a new concept snapshot and makes it current; snapshots are
/// read by id or as "current", listed, marked final (never changed again) and compared.
/// </summary>
public static class SnapshotsApi
{
    public static IEndpointRouteBuilder MapSnapshotsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/rounds/{round}").WithTags("Berekeningen")
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(404).ProducesProblem(500);
        api.MapPost("/recalculations", Recalculate).WithName("StartRecalculation").AllowRoles(Role.Analyst, Role.Admin).Audited("recalculate")
            .WithSummary("Herbereken de ronde: nieuwe concept-snapshot uit het laatste format van elke aanbieder, die de huidige wordt")
            .ProducesProblem(409);
        api.MapGet("/snapshots", List).WithName("ListSnapshots").AllowRoles(Role.Analyst, Role.Admin, Role.Provider).WithSummary("Alle snapshots van de ronde, oudste eerst");
        api.MapGet("/snapshots/current", GetCurrent).WithName("GetCurrentSnapshot").AllowRoles(Role.Analyst, Role.Admin, Role.Provider)
            .WithSummary("De huidige snapshot: tarieven, trajecten, normen met herkomst, spreiding, formats");
        api.MapGet("/snapshots/published", GetPublished).WithName("GetPublishedSnapshot").AllowRoles(Role.Analyst, Role.Admin, Role.Provider)
            .WithSummary("De gepubliceerde snapshot: de laatst definitief gemaakte; aanbieders zien de normen afgerond, zonder exacte n");
        api.MapGet("/snapshots/compare", Compare).WithName("CompareSnapshots").AllowRoles(Role.Analyst, Role.Admin)
            .WithSummary("Twee snapshots vergeleken, per product: oud, nieuw, verschil (?from=ID&to=ID)");
        api.MapGet("/snapshots/{id}", Get).WithName("GetSnapshot").AllowRoles(Role.Analyst, Role.Admin, Role.Provider).WithSummary("Eén snapshot");
        api.MapPost("/snapshots/{id}/final", MarkFinal).WithName("FinalizeSnapshot").AllowRoles(Role.Admin).Audited("finalise")
            .WithSummary("Snapshot definitief maken (idempotent); een definitieve snapshot verandert nooit meer");
        return app;
    }

    /// <summary>A snapshot's header; <c>origin</c>: for a final snapshot that followed a market consultation, that consultation and its concept.</summary>
    public sealed record SnapshotDto(string Id, string Round, string Status, DateTimeOffset CreatedAt, DateTimeOffset? FinalizedAt,
        string? InputFingerprint, bool Current, JsonElement? Summary, SnapshotOrigin? Origin = null);

    /// <summary>A snapshot as served: its header (id, status, times, fingerprint, whether it is current), then its content.</summary>
    public sealed record SnapshotDocument(string Id, string Status, DateTimeOffset CreatedAt, DateTimeOffset? FinalizedAt,
        string? InputFingerprint, bool Current, string Round, string RoundName, DateTimeOffset ComputedAt, string ConfigurationSha256,
        IReadOnlyList<ProductTariff> Tariffs, IReadOnlyList<TrajectoryTariff> Trajectories, IReadOnlyList<Norm> Norms,
        IReadOnlyList<SnapshotFormat> Formats, IndexationFactors? Indexation)
    {
        public static SnapshotDocument Of(SnapshotHeader h, bool current, SnapshotContent c) => new(h.SnapshotId, h.Status, h.CreatedAt,
            h.FinalizedAt, h.InputFingerprint, current, c.Round, c.RoundName, c.ComputedAt, c.ConfigurationSha256, c.Tariffs,
            c.Trajectories, c.Norms, c.Formats, c.Indexation);
    }

    /// <summary>
    /// The published snapshot as a provider sees it: the tariffs and trajectories as published, the norms under
    /// disclosure control (rounded, a band instead of n, suppressed when from too few providers or dominated; see
    /// docs/disclosure.md), and only its own format. No other provider's AGB-code, name or findings, no spreads of
    /// providers' own tariffs, no lists of providers left out of a norm.
    /// </summary>
    public sealed record ProviderSnapshotDocument(string Id, string Status, DateTimeOffset CreatedAt, DateTimeOffset? FinalizedAt,
        string Round, string RoundName, DateTimeOffset ComputedAt, IReadOnlyList<PublishedTariff> Tariffs,
        IReadOnlyList<PublishedTrajectory> Trajectories, IReadOnlyList<DisclosedNorm> Norms, IReadOnlyList<SnapshotFormat> Formats,
        IndexationFactors? Indexation)
    {
        public static ProviderSnapshotDocument Of(SnapshotHeader h, SnapshotContent c, string agb, DisclosureRules rules) => new(h.SnapshotId,
            h.Status, h.CreatedAt, h.FinalizedAt, c.Round, c.RoundName, c.ComputedAt,
            c.Tariffs.Select(t => new PublishedTariff(t.Product, t.Name, t.Unit, t.Tariff, t.Reason)).ToList(),
            c.Trajectories.Select(t => new PublishedTrajectory(t.Code, t.Name, t.Tariff, t.Reason)).ToList(),
            NormDisclosure.Disclose(c.Norms, rules),
            c.Formats.Where(f => f.Agb == agb).ToList(), c.Indexation);
    }

    /// <summary>
    /// A published tariff: indexed to the tariff year when the round indexes. Not its reference-year tariff: with
    /// indexation by components the two together would give away the tariff's material part, i.e. norms that disclosure
    /// control may have withheld.
    /// </summary>
    public sealed record PublishedTariff(string Product, string Name, string Unit, decimal? Tariff, string? Reason);

    /// <summary>A published trajectory tariff, for the same reason without its reference-year tariff.</summary>
    public sealed record PublishedTrajectory(string Code, string Name, decimal? Tariff, string? Reason);

    /// <summary>Under the round's lease, as the timers: waits <see cref="IWorkLeases.Wait"/> for a run elsewhere, then 409.</summary>
    public static async Task<Results<Created<SnapshotDto>, ProblemHttpResult>> Recalculate(string round, IRoundStore rounds,
        Recalculator recalculator, IWorkLeases leases, CancellationToken ct)
    {
        var lookup = await RoundLookup.FindAsync(rounds, round, ct);
        if (Problems.Of(lookup) is { } problem) return problem;
        var leased = await leases.RunAsync(WorkLeases.Round(round), leases.Wait,
            c => recalculator.RunAsync(lookup, onlyIfChanged: false, c), ct);
        if (leased.Outcome != LeaseOutcome.Done) return Problems.WorkInProgress($"ronde {round}", leased.Outcome);
        var run = leased.Result!;
        return TypedResults.Created($"/api/rounds/{round}/snapshots/{run.Snapshot!.SnapshotId}", ToDto(run.Snapshot, current: true));
    }

    /// <summary>For a provider only the published snapshot, without its summary (counts of the region's formats).</summary>
    public static async Task<Results<Ok<IReadOnlyList<SnapshotDto>>, ProblemHttpResult>> List(string round, Caller caller, IRoundStore rounds,
        ISnapshotStore snapshots, CancellationToken ct)
    {
        if (!StorageKeys.IsValidRound(round)) return Problems.InvalidRoundId(round);
        if (await rounds.GetAsync(round, ct) is null) return Problems.RoundNotFound(round);
        var current = await snapshots.GetCurrentAsync(round, ct);
        var list = await snapshots.ListAsync(round, ct);
        var dtos = list.Select(h => ToDto(h, h.SnapshotId == current?.SnapshotId));
        if (caller.IsProvider)
        {
            var published = await PublishedSnapshot.FindAsync(snapshots, round, ct);
            dtos = dtos.Where(d => d.Id == published?.SnapshotId).Select(d => d with { Summary = null });
        }
        return TypedResults.Ok<IReadOnlyList<SnapshotDto>>(dtos.ToList());
    }

    public static Task<Results<Ok<SnapshotDocument>, JsonHttpResult<ProviderSnapshotDocument>, ProblemHttpResult>> GetCurrent(string round,
        Caller caller, IRoundStore rounds, ISnapshotStore snapshots, CancellationToken ct) => Read(round, null, caller, rounds, snapshots, ct);

    /// <summary>The latest final snapshot: for analysts and admins whole, for a provider its view.</summary>
    public static async Task<Results<Ok<SnapshotDocument>, JsonHttpResult<ProviderSnapshotDocument>, ProblemHttpResult>> GetPublished(
        string round, Caller caller, IRoundStore rounds, ISnapshotStore snapshots, CancellationToken ct)
    {
        if (!StorageKeys.IsValidRound(round)) return Problems.InvalidRoundId(round);
        if (await PublishedSnapshot.FindAsync(snapshots, round, ct) is not { } published)
        {
            if (await rounds.GetAsync(round, ct) is null) return Problems.RoundNotFound(round);
            return Problems.NoPublishedSnapshot(round);
        }
        return await Read(round, published.SnapshotId, caller, rounds, snapshots, ct);
    }

    public static Task<Results<Ok<SnapshotDocument>, JsonHttpResult<ProviderSnapshotDocument>, ProblemHttpResult>> Get(string round, string id,
        Caller caller, IRoundStore rounds, ISnapshotStore snapshots, CancellationToken ct) => Read(round, id, caller, rounds, snapshots, ct);

    public static async Task<Results<Ok<SnapshotDto>, ProblemHttpResult>> MarkFinal(string round, string id, IRoundStore rounds,
        ISnapshotStore snapshots, CancellationToken ct)
    {
        var (header, current, problem) = await ResolveAsync(round, id, rounds, snapshots, ct);
        if (problem is not null) return problem;
        var final = await snapshots.MarkFinalAsync(round, header!.SnapshotId, ct);
        return TypedResults.Ok(ToDto(final, current));
    }

    public static async Task<Results<Ok<SnapshotComparison.ComparisonDto>, ProblemHttpResult>> Compare(string round, string? from, string? to,
        IRoundStore rounds, ISnapshotStore snapshots, CancellationToken ct)
    {
        if (!StorageKeys.IsValidRound(round)) return Problems.InvalidRoundId(round);
        if (string.IsNullOrEmpty(from) || string.IsNullOrEmpty(to))
            return Problems.Create(400, "bad-request", "Geef de twee snapshots op die u wilt vergelijken: ?from=ID&to=ID.");
        var old = await ReadContentAsync(round, from, rounds, snapshots, ct);
        if (old.Problem is not null) return old.Problem;
        var @new = await ReadContentAsync(round, to, rounds, snapshots, ct);
        if (@new.Problem is not null) return @new.Problem;
        return TypedResults.Ok(SnapshotComparison.Compare(round, old.Header!, old.Content!, @new.Header!, @new.Content!));
    }

    /// <summary>
    /// The whole document for analysts and admins. A provider sees one state, the published snapshot, in its view: a
    /// concept is <c>snapshot-not-final</c>, an older final snapshot <c>snapshot-not-published</c>.
    /// </summary>
    private static async Task<Results<Ok<SnapshotDocument>, JsonHttpResult<ProviderSnapshotDocument>, ProblemHttpResult>> Read(string round,
        string? id, Caller caller, IRoundStore rounds, ISnapshotStore snapshots, CancellationToken ct)
    {
        var (header, current, problem) = await ResolveAsync(round, id, rounds, snapshots, ct);
        if (problem is not null) return problem;
        DisclosureRules? rules = null;
        if (caller.IsProvider)
        {
            if (header!.Status != SnapshotStatus.Final)
                return Problems.Create(403, "snapshot-not-final",
                    "Deze berekening is nog een concept. Aanbieders zien alleen definitief vastgestelde tarieven.");
            if ((await PublishedSnapshot.FindAsync(snapshots, round, ct))?.SnapshotId != header.SnapshotId)
                return Problems.SnapshotNotPublished(round);
            var lookup = await RoundLookup.FindAsync(rounds, round, ct);
            if (Problems.Of(lookup) is { } invalid) return invalid;
            rules = lookup.Configuration!.Disclosure;
        }
        var content = await snapshots.ReadContentAsync(round, header!.SnapshotId, ct);
        if (content is null) return Problems.SnapshotNotFound(round, header.SnapshotId);
        var snapshot = SnapshotContent.FromJson(content);
        return rules is not null
            ? TypedResults.Json(ProviderSnapshotDocument.Of(header, snapshot, caller.Agb!, rules))
            : TypedResults.Ok(SnapshotDocument.Of(header, current, snapshot));
    }

    internal static async Task<(SnapshotHeader? Header, SnapshotContent? Content, ProblemHttpResult? Problem)> ReadContentAsync(
        string round, string? id, IRoundStore rounds, ISnapshotStore snapshots, CancellationToken ct)
    {
        var (header, _, problem) = await ResolveAsync(round, id, rounds, snapshots, ct);
        if (problem is not null) return (null, null, problem);
        var json = await snapshots.ReadContentAsync(round, header!.SnapshotId, ct);
        return json is null ? (null, null, Problems.SnapshotNotFound(round, header.SnapshotId)) : (header, SnapshotContent.FromJson(json), null);
    }

    /// <summary>The header of snapshot <paramref name="id"/>, or of the current one when null; whether it is current.</summary>
    internal static async Task<(SnapshotHeader? Header, bool Current, ProblemHttpResult? Problem)> ResolveAsync(string round, string? id,
        IRoundStore rounds, ISnapshotStore snapshots, CancellationToken ct)
    {
        if (!StorageKeys.IsValidRound(round)) return (null, false, Problems.InvalidRoundId(round));
        if (id is not null && !StorageKeys.IsValidSnapshotId(id)) return (null, false, Problems.InvalidSnapshotId(id));
        var current = await snapshots.GetCurrentAsync(round, ct);
        var wanted = id ?? current?.SnapshotId;
        var header = wanted is null ? null : await snapshots.GetHeaderAsync(round, wanted, ct);
        if (header is not null) return (header, header.SnapshotId == current?.SnapshotId, null);
        // Tell an unknown round from an unknown snapshot only when the answer is "not found" anyway.
        if (await rounds.GetAsync(round, ct) is null) return (null, false, Problems.RoundNotFound(round));
        return (null, false, Problems.SnapshotNotFound(round, id));
    }

    internal static SnapshotDto ToDto(SnapshotHeader h, bool current)
    {
        JsonElement? summary = null;
        if (h.SummaryJson is { } json)
        {
            using var document = JsonDocument.Parse(json);
            summary = document.RootElement.Clone();
        }
        return new SnapshotDto(h.SnapshotId, h.Round, h.Status, h.CreatedAt, h.FinalizedAt, h.InputFingerprint, current, summary, h.Origin);
    }

}
