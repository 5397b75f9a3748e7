using Inkoop.Domain.Disclosure;
using Inkoop.Domain.Formats;

namespace Inkoop.Domain.Rounds;

/// <summary>A tariff research round (tariff-research-format-v1.md section 3), validated.</summary>
public sealed record RoundConfiguration(
    string Round,
    string Name,
    int ReferenceYear,
    DateOnly? RepairDeadline,
    IReadOnlyList<CatalogueProduct> Products,
    IReadOnlyList<Trajectory> Trajectories,
    IReadOnlyDictionary<string, Band> Bands,
    NormalisationRules Normalisation,
    DisclosureRules Disclosure,
    Indexation? Indexation = null)
{
    public CatalogueProduct? FindProduct(string code) =>
        Products.FirstOrDefault(p => string.Equals(p.Code, code, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The band a value is checked against: the round's "Variable[qualifier]", else its "Variable", else the
    /// format's default band (for the product's unit where the default depends on it).
    /// </summary>
    public Band BandFor(string variable, string? qualifier = null, Unit? unit = null) =>
        qualifier is not null && Bands.TryGetValue(VariableKeys.Of(variable, qualifier), out var qualified) ? qualified
        : Bands.TryGetValue(variable, out var band) ? band
        : DefaultBands.For(variable, unit);
}

public sealed record CatalogueProduct(string Code, string Name, Unit Unit);

public sealed record Trajectory(string Code, string Name, IReadOnlyList<TrajectoryComponent> Components);

public sealed record TrajectoryComponent(string Product, decimal Hours);

/// <summary>An inclusive band of expected values.</summary>
public sealed record Band(decimal Min, decimal Max)
{
    public bool Contains(decimal value) => value >= Min && value <= Max;
}

public enum Statistic { Mean, WeightedMean, Median, Percentile, TrimmedMean }

public enum OutlierMethod { None, Tukey }

/// <summary>
/// A normalisation rule as written in the configuration: every field optional, so rules can be
/// merged (default, then "Variable", then "Variable[qualifier]").
/// </summary>
public sealed record NormalisationRule(
    Statistic? Statistic = null,
    decimal? P = null,
    decimal? Trim = null,
    OutlierMethod? Outliers = null,
    decimal? K = null,
    int? MinRespondents = null,
    decimal? Benchmark = null)
{
    public NormalisationRule Then(NormalisationRule? over) => over is null ? this : new(
        over.Statistic ?? Statistic,
        over.P ?? P,
        over.Trim ?? Trim,
        over.Outliers ?? Outliers,
        over.K ?? K,
        over.MinRespondents ?? MinRespondents,
        over.Benchmark ?? Benchmark);
}

public sealed record NormalisationRules(
    NormalisationRule Default,
    IReadOnlyDictionary<string, NormalisationRule> Variables);
