using System.Text.Json;
using Inkoop.Functions.Access;
using Inkoop.Functions.Hosting;
using Inkoop.Functions.Services;
using Inkoop.Functions.Timers;
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
        app.MapPost("/RecalculateTariffs", RecalculateTariffs).WithName("RecalculateTariffs").AllowRoles(Role.Scheduler, Role.Admin).Audited("timer-recalculate").ExcludeFromDescription();
        app.MapPost("/CloseRepairWindows", CloseRepairWindows).WithName("CloseRepairWindows").AllowRoles(Role.Scheduler, Role.Admin).Audited("timer-close-repair-windows").ExcludeFromDescription();
        app.MapPost("/RevalidateFormats", RevalidateFormats).WithName("RevalidateFormats").AllowRoles(Role.Scheduler, Role.Admin).Audited("timer-revalidate-formats").ExcludeFromDescription();
        app.MapPost("/RecalculateLumpsumVariance", RecalculateLumpsumVariance).WithName("RecalculateLumpsumVariance").AllowRoles(Role.Scheduler, Role.Admin).Audited("timer-recalculate-lumpsum-variance").ExcludeFromDescription();
        return app;
    }

    public static Task<Results<Ok<InvocationResponse>, ProblemHttpResult>> RecalculateTariffs(InvocationRequest request, TimerJobs jobs,
        IOptions<JsonOptions> json, CancellationToken ct) => RunAsync(request, json, timer => jobs.RecalculateTariffsAsync(timer, ct));

    public static Task<Results<Ok<InvocationResponse>, ProblemHttpResult>> CloseRepairWindows(InvocationRequest request, TimerJobs jobs,
        IOptions<JsonOptions> json, CancellationToken ct) => RunAsync(request, json, timer => jobs.CloseRepairWindowsAsync(timer, ct));

    public static Task<Results<Ok<InvocationResponse>, ProblemHttpResult>> RevalidateFormats(InvocationRequest request, TimerJobs jobs,
        IOptions<JsonOptions> json, CancellationToken ct) => RunAsync(request, json, timer => jobs.RevalidateFormatsAsync(timer, ct));

    public static Task<Results<Ok<InvocationResponse>, ProblemHttpResult>> RecalculateLumpsumVariance(InvocationRequest request, LumpsumVarianceJob job,
        IOptions<JsonOptions> json, CancellationToken ct) => RunAsync(request, json, timer => job.RunAsync(timer, ct));

    /// <summary>Runs <paramref name="job"/> with the payload's timer data; a malformed payload is a 400 and runs nothing.</summary>
    private static async Task<Results<Ok<InvocationResponse>, ProblemHttpResult>> RunAsync(InvocationRequest request, IOptions<JsonOptions> json,
        Func<TimerInfo?, Task<InvocationResponse>> job)
    {
        if (!request.TryReadTimer(json.Value.SerializerOptions, out var timer, out var error))
            return Problems.Create(400, "invalid-timer-payload", $"De timergegevens zijn ongeldig: {error}. Er is niets uitgevoerd.");
        return TypedResults.Ok(await job(timer));
    }
}
