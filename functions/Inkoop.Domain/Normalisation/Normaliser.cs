using Inkoop.Domain.Formats;
using Inkoop.Domain.Rounds;

namespace Inkoop.Domain.Normalisation;

/// <summary>
/// Section 4: for every variable and scope, take the valid values of the providers in scope,
/// drop Tukey outliers, fall back on the benchmark when too few remain, apply the statistic.
/// </summary>
public static class Normaliser
{
    /// <param name="formats">The latest format per provider; rejected formats are ignored.</param>
    public static IReadOnlyList<Norm> Normalise(RoundConfiguration round, IReadOnlyList<ProviderFormat> formats)
    {
        var counted = formats.Where(f => !f.IsRejected).ToList();
        var norms = new List<Norm>();

        foreach (var variable in FormatSchema.RoundWide)
            norms.Add(Normalise(round, variable, null, counted, f => f.TotalFte));

        if (round.Products.Any(p => p.Unit == Unit.Uur))
        {
            var ambulant = counted.Where(f => f.DeliversUnit(Unit.Uur)).ToList();
            foreach (var variable in FormatSchema.Ambulant)
                norms.Add(Normalise(round, variable, null, ambulant, f => f.TotalFte));
        }

        foreach (var level in FormatSchema.Levels)
        {
            var fteKey = VariableKeys.Of(FormatSchema.Fte, level);
            var employing = counted.Where(f => f.Fte.ContainsKey(level) || f.Invalid.ContainsKey(fteKey)).ToList();
            foreach (var variable in new[] { FormatSchema.Brutojaarsalaris, FormatSchema.Werkgeverslasten })
                norms.Add(Normalise(round, variable, level, employing, f => f.Fte.TryGetValue(level, out var w) ? w : null,
                    f => f.Invalid.TryGetValue(fteKey, out var code) ? code : null));
        }

        foreach (var product in round.Products)
        {
            var delivering = counted.Where(f => f.Products.Any(p => p.Code == product.Code)).ToList();
            var volumeKey = VariableKeys.Of(FormatSchema.Volume, product.Code);
            Func<ProviderFormat, decimal?> volume = f => f.Values.TryGetValue(volumeKey, out var v) ? v : null;

            var shares = FormatSchema.ShareVariables
                .Select(variable => Normalise(round, variable, product.Code, delivering, volume))
                .ToList();
            norms.AddRange(Rescale(shares));

            foreach (var variable in FormatSchema.ProductVariables(product.Unit))
                norms.Add(Normalise(round, variable, product.Code, delivering, volume));
        }
        return norms;
    }

    /// <summary>Normalised shares of a product are rescaled to add up to 1.</summary>
    private static IEnumerable<Norm> Rescale(List<Norm> shares)
    {
        if (shares.Any(s => s.Value is null)) return shares;
        var sum = shares.Sum(s => s.Value!.Value);
        if (sum == 1) return shares;
        if (sum == 0)
            return shares.Select(s => s with { Value = null, Reason = "De genormeerde aandelen personeel tellen op tot 0; de verdeling is niet te bepalen." });
        return shares.Select(s => s with { Value = s.Value!.Value / sum, Rescaled = true });
    }

    private static Norm Normalise(RoundConfiguration round, string variable, string? qualifier,
        IReadOnlyList<ProviderFormat> scope, Func<ProviderFormat, decimal?> weightOf,
        Func<ProviderFormat, string?>? scopeError = null)
    {
        var rule = RuleResolver.Resolve(round.Normalisation, variable, qualifier);
        var statistic = rule.Statistic ?? Statistic.Mean;
        var key = VariableKeys.Of(variable, qualifier);

        var excluded = new List<Exclusion>();
        var candidates = new List<(string Agb, decimal Value, decimal Weight)>(scope.Count);
        foreach (var format in scope)
        {
            var agb = format.Agb ?? "";
            // A provider whose membership of the scope is itself in error (an FTE with an error finding) counts as excluded.
            var errorCode = scopeError?.Invoke(format) ?? (format.Invalid.TryGetValue(key, out var code) ? code : null);
            if (errorCode is not null)
            {
                excluded.Add(new(agb, Exclusion.ErrorFinding, errorCode));
                continue;
            }
            if (!format.Values.TryGetValue(key, out var value)) continue;
            var weight = weightOf(format);
            if (statistic == Statistic.WeightedMean && weight is null)
            {
                excluded.Add(new(agb, Exclusion.NoWeight));
                continue;
            }
            candidates.Add((agb, value, weight ?? 0));
        }

        if (rule.Outliers == OutlierMethod.Tukey && candidates.Count >= 4)
        {
            var sorted = candidates.Select(c => c.Value).Order().ToList();
            var (lower, upper) = Statistics.TukeyFences(sorted, rule.K ?? 1.5m);
            foreach (var outlier in candidates.Where(c => c.Value < lower || c.Value > upper))
                excluded.Add(new(outlier.Agb, Exclusion.Outlier));
            candidates.RemoveAll(c => c.Value < lower || c.Value > upper);
        }

        var name = StatisticName(statistic);
        var n = candidates.Count;
        var minRespondents = rule.MinRespondents ?? 3;
        if (n < minRespondents)
        {
            return rule.Benchmark is { } benchmark
                ? new Norm(variable, qualifier, benchmark, name, n, true, excluded)
                : new Norm(variable, qualifier, null, name, n, false, excluded,
                    $"Te weinig geldige waarden voor {key} (n = {n}, minimaal {minRespondents}) en geen benchmark.");
        }

        var values = candidates.Select(c => c.Value).ToList();
        var totalWeight = candidates.Sum(c => c.Weight);
        decimal? largestShare = statistic == Statistic.WeightedMean && totalWeight > 0 ? candidates.Max(c => c.Weight) / totalWeight : null;
        decimal? result = statistic switch
        {
            Statistic.Mean => Statistics.Mean(values),
            Statistic.WeightedMean => Statistics.WeightedMean(values, candidates.Select(c => c.Weight).ToList()),
            Statistic.Median => Statistics.Median(values.Order().ToList()),
            Statistic.Percentile => Statistics.PercentileInc(values.Order().ToList(), rule.P ?? 0.5m),
            Statistic.TrimmedMean => Statistics.TrimmedMean(values.Order().ToList(), rule.Trim ?? 0m),
            _ => throw new ArgumentOutOfRangeException(nameof(statistic)),
        };
        return result is null
            ? new Norm(variable, qualifier, null, name, n, false, excluded, $"De gewichten van {key} tellen op tot 0; het gewogen gemiddelde is niet te bepalen.")
            : new Norm(variable, qualifier, result, name, n, false, excluded, LargestShare: largestShare);
    }

    public static string StatisticName(Statistic statistic) => statistic switch
    {
        Statistic.Mean => "mean",
        Statistic.WeightedMean => "weightedMean",
        Statistic.Median => "median",
        Statistic.Percentile => "percentile",
        Statistic.TrimmedMean => "trimmedMean",
        _ => throw new ArgumentOutOfRangeException(nameof(statistic)),
    };
}
