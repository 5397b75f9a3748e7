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
        var cents = amount * 100m;
        if (cents != decimal.Truncate(cents)) throw new ArgumentException("The amount has fractions of cents.", nameof(amount));
        var totalClients = municipalities.Sum(m => (decimal)m.Clients);
        if (totalClients <= 0) throw new ArgumentException("The municipalities have no clients to divide by.", nameof(municipalities));

        // Whole cents and whole clients: cents * clients / total is exact as a quotient and a remainder.
        var shares = municipalities.Select(m =>
        {
            var numerator = cents * m.Clients;
            var floor = decimal.Floor(numerator / totalClients);
            return (Municipality: m, Cents: floor, Remainder: numerator - floor * totalClients);
        }).ToList();

        var left = (int)(cents - shares.Sum(s => s.Cents));
        var extra = shares
            .OrderByDescending(s => s.Remainder)
            .ThenByDescending(s => s.Municipality.Clients)
            .ThenBy(s => s.Municipality.Code, StringComparer.Ordinal)
            .Take(left)
            .Select(s => s.Municipality.Code)
            .ToHashSet(StringComparer.Ordinal);

        return shares
            .Select(s => new MunicipalityAllocation(s.Municipality.Code, (s.Cents + (extra.Contains(s.Municipality.Code) ? 1 : 0)) / 100m))
            .ToList();
    }
}
