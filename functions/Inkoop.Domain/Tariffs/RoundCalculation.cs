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
        var indexation = IndexationFactors.Of(round);
        var inputs = NormInputs(norms);

        var computed = round.Products.Select(product =>
        {
            var (tariff, reason) = Compute(product, inputs, indexation);
            return (Tariff: tariff, Published: new ProductTariff(product.Code, product.Name, Units.Name(product.Unit),
                tariff is { } t ? TariffCalculator.Round(t.Unrounded) : null, tariff?.Unrounded, reason,
                Spread(product, counted, indexation), tariff is { } r ? TariffCalculator.Round(r.ReferenceYear) : null));
        }).ToList();

        var byProduct = computed.ToDictionary(c => c.Published.Product, c => c.Tariff);
        var trajectories = round.Trajectories.Select(t => Trajectory(t, byProduct)).ToList();
        return new TariffResult(computed.Select(c => c.Published).ToList(), trajectories, norms, indexation);
    }

    /// <summary>A tariff unrounded, in the tariff year (the published one) and in the reference year.</summary>
    public readonly record struct UnroundedTariff(decimal Unrounded, decimal ReferenceYear);

    /// <summary>A product's unrounded tariff from normalised (or any) inputs, indexed when there are factors.</summary>
    public static (UnroundedTariff? Tariff, string? Reason) Compute(CatalogueProduct product, Func<string, Input> inputs,
        IndexationFactors? indexation)
    {
        var (parts, reason) = TariffCalculator.ComputeParts(product, inputs);
        if (parts is null) return (null, reason);
        var reference = parts.Total;
        return (new UnroundedTariff(indexation is null ? reference : indexation.Apply(parts), reference), null);
    }

    /// <summary>The norms as tariff inputs: a value, or the reason it is missing.</summary>
    public static Func<string, Input> NormInputs(IReadOnlyList<Norm> norms)
    {
        var byKey = norms.ToDictionary(n => n.Key, StringComparer.OrdinalIgnoreCase);
        return key => byKey.TryGetValue(key, out var norm)
            ? norm.Value is { } v ? Input.Of(v) : Input.Missing(norm.Reason ?? "geen normwaarde")
            : Input.Missing("geen normwaarde");
    }

    /// <summary>A trajectory is the sum of hours times the unrounded hourly tariffs, then rounded.</summary>
    private static TrajectoryTariff Trajectory(Trajectory trajectory, IReadOnlyDictionary<string, UnroundedTariff?> tariffs)
    {
        decimal total = 0m, reference = 0m;
        var reasons = new List<string>();
        foreach (var component in trajectory.Components)
        {
            if (tariffs[component.Product] is { } hourly)
            {
                total += component.Hours * hourly.Unrounded;
                reference += component.Hours * hourly.ReferenceYear;
            }
            else reasons.Add($"tarief van {component.Product} is niet te berekenen");
        }
        return reasons.Count > 0
            ? new TrajectoryTariff(trajectory.Code, trajectory.Name, null, "Niet te berekenen: " + string.Join("; ", reasons) + ".")
            : new TrajectoryTariff(trajectory.Code, trajectory.Name, TariffCalculator.Round(total), null, total, TariffCalculator.Round(reference));
    }

    private static TariffSpread Spread(CatalogueProduct product, IReadOnlyList<ProviderFormat> formats, IndexationFactors? indexation)
    {
        var own = new List<decimal>();
        foreach (var format in formats)
        {
            if (!format.Products.Any(p => p.Code == product.Code)) continue;
            if (OwnTariff(product, format, indexation) is { } tariff) own.Add(tariff);
        }
        return TariffSpread.Of(own);
    }

    /// <summary>
    /// A provider's own tariff for a product from its own values, rounded, indexed like the published one (its own
    /// parts with the components method); null when it lacks a value.
    /// </summary>
    public static decimal? OwnTariff(CatalogueProduct product, ProviderFormat format, IndexationFactors? indexation = null)
    {
        var (tariff, _) = Compute(product, key =>
            format.Values.TryGetValue(key, out var v) ? Input.Of(v)
            : format.Invalid.TryGetValue(key, out var code) ? Input.Missing($"ongeldige waarde ({code})")
            : Input.Missing("ontbreekt"), indexation);
        return tariff is { } t ? TariffCalculator.Round(t.Unrounded) : null;
    }
}
