using System.Text.Json;
using Inkoop.Functions.Timers;
using Inkoop.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Inkoop.Functions.Apis;

/// <summary>
/// Timer functions, called by the Functions host (or the local runner) as <c>POST /{FunctionName}</c> with the
/// invocation payload; not part of the public API (no /api prefix, not in the OpenAPI document).
/// </summary>
public static class TimersApi
{
    public static IEndpointRouteBuilder MapTimersApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/RecalculateTariffs", RecalculateTariffs).WithName("RecalculateTariffs").ExcludeFromDescription();
        app.MapPost("/CloseRepairWindows", CloseRepairWindows).WithName("CloseRepairWindows").ExcludeFromDescription();
        return app;
    }

    public static async Task<Ok<InvocationResponse>> RecalculateTariffs(InvocationRequest request, TimerJobs jobs,
        IOptions<JsonOptions> json, CancellationToken ct) =>
        TypedResults.Ok(await jobs.RecalculateTariffsAsync(request.Timer(json.Value.SerializerOptions), ct));

    public static async Task<Ok<InvocationResponse>> CloseRepairWindows(InvocationRequest request, TimerJobs jobs,
        IOptions<JsonOptions> json, CancellationToken ct) =>
        TypedResults.Ok(await jobs.CloseRepairWindowsAsync(request.Timer(json.Value.SerializerOptions), ct));
}

/// <summary>
/// What the timers do. For now they only report what they would do; the recalculation (new concept snapshot
/// for every round whose formats changed since its last snapshot) and the closing of repair windows are wired
/// in when the engine's API is there.
/// </summary>
public sealed class TimerJobs(IRoundStore rounds, ILogger<TimerJobs> logger, TimeProvider clock)
{
    public async Task<InvocationResponse> RecalculateTariffsAsync(TimerInfo? timer, CancellationToken ct)
    {
        var logs = new List<string>();
        var all = await rounds.ListAsync(ct);
        Log(logs, $"RecalculateTariffs: {all.Count} ronde(s){(timer?.IsPastDue == true ? " (te laat gestart)" : "")}.");
        foreach (var round in all)
            Log(logs, $"Ronde {round.Round}: herberekening volgt zodra de tariefberekening is aangesloten.");
        return new InvocationResponse { Logs = logs, ReturnValue = new { rounds = all.Count, recalculated = Array.Empty<string>() } };
    }

    public async Task<InvocationResponse> CloseRepairWindowsAsync(TimerInfo? timer, CancellationToken ct)
    {
        var logs = new List<string>();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var due = (await rounds.ListAsync(ct)).Where(r => r.RepairDeadline is { } d && d < today).ToList();
        Log(logs, $"CloseRepairWindows: {due.Count} ronde(s) voorbij de hersteltermijn{(timer?.IsPastDue == true ? " (te laat gestart)" : "")}.");
        foreach (var round in due)
            Log(logs, $"Ronde {round.Round}: hersteltermijn verliep op {round.RepairDeadline:yyyy-MM-dd}; sluiten volgt zodra dat is aangesloten.");
        return new InvocationResponse { Logs = logs, ReturnValue = new { due = due.Select(r => r.Round).ToList(), closed = Array.Empty<string>() } };
    }

    private void Log(List<string> logs, string message)
    {
        logs.Add(message);
        logger.LogInformation("{Message}", message);
    }
}
