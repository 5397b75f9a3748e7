using Inkoop.Domain;
using Inkoop.Domain.Rounds;
using Inkoop.Domain.Tariffs;
using Inkoop.Storage;

namespace Inkoop.Functions.Services;

/// <summary>
/// A what-if: the tariffs of the current snapshot's inputs under other rules (and optionally another indexation),
/// side by side with the snapshot's own. Nothing is stored.
/// </summary>
public sealed class Scenarios(SnapshotInputs inputs)
{
    public sealed record Outcome(IReadOnlyList<ScenarioLine>? Tariffs, string? Unavailable, IReadOnlyList<string>? Invalid);

    public async Task<Outcome> RunAsync(string round, SnapshotContent snapshot, string scenarioJson, CancellationToken ct)
    {
        var (used, unavailable) = await inputs.LoadAsync(round, snapshot, ct);
        if (used is null) return new(null, unavailable, null);
        RoundConfiguration scenario;
        try
        {
            scenario = RoundConfigurationParser.ParseScenario(scenarioJson, used.Configuration);
        }
        catch (ConfigurationException e)
        {
            return new(null, null, e.Errors);
        }
        return new(ScenarioComparison.Compare(snapshot.Tariffs, RoundCalculation.Run(scenario, used.Formats)), null, null);
    }
}
