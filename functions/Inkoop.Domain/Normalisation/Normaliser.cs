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
        var scopes = Scopes(round, counted);
        var norms = scopes.Select(s => Normalise(s, RuleResolver.Resolve(round.Normalisation, s.Variable, s.Qualifier))).ToList();

        // Normalised shares of a product are rescaled to add up to 1.
        foreach (var product in round.Products)
        {
            var at = Enumerable.Range(0, norms.Count)
                .Where(i => scopes[i].Qualifier == product.Code && FormatSchema.ShareVariables.Contains(scopes[i].Variable))
                .ToList();
            var rescaled = Rescale(at.Select(i => norms[i]).ToList()).ToList();
            for (var j = 0; j < at.Count; j++) norms[at[j]] = rescaled[j];
        }
        return norms;
    }

    /// <summary>
    /// One variable in one scope: the providers that count for it, what weighs each (FTE or volume, for weightedMean)
    /// and what puts a provider's membership itself in error (an FTE with an error finding).
    /// </summary>
    public sealed record Scope(string Variable, string? Qualifier, IReadOnlyList<ProviderFormat> Formats,
        Func<ProviderFormat, decimal?> WeightOf, Func<ProviderFormat, string?>? ScopeError = null)
    {
        public string Key => VariableKeys.Of(Variable, Qualifier);
    }

    /// <summary>Every variable and scope normalisation computes a norm for, in the order of the norms.</summary>
    public static IReadOnlyList<Scope> Scopes(RoundConfiguration round, IReadOnlyList<ProviderFormat> counted)
    {
        var scopes = new List<Scope>();
        foreach (var variable in FormatSchema.RoundWide)
            scopes.Add(new Scope(variable, null, counted, f => f.TotalFte));

        if (round.Products.Any(p => p.Unit == Unit.Uur))
        {
            var ambulant = counted.Where(f => f.DeliversUnit(Unit.Uur)).ToList();
            foreach (var variable in FormatSchema.Ambulant)
                scopes.Add(new Scope(variable, null, ambulant, f => f.TotalFte));
        }

        foreach (var level in FormatSchema.Levels)
        {
            var fteKey = VariableKeys.Of(FormatSchema.Fte, level);
            var employing = counted.Where(f => f.Fte.ContainsKey(level) || f.Invalid.ContainsKey(fteKey)).ToList();
            foreach (var variable in new[] { FormatSchema.Brutojaarsalaris, FormatSchema.Werkgeverslasten })
                scopes.Add(new Scope(variable, level, employing, f => f.Fte.TryGetValue(level, out var w) ? w : null,
                    f => f.Invalid.TryGetValue(fteKey, out var code) ? code : null));
        }

        foreach (var product in round.Products)
        {
            var delivering = counted.Where(f => f.Products.Any(p => p.Code == product.Code)).ToList();
            var volumeKey = VariableKeys.Of(FormatSchema.Volume, product.Code);
            Func<ProviderFormat, decimal?> volume = f => f.Values.TryGetValue(volumeKey, out var v) ? v : null;
            foreach (var variable in FormatSchema.ShareVariables.Concat(FormatSchema.ProductVariables(product.Unit)))
                scopes.Add(new Scope(variable, product.Code, delivering, volume));
        }
        return scopes;
    }

    private static IEnumerable<Norm> Rescale(List<Norm> shares)
    {
        if (shares.Any(s => s.Value is null)) return shares;
        var sum = shares.Sum(s => s.Value!.Value);
        if (sum == 1) return shares;
        if (sum == 0)
            return shares.Select(s => s with { Value = null, Reason = "De genormeerde aandelen personeel tellen op tot 0; de verdeling is niet te bepalen." });
        return shares.Select(s => s with { Value = s.Value!.Value / sum, Rescaled = true });
    }

    public static Norm Normalise(Scope scope, NormalisationRule rule) => Conclude(scope, Prepare(scope, rule), rule);

    /// <summary>
    /// The values of a scope that a statistic is taken of: valid, with a weight when the statistic weighs, outliers
    /// removed. Depends on the rule's statistic only through "does it weigh", so one preparation serves every
    /// statistic of that kind (the sensitivity reuses it across alternatives).
    /// </summary>
    public sealed class Prepared
    {
        internal Prepared(List<(string Agb, decimal Value, decimal Weight)> candidates, List<Exclusion> excluded)
        {
            Values = candidates.Select(c => c.Value).ToList();
            Weights = candidates.Select(c => c.Weight).ToList();
            Sorted = Values.Order().ToList();
            Excluded = excluded;
        }

        /// <summary>In the order of the providers, as the means take them.</summary>
        public IReadOnlyList<decimal> Values { get; }
        public IReadOnlyList<decimal> Weights { get; }
        /// <summary>Ascending, as the median, percentiles and trimmed means take them.</summary>
        public IReadOnlyList<decimal> Sorted { get; }
        public IReadOnlyList<Exclusion> Excluded { get; }
    }

    public static Prepared Prepare(Scope scope, NormalisationRule rule)
    {
        var weighs = rule.Statistic == Statistic.WeightedMean;
        var key = scope.Key;
        var excluded = new List<Exclusion>();
        var candidates = new List<(string Agb, decimal Value, decimal Weight)>(scope.Formats.Count);
        foreach (var format in scope.Formats)
        {
            var agb = format.Agb ?? "";
            // A provider whose membership of the scope is itself in error (an FTE with an error finding) counts as excluded.
            var errorCode = scope.ScopeError?.Invoke(format) ?? (format.Invalid.TryGetValue(key, out var code) ? code : null);
            if (errorCode is not null)
            {
                excluded.Add(new(agb, Exclusion.ErrorFinding, errorCode));
                continue;
            }
            if (!format.Values.TryGetValue(key, out var value)) continue;
            var weight = scope.WeightOf(format);
            if (weighs && weight is null)
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
        return new Prepared(candidates, excluded);
    }

    /// <summary>The norm of a prepared scope under a rule: the benchmark when too few values remain, else the statistic.</summary>
    public static Norm Conclude(Scope scope, Prepared prepared, NormalisationRule rule)
    {
        var (variable, qualifier, key) = (scope.Variable, scope.Qualifier, scope.Key);
        var statistic = rule.Statistic ?? Statistic.Mean;
        var excluded = prepared.Excluded;
        var name = StatisticName(statistic);
        var n = prepared.Values.Count;
        var minRespondents = rule.MinRespondents ?? 3;
        if (n < minRespondents)
        {
            return rule.Benchmark is { } benchmark
                ? new Norm(variable, qualifier, benchmark, name, n, true, excluded)
                : new Norm(variable, qualifier, null, name, n, false, excluded,
                    $"Te weinig geldige waarden voor {key} (n = {n}, minimaal {minRespondents}) en geen benchmark.");
        }

        var totalWeight = prepared.Weights.Sum();
        decimal? largestShare = statistic == Statistic.WeightedMean && totalWeight > 0 ? prepared.Weights.Max() / totalWeight : null;
        decimal? result = statistic switch
        {
            Statistic.Mean => Statistics.Mean(prepared.Values),
            Statistic.WeightedMean => Statistics.WeightedMean(prepared.Values, prepared.Weights),
            Statistic.Median => Statistics.Median(prepared.Sorted),
            Statistic.Percentile => Statistics.PercentileInc(prepared.Sorted, rule.P ?? 0.5m),
            Statistic.TrimmedMean => Statistics.TrimmedMean(prepared.Sorted, rule.Trim ?? 0m),
            _ => throw new ArgumentOutOfRangeException(nameof(rule)),
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
