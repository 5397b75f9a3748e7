using Inkoop.Domain.Formats;
using Inkoop.Domain.Normalisation;
using Inkoop.Domain.Rounds;

namespace Inkoop.Domain.Tariffs;

/// <summary>A round's normalised tariffs, trajectories and norms from the latest format of each provider.</summary>
public static class RoundCalculation
{
    public static TariffResult Run(RoundConfiguration round, IReadOnlyList<ProviderFormat> formats)
    {
        var counted = formats.Where(f => !f.IsRejected).ToList();
        var duplicate = counted.GroupBy(f => f.Agb).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"More than one format for provider {duplicate.Key}: pass the latest version only.", nameof(formats));

        var norms = Normaliser.Normalise(round, counted);
        var byKey = norms.ToDictionary(n => n.Key, StringComparer.OrdinalIgnoreCase);
        Input Normalised(string key) => byKey.TryGetValue(key, out var norm)
            ? norm.Value is { } v ? Input.Of(v) : Input.Missing(norm.Reason ?? "geen normwaarde")
            : Input.Missing("geen normwaarde");

        var tariffs = round.Products.Select(product =>
        {
            var (unrounded, reason) = TariffCalculator.Compute(product, Normalised);
            return new ProductTariff(product.Code, product.Name, Units.Name(product.Unit),
                unrounded is { } t ? TariffCalculator.Round(t) : null, unrounded, reason, Spread(product, counted));
        }).ToList();

        var trajectories = round.Trajectories.Select(t => Trajectory(t, tariffs)).ToList();
        return new TariffResult(tariffs, trajectories, norms);
    }

    /// <summary>A trajectory is the sum of hours times the unrounded hourly tariffs, then rounded.</summary>
    private static TrajectoryTariff Trajectory(Trajectory trajectory, IReadOnlyList<ProductTariff> tariffs)
    {
        var total = 0m;
        var reasons = new List<string>();
        foreach (var component in trajectory.Components)
        {
            var tariff = tariffs.First(t => t.Product == component.Product);
            if (tariff.Unrounded is { } hourly) total += component.Hours * hourly;
            else reasons.Add($"tarief van {component.Product} is niet te berekenen");
        }
        return reasons.Count > 0
            ? new TrajectoryTariff(trajectory.Code, trajectory.Name, null, "Niet te berekenen: " + string.Join("; ", reasons) + ".")
            : new TrajectoryTariff(trajectory.Code, trajectory.Name, TariffCalculator.Round(total), null);
    }

    private static TariffSpread Spread(CatalogueProduct product, IReadOnlyList<ProviderFormat> formats)
    {
        var own = new List<decimal>();
        foreach (var format in formats)
        {
            if (!format.Products.Any(p => p.Code == product.Code)) continue;
            if (OwnTariff(product, format) is { } tariff) own.Add(tariff);
        }
        return TariffSpread.Of(own);
    }

    /// <summary>A provider's own tariff for a product from its own values, rounded; null when it lacks a value.</summary>
    public static decimal? OwnTariff(CatalogueProduct product, ProviderFormat format)
    {
        var (tariff, _) = TariffCalculator.Compute(product, key =>
            format.Values.TryGetValue(key, out var v) ? Input.Of(v)
            : format.Invalid.TryGetValue(key, out var code) ? Input.Missing($"ongeldige waarde ({code})")
            : Input.Missing("ontbreekt"));
        return tariff is { } t ? TariffCalculator.Round(t) : null;
    }
}
