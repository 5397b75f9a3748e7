using Inkoop.Functions.Timers;
using Inkoop.Storage;

namespace Inkoop.Functions.Services;

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
            using var span = Hosting.Telemetry.StartRound("RecalculateLumpsumVariance", $"{year}");
            try
            {
                var stored = await configurations.LoadAsync(year, ct);
                if (stored?.Configuration is null)
                {
                    failed.Add(year);
                    Hosting.Telemetry.RoundFailed("invalid configuration");
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
                Hosting.Telemetry.RoundFailed(e.GetType().Name);
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
