namespace Inkoop.Domain.Bids;

/// <summary>A tender (bids-and-lumpsum.md section 5), validated: its lots and the thresholds that flag a price.</summary>
public sealed record TenderConfiguration(
    string Tender,
    string Name,
    string Round,
    decimal LowThreshold,
    decimal CeilingThreshold,
    IReadOnlyList<Lot> Lots)
{
    public Lot? FindLot(string code) => Lots.FirstOrDefault(l => string.Equals(l.Code, code.Trim(), StringComparison.OrdinalIgnoreCase));
}

/// <summary>A lot (perceel); <see cref="Products"/> null when any product of the round may be offered.</summary>
public sealed record Lot(string Code, string Name, IReadOnlySet<string>? Products)
{
    public bool Includes(string product) => Products is null || Products.Contains(product);
}

