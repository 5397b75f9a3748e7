using System.Text.Json;
using Inkoop.Domain.Rounds;
using Inkoop.Domain.Tariffs;
using Inkoop.Functions.Access;
using Inkoop.Functions.Hosting;
using Inkoop.Functions.Services;
using Inkoop.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Inkoop.Functions.Apis;

/// <summary>
/// What each norm choice does to each tariff (indexation-and-sensitivity.md section 5), and what-if scenarios. For
/// analysts only: nothing here ever reaches a provider.
/// </summary>
public static class SensitivityApi
{
    public static IEndpointRouteBuilder MapSensitivityApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/rounds/{round}").WithTags("Gevoeligheid")
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(500);
        api.MapGet("/snapshots/{id}/sensitivity", GetSensitivity).WithName("GetSnapshotSensitivity").AllowRoles(Role.Analyst, Role.Admin)
            .WithSummary("Per product en variabele het tarief bij elke andere statistiek, uit de eigen invoer van de snapshot (id of current)")
            .Produces<SensitivityResult>(200);
        api.MapPost("/scenarios", RunScenario).WithName("RunScenario").AllowRoles(Role.Analyst, Role.Admin)
            .WithSummary("Wat-als: de tarieven van de huidige snapshot onder andere normeringsregels (en indexatie), naast de eigen; er wordt niets bewaard")
            .Accepts<JsonElement>("application/json").ProducesProblem(413);
        return app;
    }

    public sealed record ScenarioDto(string Round, string Snapshot, IReadOnlyList<ScenarioLine> Tariffs);

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetSensitivity(string round, string id, IRoundStore rounds,
        ISnapshotStore snapshots, Sensitivities sensitivities, CancellationToken ct)
    {
        var (header, content, problem) = await SnapshotsApi.ReadContentAsync(round, id == "current" ? null : id, rounds, snapshots, ct);
        if (problem is not null) return problem;
        var (json, unavailable) = await sensitivities.OfAsync(round, header!, content!, ct);
        return json is null ? InputsUnavailable(unavailable!) : TypedResults.Content(json, "application/json");
    }

    public static async Task<Results<Ok<ScenarioDto>, ProblemHttpResult>> RunScenario(string round, HttpRequest request, IRoundStore rounds,
        ISnapshotStore snapshots, Scenarios scenarios, CancellationToken ct)
    {
        var (header, content, problem) = await SnapshotsApi.ReadContentAsync(round, null, rounds, snapshots, ct);
        if (problem is not null) return problem;
        var json = await RequestText.ReadAsync(request, RoundConfigurationParser.MaxScenarioLength, ct);
        if (json is null) return Problems.TooLarge(RoundConfigurationParser.MaxScenarioLength);
        var outcome = await scenarios.RunAsync(round, content!, json, ct);
        if (outcome.Invalid is { } errors) return Problems.InvalidConfiguration("invalid-scenario", "Het scenario", errors);
        if (outcome.Unavailable is { } unavailable) return InputsUnavailable(unavailable);
        return TypedResults.Ok(new ScenarioDto(round, header!.SnapshotId, outcome.Tariffs!));
    }

    private static ProblemHttpResult InputsUnavailable(string reason) => Problems.Create(409, "snapshot-inputs-unavailable", reason);
}
