using System.Text.Json;
using Inkoop.Functions.Access;
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

    public static async Task<Ok<InvocationResponse>> RecalculateTariffs(InvocationRequest request, TimerJobs jobs,
        IOptions<JsonOptions> json, CancellationToken ct) =>
        TypedResults.Ok(await jobs.RecalculateTariffsAsync(request.Timer(json.Value.SerializerOptions), ct));

    public static async Task<Ok<InvocationResponse>> CloseRepairWindows(InvocationRequest request, TimerJobs jobs,
        IOptions<JsonOptions> json, CancellationToken ct) =>
        TypedResults.Ok(await jobs.CloseRepairWindowsAsync(request.Timer(json.Value.SerializerOptions), ct));

    public static async Task<Ok<InvocationResponse>> RevalidateFormats(InvocationRequest request, TimerJobs jobs,
        IOptions<JsonOptions> json, CancellationToken ct) =>
        TypedResults.Ok(await jobs.RevalidateFormatsAsync(request.Timer(json.Value.SerializerOptions), ct));

    public static async Task<Ok<InvocationResponse>> RecalculateLumpsumVariance(InvocationRequest request, LumpsumVarianceJob job,
        IOptions<JsonOptions> json, CancellationToken ct) =>
        TypedResults.Ok(await job.RunAsync(request.Timer(json.Value.SerializerOptions), ct));
}
