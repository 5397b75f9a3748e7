using System.Diagnostics;
using Inkoop.Domain.Formats;
using Inkoop.Domain.Rounds;
using Inkoop.Excel;
using Inkoop.Functions.Hosting;
using Inkoop.Storage;
using Microsoft.Extensions.Options;

namespace Inkoop.Functions.Services;

/// <summary>
/// Validates stored formats again after their round's configuration changed: every provider's latest version whose
/// recorded configuration hash differs from the current one is read from its original in Blob Storage and put through
/// <see cref="FormatIntake.Validate"/>, exactly like an upload; status, counts, findings and values replace the old ones
/// on the version row (ETag-checked, so a newer upload always wins), and the original and version number stay as
/// they are. Versions already validated against the current configuration are skipped: running it twice re-checks nothing.
/// </summary>
public sealed class FormatRevalidation(IFormatStore formats, IOriginalStore originals, TimeProvider clock,
    IOptions<RevalidationOptions> options, IOptions<UploadOptions> uploads, ILogger<FormatRevalidation> logger)
{
    public RevalidationOptions Options => options.Value;

    /// <summary>The latest formats of the round not yet validated against <paramref name="round"/>, by AGB-code.</summary>
    public async Task<IReadOnlyList<FormatVersion>> PendingAsync(RoundConfiguration round, CancellationToken ct)
    {
        var hash = ConfigurationHash.ForValidation(round);
        return (await formats.ListLatestAsync(round.Round, includeContent: false, ct)).Where(f => f.ConfigurationHash != hash).ToList();
    }

    public async Task<RevalidationProgress> ProgressAsync(RoundConfiguration round, CancellationToken ct)
    {
        var hash = ConfigurationHash.ForValidation(round);
        var latest = await formats.ListLatestAsync(round.Round, includeContent: false, ct);
        var current = latest.Count(f => f.ConfigurationHash == hash);
        return new RevalidationProgress(round.Round, hash, latest.Count, current, latest.Count - current);
    }

    /// <summary>Re-checks <paramref name="pending"/> (from <see cref="PendingAsync"/>) against <paramref name="round"/>.</summary>
    public async Task<RevalidationPass> RecheckAsync(RoundConfiguration round, IReadOnlyList<FormatVersion> pending, CancellationToken ct)
    {
        var hash = ConfigurationHash.ForValidation(round);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        int rechecked = 0, changed = 0, skipped = 0;
        await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = Options.Parallelism, CancellationToken = ct },
            async (stored, c) =>
            {
                switch (await RecheckAsync(round, hash, stored, today, c))
                {
                    case null: Interlocked.Increment(ref skipped); break;
                    case var status:
                        Interlocked.Increment(ref rechecked);
                        if (status != stored.Status) Interlocked.Increment(ref changed);
                        break;
                }
            });
        return new RevalidationPass(rechecked, changed, skipped, pending.Count - rechecked);
    }

    /// <summary>Re-checks in batches until nothing is pending or <paramref name="budget"/> has passed (a timer's bounded run).</summary>
    public async Task<RevalidationPass> CompleteAsync(RoundConfiguration round, TimeSpan budget, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        int rechecked = 0, changed = 0, skipped = 0;
        var pending = await PendingAsync(round, ct);
        var done = new HashSet<string>();
        while (true)
        {
            // A format skipped in this run (an upload raced it, an original is missing) is not tried again until the next run.
            var batch = pending.Where(f => !done.Contains(f.Agb)).Take(Math.Max(1, Options.BatchSize)).ToList();
            if (batch.Count == 0 || watch.Elapsed >= budget) break;
            var pass = await RecheckAsync(round, batch, ct);
            rechecked += pass.Rechecked;
            changed += pass.StatusChanged;
            skipped += pass.Skipped;
            done.UnionWith(batch.Select(f => f.Agb));
        }
        return new RevalidationPass(rechecked, changed, skipped, (await PendingAsync(round, ct)).Count);
    }

    /// <summary>The new status, or null when skipped.</summary>
    private async Task<string?> RecheckAsync(RoundConfiguration round, string hash, FormatVersion stored, DateOnly today, CancellationToken ct)
    {
        var original = await originals.ReadAsync(new OriginalKey(stored.Round, stored.Agb, stored.Version), ct);
        if (original is null)
        {
            logger.LogError("Round {Round}: the original of {Agb} version {Version} is missing; not re-validated.", stored.Round, stored.Agb, stored.Version);
            return null;
        }
        var format = FormatIntake.Validate(original.ToStream(), round, WorkbookLimits.Default with { MaxInputBytes = uploads.Value.MaxBytes }, ct);
        var status = FormatStatuses.Of(format, round, today);
        // A repair window that closed stays closed for this version, as for a deadline moved later; a new upload reopens it.
        if (status == FormatStatus.RepairNeeded && stored.Status == FormatStatuses.Name(FormatStatus.ClosedWithExclusions))
            status = FormatStatus.ClosedWithExclusions;
        var revalidated = stored with
        {
            Status = FormatStatuses.Name(status),
            ErrorCount = format.Findings.Count(f => f.Severity == Severity.Error),
            WarningCount = format.Findings.Count(f => f.Severity == Severity.Warning),
            FindingsJson = StoredFormats.FindingsJson(format.Findings),
            ValuesJson = StoredFormats.ValuesJson(format),
            ConfigurationHash = hash,
        };
        try
        {
            await formats.SetValidationAsync(revalidated, ct);
            return revalidated.Status;
        }
        catch (StorageConflictException)
        {
            logger.LogInformation("Round {Round}: {Agb} uploaded a new version during re-validation; the upload wins.", stored.Round, stored.Agb);
            return null;
        }
        catch (StorageLimitException e)
        {
            logger.LogError(e, "Round {Round}: the re-validated format of {Agb} does not fit its row; left as it was.", stored.Round, stored.Agb);
            return null;
        }
    }
}
