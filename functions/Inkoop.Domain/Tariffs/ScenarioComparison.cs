namespace Inkoop.Domain.Tariffs;

/// <summary>A scenario's tariffs side by side with the published ones, per product: tariff, scenario tariff, difference.</summary>
public static class ScenarioComparison
{
    public static IReadOnlyList<ScenarioLine> Compare(IReadOnlyList<ProductTariff> published, TariffResult scenario) =>
        scenario.Tariffs.Select(s =>
        {
            var tariff = published.FirstOrDefault(p => string.Equals(p.Product, s.Product, StringComparison.OrdinalIgnoreCase))?.Tariff;
            return new ScenarioLine(s.Product, s.Name, s.Unit, tariff, s.Tariff,
                tariff is { } a && s.Tariff is { } b ? b - a : null, s.Reason);
        }).ToList();
}

/// <summary>One product: its tariff in the snapshot, in the scenario (null with the reason when not computable), and the difference.</summary>
public sealed record ScenarioLine(string Product, string Name, string Unit, decimal? Tariff, decimal? ScenarioTariff,
    decimal? Difference, string? Reason);
