using Inkoop.Domain.Normalisation;

namespace Inkoop.Domain.Tariffs;

/// <summary>The normalised tariffs of a round with everything needed to explain them.</summary>
public sealed record TariffResult(
    IReadOnlyList<ProductTariff> Tariffs,
    IReadOnlyList<TrajectoryTariff> Trajectories,
    IReadOnlyList<Norm> Norms);

/// <summary>
/// A product's normalised tariff (rounded to cents) or, when it is not computable, null and the
/// reason. <see cref="Unrounded"/> is what trajectories build on.
/// </summary>
public sealed record ProductTariff(
    string Product,
    string Name,
    string Unit,
    decimal? Tariff,
    decimal? Unrounded,
    string? Reason,
    TariffSpread Spread);

public sealed record TrajectoryTariff(string Code, string Name, decimal? Tariff, string? Reason);

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
