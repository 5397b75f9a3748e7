using System.Text.Json;
using System.Text.Json.Nodes;
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
        app.MapPost("/CloseConsultations", CloseConsultations).WithName("CloseConsultations").AllowRoles(Role.Scheduler, Role.Admin).Audited("timer-close-consultations").ExcludeFromDescription();
        app.MapPost("/RecalculateLumpsumVariance", RecalculateLumpsumVariance).WithName("RecalculateLumpsumVariance").AllowRoles(Role.Scheduler, Role.Admin).Audited("timer-recalculate-lumpsum-variance").ExcludeFromDescription();
        return app;
    }

    public static Task<Results<Ok<InvocationResponse>, ProblemHttpResult>> RecalculateTariffs(InvocationRequest request, TimerJobs jobs,
        IOptions<JsonOptions> json, HttpContext context, CancellationToken ct) => RunAsync("RecalculateTariffs", request, json, context, timer => jobs.RecalculateTariffsAsync(timer, ct));

    public static Task<Results<Ok<InvocationResponse>, ProblemHttpResult>> CloseRepairWindows(InvocationRequest request, TimerJobs jobs,
        IOptions<JsonOptions> json, HttpContext context, CancellationToken ct) => RunAsync("CloseRepairWindows", request, json, context, timer => jobs.CloseRepairWindowsAsync(timer, ct));

    public static Task<Results<Ok<InvocationResponse>, ProblemHttpResult>> RevalidateFormats(InvocationRequest request, TimerJobs jobs,
        IOptions<JsonOptions> json, HttpContext context, CancellationToken ct) => RunAsync("RevalidateFormats", request, json, context, timer => jobs.RevalidateFormatsAsync(timer, ct));

    public static Task<Results<Ok<InvocationResponse>, ProblemHttpResult>> RecalculateLumpsumVariance(InvocationRequest request, LumpsumVarianceJob job,
        IOptions<JsonOptions> json, HttpContext context, CancellationToken ct) => RunAsync("RecalculateLumpsumVariance", request, json, context, timer => job.RunAsync(timer, ct));

    public static Task<Results<Ok<InvocationResponse>, ProblemHttpResult>> CloseConsultations(InvocationRequest request, ConsultationDeadlines job,
        IOptions<JsonOptions> json, HttpContext context, CancellationToken ct) => RunAsync("CloseConsultations", request, json, context, timer => job.RunAsync(timer, ct));

    /// <summary>
    /// Runs <paramref name="job"/> with the payload's timer data, as one traced and measured timer run
    /// (<see cref="Telemetry.RunTimerAsync"/>) whose first log line and return value carry the invocation's correlation
    /// id. A malformed payload is a 400 and runs nothing.
    /// </summary>
    private static async Task<Results<Ok<InvocationResponse>, ProblemHttpResult>> RunAsync(string name, InvocationRequest request,
        IOptions<JsonOptions> json, HttpContext context, Func<TimerInfo?, Task<InvocationResponse>> job)
    {
        if (!request.TryReadTimer(json.Value.SerializerOptions, out var timer, out var error))
            return Problems.Create(400, "invalid-timer-payload", $"De timergegevens zijn ongeldig: {error}. Er is niets uitgevoerd.");
        var correlationId = CorrelationIds.Of(context);
        var response = await Telemetry.RunTimerAsync(name, correlationId, () => job(timer));
        var returnValue = JsonSerializer.SerializeToNode(response.ReturnValue, json.Value.SerializerOptions) as JsonObject ?? [];
        returnValue["correlationId"] = correlationId;
        return TypedResults.Ok(new InvocationResponse
        {
            Outputs = response.Outputs,
            Logs = [$"{name}: correlatie-id {correlationId}.", .. response.Logs],
            ReturnValue = returnValue,
        });
    }
}
