using Inkoop.Domain.Consultations;
using Inkoop.Functions.Timers;

namespace Inkoop.Functions.Services;

/// <summary>
/// <c>CloseConsultations</c>: every round's open market consultation whose deadline passed is recorded closed (reactions
/// are refused by the clock from the deadline on anyway). Idempotent; a round that fails is logged and reported, the
/// others still run.
/// </summary>
public sealed class ConsultationDeadlines(MarketConsultations consultations, ILogger<ConsultationDeadlines> logger)
{
    public async Task<InvocationResponse> RunAsync(TimerInfo? timer, CancellationToken ct)
    {
        var (closed, failed) = await consultations.CloseDueAsync(ct);
        var logs = closed.Select(c => $"Ronde {c.Round}: marktconsultatie {c.Id} gesloten; de termijn liep tot {DutchTime.Format(c.Deadline)}.")
            .Concat(failed.Select(f => $"Ronde {f.Round}: mislukt ({f.Reason})."))
            .Prepend($"CloseConsultations: {closed.Count} marktconsultatie(s) gesloten{(timer?.IsPastDue == true ? " (te laat gestart)" : "")}.")
            .ToList();
        foreach (var line in logs) logger.LogInformation("{Message}", line);
        return new InvocationResponse
        {
            Logs = logs,
            ReturnValue = new
            {
                closed = closed.Select(c => new { round = c.Round, consultation = c.Id, deadline = c.Deadline, closedAt = c.ClosedAt }).ToList(),
                failed = failed.Select(f => f.Round).ToList(),
            },
        };
    }
}
