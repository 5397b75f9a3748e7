using System.Diagnostics;
using Inkoop.Domain.Formats;
using Inkoop.Functions.Timers;
using Inkoop.Storage;

namespace Inkoop.Functions.Services;

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
        try
        {
            var removedUploads = await cleanup.RunUploadsAsync(ct);
            if (removedUploads.Count > 0)
                Log(logs, $"Achtergebleven {removedUploads.Count} origine(e)l(en) van inschrijvingen en realisatierapporten opgeruimd.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "RecalculateTariffs: sweeping the originals of bids and realisation reports failed.");
            Log(logs, $"Opruimen van achtergebleven originelen van inschrijvingen en realisatierapporten mislukt ({e.Message}).");
        }
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
            using var span = Hosting.Telemetry.StartRound("CloseRepairWindows", round.Round);
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
            using var span = Hosting.Telemetry.StartRound(job, round.Round);
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
        Hosting.Telemetry.RoundFailed(reason);
        logs.Add($"Ronde {round}: mislukt ({reason}).");
        logger.LogWarning("Round {Round} failed: {Reason}", round, reason);
    }

    private void Log(List<string> logs, string message)
    {
        logs.Add(message);
        logger.LogInformation("{Message}", message);
    }
}
