using Inkoop.Domain.Formats;

namespace Inkoop.Domain.Bids;

public enum BidStatus { Accepted, HasErrors, Rejected }

/// <summary>
/// A validated bid file: its identity, its findings and the lines without an error finding. A bid rejected whole
/// (unreadable, no identity, another tender, a lot the tender does not have) has no lines.
/// </summary>
public sealed class Bid
{
    public string? Tender { get; init; }
    public string? Lot { get; init; }
    public string? Agb { get; init; }
    public string? Name { get; init; }
    public decimal? ProposedLumpsum { get; init; }
    public bool IsRejected { get; init; }
    public IReadOnlyList<Finding> Findings { get; init; } = [];
    public IReadOnlyList<BidLine> Lines { get; init; } = [];

    public bool HasErrors => Findings.Any(f => f.Severity == Severity.Error);

    public BidStatus Status => IsRejected ? BidStatus.Rejected : HasErrors ? BidStatus.HasErrors : BidStatus.Accepted;

    public static Bid Unreadable(string code, string message) => new()
    {
        IsRejected = true,
        Findings = [new Finding(Severity.Error, code, null, null, null, null, message)],
    };
}

/// <summary>One priced product of a bid: Prijs in EUR per unit, Volume in expected units per year.</summary>
public sealed record BidLine(string Product, decimal Price, decimal Volume);
