using System.Diagnostics;
using System.Text.Json;
using Inkoop.Domain.Formats;
using Inkoop.Functions.Access;
using Inkoop.Functions.Hosting;
using Inkoop.Functions.Services;
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

/// <summary>
/// <c>RecalculateLumpsumVariance</c>: for every year with lumpsums and each quarter 1-4, a new variance snapshot when the
/// input fingerprint (lumpsums, municipalities, participation, reference snapshot, every realisation version) differs from
/// the current one's; nothing changed, nothing written. A year that fails is logged and reported, the others still run.
/// </summary>
public sealed class LumpsumVarianceJob(ILumpsumStore store, LumpsumConfigurations configurations, LumpsumVarianceRecalculator recalculator,
    ILogger<LumpsumVarianceJob> logger)
{
    public async Task<InvocationResponse> RunAsync(TimerInfo? timer, CancellationToken ct)
    {
        var logs = new List<string>();
        var years = await store.ListYearsAsync(ct);
        Log(logs, $"RecalculateLumpsumVariance: {years.Count} jaar/jaren met lumpsums{(timer?.IsPastDue == true ? " (te laat gestart)" : "")}.");
        var recalculated = new List<object>();
        var unchanged = new List<string>();
        var failed = new List<int>();
        foreach (var year in years)
        {
            try
            {
                var stored = await configurations.LoadAsync(year, ct);
                if (stored?.Configuration is null)
                {
                    failed.Add(year);
                    Log(logs, $"Jaar {year}: de opgeslagen lumpsumconfiguratie is niet meer geldig ({string.Join(" ", stored?.Errors ?? [])}).");
                    continue;
                }
                for (var quarter = 1; quarter <= 4; quarter++)
                {
                    var run = await recalculator.RunAsync(year, quarter, stored.Configuration, stored.Document, onlyIfChanged: true, ct);
                    if (run.Outcome == VarianceOutcome.Written)
                    {
                        recalculated.Add(new { year, quarter, snapshot = run.Snapshot.SnapshotId });
                        Log(logs, $"Jaar {year} kwartaal {quarter}: nieuwe berekening {run.Snapshot.SnapshotId}.");
                    }
                    else unchanged.Add($"{year}-q{quarter}");
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "RecalculateLumpsumVariance: year {Year} failed.", year);
                failed.Add(year);
                Log(logs, $"Jaar {year}: mislukt ({e.Message}).");
            }
        }
        Log(logs, $"RecalculateLumpsumVariance: {recalculated.Count} herberekend, {unchanged.Count} ongewijzigd, {failed.Count} mislukt.");
        return new InvocationResponse { Logs = logs, ReturnValue = new { years, recalculated, unchanged, failed } };
    }

    private void Log(List<string> logs, string message)
    {
        logs.Add(message);
        logger.LogInformation("{Message}", message);
    }
}

/// <summary>
/// What the timers do, round by round; a round that fails is logged and reported, the others still run.
/// <c>RecalculateTariffs</c>: a new concept snapshot for every round whose input fingerprint (configuration, and per
/// provider the latest version, its status and its original's hash) differs from its current snapshot's; nothing
/// changed, nothing written. <c>CloseRepairWindows</c>: in rounds past their repair deadline, latest formats still
/// <c>repairNeeded</c> become <c>closedWithExclusions</c>, and the round is recalculated. <c>RevalidateFormats</c>: formats
/// not yet validated against their round's current configuration are re-checked, in bounded batches within a time budget.
/// </summary>
public sealed class TimerJobs(IRoundStore rounds, IFormatStore formats, Recalculator recalculator, FormatRevalidation revalidation, OrphanCleanup cleanup,
    ILogger<TimerJobs> logger, TimeProvider clock)
{
    public async Task<InvocationResponse> RecalculateTariffsAsync(TimerInfo? timer, CancellationToken ct)
    {
        var logs = new List<string>();
        var all = await rounds.ListAsync(ct);
        Log(logs, $"RecalculateTariffs: {all.Count} ronde(s){(timer?.IsPastDue == true ? " (te laat gestart)" : "")}.");
        var recalculated = new List<object>();
        var unchanged = new List<string>();
        var pending = new List<string>();
        var failed = new List<string>();
        var watch = Stopwatch.StartNew();
        await ForEachRoundAsync("RecalculateTariffs", all, logs, failed, async (round, lookup) =>
        {
            var removed = await cleanup.RunAsync(round.Round, ct);
            if (removed.Originals.Count + removed.Snapshots.Count > 0)
                Log(logs, $"Ronde {round.Round}: achtergebleven {removed.Originals.Count} origine(e)l(en) en {removed.Snapshots.Count} onvolledige snapshot(s) opgeruimd.");
            // A snapshot is computed from formats validated against the configuration it states, never a mix.
            var pass = await revalidation.CompleteAsync(lookup.Configuration!, BudgetLeft(watch), ct);
            if (pass.Pending > 0)
            {
                pending.Add(round.Round);
                Log(logs, $"Ronde {round.Round}: {pass.Pending} format(s) nog niet opnieuw gecontroleerd; herberekening bij een volgende run.");
                return;
            }
            var run = await recalculator.RunAsync(lookup, onlyIfChanged: true, ct);
            if (run.Outcome == RecalculationOutcome.Written)
            {
                recalculated.Add(new { round = round.Round, snapshot = run.Snapshot!.SnapshotId, formats = run.Formats });
                Log(logs, $"Ronde {round.Round}: nieuwe concept-snapshot {run.Snapshot.SnapshotId} uit {run.Formats} format(s).");
            }
            else
            {
                unchanged.Add(round.Round);
                Log(logs, $"Ronde {round.Round}: niets veranderd sinds de huidige snapshot, niets geschreven.");
            }
        }, ct);
        return new InvocationResponse { Logs = logs, ReturnValue = new { rounds = all.Count, recalculated, unchanged, pending, failed } };
    }

    public async Task<InvocationResponse> CloseRepairWindowsAsync(TimerInfo? timer, CancellationToken ct)
    {
        var logs = new List<string>();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var due = (await rounds.ListAsync(ct)).Where(r => r.RepairDeadline is { } d && d < today).ToList();
        Log(logs, $"CloseRepairWindows: {due.Count} ronde(s) voorbij de hersteltermijn{(timer?.IsPastDue == true ? " (te laat gestart)" : "")}.");
        var closed = new List<object>();
        var failed = new List<string>();
        var repairNeeded = FormatStatuses.Name(FormatStatus.RepairNeeded);
        var closedStatus = FormatStatuses.Name(FormatStatus.ClosedWithExclusions);
        foreach (var round in due)
        {
            try
            {
                var open = (await formats.ListLatestAsync(round.Round, includeContent: false, ct)).Where(f => f.Status == repairNeeded).ToList();
                var count = 0;
                foreach (var format in open)
                {
                    try
                    {
                        await formats.SetStatusAsync(format, closedStatus, ct);
                        count++;
                    }
                    catch (StorageConflictException)
                    {
                        // A new version came in meanwhile; its upload set its own status with today's date.
                        Log(logs, $"Ronde {round.Round}: format {format.Agb} is intussen opnieuw geüpload; overgeslagen.");
                    }
                }
                if (count == 0) continue;
                var lookup = await RoundLookup.FindAsync(rounds, round.Round, ct);
                var snapshot = lookup.Configuration is null ? null : (await recalculator.RunAsync(lookup, onlyIfChanged: true, ct)).Snapshot;
                closed.Add(new { round = round.Round, closed = count, snapshot = snapshot?.SnapshotId });
                Log(logs, $"Ronde {round.Round}: hersteltermijn verliep op {round.RepairDeadline:yyyy-MM-dd}; {count} format(s) " +
                          $"naar {closedStatus}, herberekend{(snapshot is null ? " (niet gelukt: ongeldige configuratie)" : $" in snapshot {snapshot.SnapshotId}")}.");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "CloseRepairWindows: round {Round} failed.", round.Round);
                Fail(logs, failed, round.Round, e.Message);
            }
        }
        return new InvocationResponse { Logs = logs, ReturnValue = new { due = due.Select(r => r.Round).ToList(), closed, failed } };
    }

    public async Task<InvocationResponse> RevalidateFormatsAsync(TimerInfo? timer, CancellationToken ct)
    {
        var logs = new List<string>();
        var all = await rounds.ListAsync(ct);
        var revalidated = new List<object>();
        var failed = new List<string>();
        var watch = Stopwatch.StartNew();
        await ForEachRoundAsync("RevalidateFormats", all, logs, failed, async (round, lookup) =>
        {
            var pass = await revalidation.CompleteAsync(lookup.Configuration!, BudgetLeft(watch), ct);
            if (pass.Rechecked == 0 && pass.Skipped == 0 && pass.Pending == 0) return;
            revalidated.Add(new { round = round.Round, rechecked = pass.Rechecked, statusChanged = pass.StatusChanged, pending = pass.Pending });
            Log(logs, $"Ronde {round.Round}: {pass.Rechecked} format(s) opnieuw gecontroleerd, {pass.StatusChanged} met een andere status, " +
                      $"{pass.Pending} nog te doen.");
        }, ct);
        Log(logs, $"RevalidateFormats: {all.Count} ronde(s), {revalidated.Count} met formats om opnieuw te controleren" +
                  $"{(timer?.IsPastDue == true ? " (te laat gestart)" : "")}.");
        return new InvocationResponse { Logs = logs, ReturnValue = new { rounds = all.Count, revalidated, failed } };
    }

    /// <summary>
    /// Runs <paramref name="work"/> for every round whose stored configuration still parses. A round that fails (or no
    /// longer parses) is logged and listed in <paramref name="failed"/>; the other rounds still run.
    /// </summary>
    private async Task ForEachRoundAsync(string job, IEnumerable<RoundSummary> all, List<string> logs, List<string> failed,
        Func<RoundSummary, RoundLookup, Task> work, CancellationToken ct)
    {
        foreach (var round in all)
        {
            try
            {
                var lookup = await RoundLookup.FindAsync(rounds, round.Round, ct);
                if (lookup.Configuration is null)
                    Fail(logs, failed, round.Round, "de opgeslagen configuratie is ongeldig of de ronde is verdwenen");
                else
                    await work(round, lookup);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "{Job}: round {Round} failed.", job, round.Round);
                Fail(logs, failed, round.Round, e.Message);
            }
        }
    }

    /// <summary>What is left of one run's re-validation budget (shared by all rounds, so a run stays bounded).</summary>
    private TimeSpan BudgetLeft(Stopwatch watch)
    {
        var left = revalidation.Options.TimerBudget - watch.Elapsed;
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private void Fail(List<string> logs, List<string> failed, string round, string reason)
    {
        failed.Add(round);
        logs.Add($"Ronde {round}: mislukt ({reason}).");
        logger.LogWarning("Round {Round} failed: {Reason}", round, reason);
    }

    private void Log(List<string> logs, string message)
    {
        logs.Add(message);
        logger.LogInformation("{Message}", message);
    }
}
