using Inkoop.Domain.Tariffs;

namespace Inkoop.Domain.Bids;

/// <summary>A line of a bid held against its reference tariff. Flags are not findings and do not change a bid's status.</summary>
public enum LineFlag { AbnormallyLow, AboveCeiling, UnknownProduct, NotComputable, NotInLot }

/// <summary>
/// One bid line against the published tariff: <see cref="Deviation"/> = Prijs / tariff - 1, unrounded, null without a
/// tariff; <see cref="Reason"/> says why there is no tariff.
/// </summary>
public sealed record AnalysedLine(
    string Product,
    decimal Price,
    decimal Volume,
    decimal? NormalisedTariff,
    decimal? Deviation,
    IReadOnlyList<LineFlag> Flags,
    string? Reason);

/// <summary>
/// A bid analysed against the reference tariffs (bids-and-lumpsum.md sections 1 and 5). Every figure is unrounded;
/// rounding happens at presentation only. Figures are null for a rejected bid, and those that divide or sum over
/// lines with a tariff are null when there are none.
/// </summary>
public sealed record BidAnalysis(
    Bid Bid,
    IReadOnlyList<AnalysedLine> Lines,
    decimal? ImpliedLumpsum,
    decimal? NormalisedValue,
    bool NormalisedValueComplete,
    decimal? WeightedDeviation)
{
    /// <summary>Lumpsum_Voorstel minus the implied lumpsum, when both are known.</summary>
    public decimal? ProposedMinusImplied => Bid.ProposedLumpsum - ImpliedLumpsum;

    /// <summary>Lumpsum_Voorstel minus the normalised value, when both are known.</summary>
    public decimal? ProposedMinusNormalised => Bid.ProposedLumpsum - NormalisedValue;

    public static BidAnalysis Of(Bid bid, TenderConfiguration tender, ReferenceTariffs tariffs)
    {
        if (bid.IsRejected) return new BidAnalysis(bid, [], null, null, false, null);

        var lot = bid.Lot is null ? null : tender.FindLot(bid.Lot);
        var lines = bid.Lines.Select(line => Analyse(line, lot, tender, tariffs)).ToList();
        var priced = lines.Where(l => l.NormalisedTariff is not null).ToList();

        var implied = lines.Sum(l => l.Price * l.Volume);
        decimal? normalised = priced.Count == 0 ? null : priced.Sum(l => l.NormalisedTariff!.Value * l.Volume);
        var pricedAtBid = priced.Sum(l => l.Price * l.Volume);
        decimal? weighted = normalised is > 0 ? pricedAtBid / normalised.Value - 1 : null;
        return new BidAnalysis(bid, lines, implied, normalised, lines.Count > 0 && priced.Count == lines.Count, weighted);
    }

    private static AnalysedLine Analyse(BidLine line, Lot? lot, TenderConfiguration tender, ReferenceTariffs tariffs)
    {
        var flags = new List<LineFlag>();
        var reference = tariffs.Find(line.Product);
        decimal? deviation = null;
        string? reason = null;
        if (reference is null)
        {
            flags.Add(LineFlag.UnknownProduct);
            reason = $"Product {line.Product} staat niet in de productenlijst van de ronde.";
        }
        else if (reference.Tariff is not { } tariff)
        {
            flags.Add(LineFlag.NotComputable);
            reason = reference.Reason;
        }
        else
        {
            deviation = line.Price / tariff - 1;
            if (deviation < -tender.LowThreshold) flags.Add(LineFlag.AbnormallyLow);
            if (deviation > tender.CeilingThreshold) flags.Add(LineFlag.AboveCeiling);
        }
        if (lot is not null && !lot.Includes(line.Product)) flags.Add(LineFlag.NotInLot);
        return new AnalysedLine(line.Product, line.Price, line.Volume, reference?.Tariff, deviation, flags, reason);
    }
}

/// <summary>A lot's bids, lowest weighted deviation first.</summary>
public sealed record LotRanking(string Lot, IReadOnlyList<RankedBid> Ranking);

public sealed record RankedBid(string Agb, decimal WeightedDeviation);

public static class BidRanking
{
    /// <summary>
    /// Ranks each lot's bids by weighted deviation, lowest first (ties by AGB). Rejected bids and bids without any
    /// line with a tariff are not ranked; of two bids of one bidder for one lot, the later in <paramref name="bids"/> counts.
    /// </summary>
    public static IReadOnlyList<LotRanking> Rank(TenderConfiguration tender, IEnumerable<BidAnalysis> bids) =>
        Rank(tender, bids.Where(b => !b.Bid.IsRejected).Select(b => (b.Bid.Lot, b.Bid.Agb, b.WeightedDeviation)));

    /// <summary>The same ranking from stored figures: (lot, AGB, unrounded weighted deviation) of bids not rejected.</summary>
    public static IReadOnlyList<LotRanking> Rank(TenderConfiguration tender, IEnumerable<(string? Lot, string? Agb, decimal? WeightedDeviation)> bids)
    {
        var latest = new Dictionary<(string Lot, string Agb), decimal>();
        foreach (var (lot, agb, weighted) in bids)
        {
            if (lot is null || agb is null) continue;
            var key = (lot.ToUpperInvariant(), agb);
            if (weighted is { } w) latest[key] = w;
            else latest.Remove(key);
        }
        return tender.Lots.Select(lot => new LotRanking(lot.Code, latest
            .Where(b => b.Key.Lot == lot.Code.ToUpperInvariant())
            .OrderBy(b => b.Value).ThenBy(b => b.Key.Agb, StringComparer.Ordinal)
            .Select(b => new RankedBid(b.Key.Agb, b.Value))
            .ToList())).ToList();
    }
}
