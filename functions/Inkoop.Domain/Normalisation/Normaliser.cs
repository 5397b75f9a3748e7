using System.Buffers;
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
            var delivering = counted.Where(f => f.Delivers(product.Code)).ToList();
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
        private readonly decimal[] values;
        private decimal[]? sorted;

        internal Prepared(bool weighs, decimal[] values, decimal[] weights, decimal[]? sorted, List<Exclusion> excluded)
        {
            Weighs = weighs;
            this.values = values;
            Weights = weights;
            this.sorted = sorted;
            Excluded = excluded;
        }

        /// <summary>In the order of the providers, as the means take them.</summary>
        public IReadOnlyList<decimal> Values => values;
        /// <summary>Prepared for a statistic that weighs: only then are there <see cref="Weights"/> (and providers without one left out).</summary>
        public bool Weighs { get; }
        /// <summary>The weight of each value when <see cref="Weighs"/>; empty otherwise.</summary>
        public IReadOnlyList<decimal> Weights { get; }
        /// <summary>
        /// Ascending, equal values in the order of the providers, as the median, percentiles and trimmed means take them;
        /// sorted once, when first asked (the means never ask), or taken from the outlier step's sort.
        /// </summary>
        public IReadOnlyList<decimal> Sorted => sorted ??= StableSorted(values, values.Length);
        public IReadOnlyList<Exclusion> Excluded { get; }
    }

    public static Prepared Prepare(Scope scope, NormalisationRule rule)
    {
        var weighs = rule.Statistic == Statistic.WeightedMean;
        var key = scope.Key;
        var excluded = new List<Exclusion>();
        var count = scope.Formats.Count;
        // The candidates in the providers' order, in buffers lent for this preparation only (at national scale they are
        // large objects, and allocating them per scope is what made collections, and so time per format, grow with the round).
        var values = ArrayPool<decimal>.Shared.Rent(count);
        var weights = ArrayPool<decimal>.Shared.Rent(count);
        var providers = ArrayPool<int>.Shared.Rent(count);
        try
        {
            var n = 0;
            for (var i = 0; i < count; i++)
            {
                var format = scope.Formats[i];
                // A provider whose membership of the scope is itself in error (an FTE with an error finding) counts as excluded.
                var errorCode = scope.ScopeError?.Invoke(format) ?? (format.Invalid.TryGetValue(key, out var code) ? code : null);
                if (errorCode is not null)
                {
                    excluded.Add(new(format.Agb ?? "", Exclusion.ErrorFinding, errorCode));
                    continue;
                }
                if (!format.Values.TryGetValue(key, out var value)) continue;
                if (weighs)
                {
                    if (scope.WeightOf(format) is not { } weight)
                    {
                        excluded.Add(new(format.Agb ?? "", Exclusion.NoWeight));
                        continue;
                    }
                    weights[n] = weight;
                }
                (values[n], providers[n]) = (value, i);
                n++;
            }

            if (rule.Outliers != OutlierMethod.Tukey || n < 4)
                return new Prepared(weighs, values[..n], weighs ? weights[..n] : [], null, excluded);

            // One sort per scope: the fences come from it, and what lies within them is a slice of it, still in order.
            var sorted = StableSorted(values, n);
            var (lower, upper) = Statistics.TukeyFences(sorted, rule.K ?? 1.5m);
            var kept = 0;
            for (var i = 0; i < n; i++)
            {
                if (values[i] < lower || values[i] > upper)
                {
                    excluded.Add(new(scope.Formats[providers[i]].Agb ?? "", Exclusion.Outlier));
                    continue;
                }
                (values[kept], weights[kept]) = (values[i], weights[i]);
                kept++;
            }
            if (kept == n) return new Prepared(weighs, values[..n], weighs ? weights[..n] : [], sorted, excluded);
            var first = 0;
            while (sorted[first] < lower) first++;
            return new Prepared(weighs, values[..kept], weighs ? weights[..kept] : [], sorted[first..(first + kept)], excluded);
        }
        finally
        {
            ArrayPool<decimal>.Shared.Return(values);
            ArrayPool<decimal>.Shared.Return(weights);
            ArrayPool<int>.Shared.Return(providers);
        }
    }

    /// <summary>
    /// The first <paramref name="count"/> values ascending, equal values in their original order (as LINQ's stable
    /// <c>Order</c> gives them: 1.0 and 1.00 are equal but print differently, and a median may be either).
    /// </summary>
    private static decimal[] StableSorted(decimal[] values, int count)
    {
        var sorted = values[..count];
        var positions = ArrayPool<int>.Shared.Rent(count);
        try
        {
            for (var i = 0; i < count; i++) positions[i] = i;
            Array.Sort(sorted, positions, 0, count);
            // The sort is not stable: put each run of equal values back in its original order.
            for (var start = 0; start < count;)
            {
                var end = start + 1;
                while (end < count && sorted[end] == sorted[start]) end++;
                if (end - start > 1)
                {
                    Array.Sort(positions, start, end - start);
                    for (var i = start; i < end; i++) sorted[i] = values[positions[i]];
                }
                start = end;
            }
            return sorted;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(positions);
        }
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

        if (statistic == Statistic.WeightedMean && !prepared.Weighs)
            throw new ArgumentException("A weighted mean needs values prepared with their weights.", nameof(prepared));
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
