namespace Inkoop.Domain.Normalisation;

/// <summary>The statistics of section 4, in decimal. Inputs are never empty.</summary>
public static class Statistics
{
    public static decimal Mean(IReadOnlyList<decimal> values) => values.Sum() / values.Count;

    /// <summary>Null when the weights add up to zero.</summary>
    public static decimal? WeightedMean(IReadOnlyList<decimal> values, IReadOnlyList<decimal> weights)
    {
        var total = weights.Sum();
        if (total == 0) return null;
        var sum = 0m;
        for (var i = 0; i < values.Count; i++) sum += values[i] * weights[i];
        return sum / total;
    }

    /// <summary>Excel PERCENTILE.INC: linear interpolation between closest ranks; values sorted ascending.</summary>
    public static decimal PercentileInc(IReadOnlyList<decimal> sorted, decimal p)
    {
        var h = (sorted.Count - 1) * p;
        var lower = (int)decimal.Floor(h);
        if (lower >= sorted.Count - 1) return sorted[^1];
        return sorted[lower] + (h - lower) * (sorted[lower + 1] - sorted[lower]);
    }

    public static decimal Median(IReadOnlyList<decimal> sorted) => PercentileInc(sorted, 0.5m);

    /// <summary>Cuts floor(n * trim) values from each end of the sorted values, then takes the mean.</summary>
    public static decimal TrimmedMean(IReadOnlyList<decimal> sorted, decimal trim)
    {
        var cut = (int)decimal.Floor(sorted.Count * trim);
        var sum = 0m;
        for (var i = cut; i < sorted.Count - cut; i++) sum += sorted[i];
        return sum / (sorted.Count - 2 * cut);
    }

    /// <summary>Tukey's fences on PERCENTILE.INC quartiles; a value on a fence stays.</summary>
    public static (decimal Lower, decimal Upper) TukeyFences(IReadOnlyList<decimal> sorted, decimal k)
    {
        var q1 = PercentileInc(sorted, 0.25m);
        var q3 = PercentileInc(sorted, 0.75m);
        var iqr = q3 - q1;
        return (q1 - k * iqr, q3 + k * iqr);
    }
}
