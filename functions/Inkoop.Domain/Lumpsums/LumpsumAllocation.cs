namespace Inkoop.Domain.Lumpsums;

/// <summary>One municipality's share of a lumpsum, in euros with whole cents.</summary>
public sealed record MunicipalityAllocation(string Code, decimal Allocated);

/// <summary>
/// Splits a lumpsum over municipalities by their clients so that the cents add up to the amount exactly
/// (bids-and-lumpsum.md section 2): every share floored to cents, then the cents left over one by one to the
/// largest remainders; ties go to more clients first, then the lower CBS code.
/// </summary>
public static class LumpsumAllocation
{
    /// <param name="amount">Euros with at most two decimals.</param>
    /// <param name="municipalities">The municipalities that take part; together they must have clients.</param>
    public static IReadOnlyList<MunicipalityAllocation> ByClients(decimal amount, IReadOnlyList<Municipality> municipalities)
    {
        if (municipalities.Sum(m => (decimal)m.Clients) <= 0)
            throw new ArgumentException("The municipalities have no clients to divide by.", nameof(municipalities));
        var cents = Cents.Split(amount, municipalities.Select(m => (m.Code, (decimal)m.Clients)).ToList());
        return municipalities.Select((m, i) => new MunicipalityAllocation(m.Code, cents[i])).ToList();
    }
}

/// <summary>The largest-remainder rule of bids-and-lumpsum.md section 2, for any amount and weights.</summary>
public static class Cents
{
    /// <summary>
    /// Splits <paramref name="amount"/> (whole cents) in proportion to the weights so that the parts add up to it
    /// exactly: every part floored to cents, then the cents left over one by one to the largest remainders; ties go to
    /// the larger weight first, then the lower code. Weights of at most two decimals; when they are all 0, so are the parts.
    /// </summary>
    public static IReadOnlyList<decimal> Split(decimal amount, IReadOnlyList<(string Code, decimal Weight)> weights)
    {
        var cents = amount * 100m;
        if (cents != decimal.Truncate(cents)) throw new ArgumentException("The amount has fractions of cents.", nameof(amount));
        if (amount < 0) throw new ArgumentException("The amount is negative.", nameof(amount));
        // In whole cents of weight everything is an integer, so quotient and remainder are exact.
        var scaled = weights.Select(w => w.Weight * 100m).ToList();
        if (scaled.Any(w => w < 0 || w != decimal.Truncate(w))) throw new ArgumentException("A weight is negative or has fractions of cents.", nameof(weights));
        var total = scaled.Sum();
        if (total == 0) return weights.Select(_ => 0m).ToList();

        var shares = scaled.Select((w, i) =>
        {
            var numerator = cents * w;
            var remainder = numerator % total;
            return (Index: i, Cents: (numerator - remainder) / total, Remainder: remainder);
        }).ToList();

        var left = (int)(cents - shares.Sum(s => s.Cents));
        var extra = shares
            .OrderByDescending(s => s.Remainder)
            .ThenByDescending(s => weights[s.Index].Weight)
            .ThenBy(s => weights[s.Index].Code, StringComparer.Ordinal)
            .Take(left)
            .Select(s => s.Index)
            .ToHashSet();

        return shares.Select(s => (s.Cents + (extra.Contains(s.Index) ? 1 : 0)) / 100m).ToList();
    }

    /// <summary>Rounded to cents, half away from zero: the only rounding of money (section 7).</summary>
    public static decimal Round(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}
