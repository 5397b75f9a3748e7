using Inkoop.Domain.Normalisation;

namespace Inkoop.Domain.Tariffs;

/// <summary>
/// The normalised tariffs of a round with everything needed to explain them; <see cref="Indexation"/> holds the
/// factors that took them to the tariff year (null when the round has no indexation).
/// </summary>
public sealed record TariffResult(
    IReadOnlyList<ProductTariff> Tariffs,
    IReadOnlyList<TrajectoryTariff> Trajectories,
    IReadOnlyList<Norm> Norms,
    IndexationFactors? Indexation = null);

/// <summary>
/// A product's published tariff (indexed to the tariff year when the round has indexation, rounded to cents) or, when
/// it is not computable, null and the reason. <see cref="Unrounded"/> (indexed) is what trajectories build on;
/// <see cref="TariffReferenceYear"/> is the tariff of the reference year, rounded, not indexed.
/// </summary>
public sealed record ProductTariff(
    string Product,
    string Name,
    string Unit,
    decimal? Tariff,
    decimal? Unrounded,
    string? Reason,
    TariffSpread Spread,
    decimal? TariffReferenceYear = null);

/// <summary>A trajectory's published tariff, its unrounded (indexed) sum and its reference-year tariff, or null and the reason.</summary>
public sealed record TrajectoryTariff(string Code, string Name, decimal? Tariff, string? Reason,
    decimal? Unrounded = null, decimal? TariffReferenceYear = null);

/// <summary>The spread of the providers' own tariffs for a product (null figures when n = 0).</summary>
public sealed record TariffSpread(int N, decimal? Min, decimal? Q1, decimal? Median, decimal? Q3, decimal? Max)
{
    public static TariffSpread Of(IReadOnlyList<decimal> tariffs)
    {
        if (tariffs.Count == 0) return new TariffSpread(0, null, null, null, null, null);
        var sorted = tariffs.Order().ToList();
        return new TariffSpread(sorted.Count, sorted[0], Statistics.PercentileInc(sorted, 0.25m),
            Statistics.Median(sorted), Statistics.PercentileInc(sorted, 0.75m), sorted[^1]);
    }
}
