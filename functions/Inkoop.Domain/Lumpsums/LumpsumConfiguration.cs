namespace Inkoop.Domain.Lumpsums;

/// <summary>
/// The lumpsums of one year (bids-and-lumpsum.md section 6), checked: municipalities and participation,
/// and per lumpsum its amount, bandwidth, reference, allocation and profile.
/// </summary>
public sealed record LumpsumConfiguration(int Year, string? Round, MunicipalitySetup Setup, IReadOnlyList<Lumpsum> Lumpsums)
{
    public Lumpsum? Find(string agb, string segment) =>
        Lumpsums.FirstOrDefault(l => l.Agb == agb && string.Equals(l.Segment, segment, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// A yearly budget for one provider in one segment. <see cref="ContractTariffs"/> are its contract prices per
/// product; when null the round's normalised tariffs are the reference. <see cref="Profile"/> is each quarter's
/// share of the year (null: 0.25 each).
/// </summary>
public sealed record Lumpsum(
    string Agb,
    string Segment,
    decimal Amount,
    decimal Bandwidth,
    IReadOnlyDictionary<string, decimal>? ContractTariffs,
    bool ExplicitAllocation,
    IReadOnlyList<MunicipalityAllocation> Allocation,
    IReadOnlyList<decimal>? Profile)
{
    public const decimal DefaultBandwidth = 0.03m;

    /// <summary>The share of the year due after quarter <paramref name="quarter"/>: Q/4, or the cumulative profile.</summary>
    public decimal CumulativeShare(int quarter) =>
        Profile is null ? quarter / 4m : Profile.Take(quarter).Sum();
}
