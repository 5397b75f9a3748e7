using Inkoop.Domain.Formats;

namespace Inkoop.Domain.Bids;

/// <summary>
/// The one JSON shape of an analysed bid, for the CLI and the API (issue 9): money rounded to cents and fractions to
/// four decimals, half away from zero, here and only here.
/// </summary>
public sealed record BidReport(
    string File,
    string? Agb,
    string? Name,
    string? Lot,
    string Status,
    IReadOnlyList<BidFindingReport> Findings,
    IReadOnlyList<BidLineReport> Lines,
    decimal? ImpliedLumpsum,
    decimal? NormalisedValue,
    bool NormalisedValueComplete,
    decimal? ProposedLumpsum,
    decimal? WeightedDeviation)
{
    public static BidReport Of(string file, BidAnalysis analysis)
    {
        var bid = analysis.Bid;
        return new BidReport(file, bid.Agb, bid.Name, bid.Lot, StatusName(bid.Status),
            bid.Findings.Select(f => new BidFindingReport(f.Severity, f.Code, f.Variable, f.Cell, f.Message)).ToList(),
            analysis.Lines.Select(l => new BidLineReport(l.Product, l.Price, l.Volume, l.NormalisedTariff, Fraction(l.Deviation),
                l.Flags.Select(FlagName).ToList())).ToList(),
            Money(analysis.ImpliedLumpsum), Money(analysis.NormalisedValue), analysis.NormalisedValueComplete,
            Money(bid.ProposedLumpsum), Fraction(analysis.WeightedDeviation));
    }

    public static string StatusName(BidStatus status) => status switch
    {
        BidStatus.Accepted => "accepted",
        BidStatus.HasErrors => "hasErrors",
        _ => "rejected",
    };

    public static string FlagName(LineFlag flag) => flag switch
    {
        LineFlag.AbnormallyLow => "abnormallyLow",
        LineFlag.AboveCeiling => "aboveCeiling",
        LineFlag.UnknownProduct => "unknownProduct",
        LineFlag.NotComputable => "notComputable",
        _ => "notInLot",
    };

    public static decimal? Money(decimal? value) => value is { } v ? Math.Round(v, 2, MidpointRounding.AwayFromZero) : null;

    public static decimal? Fraction(decimal? value) => value is { } v ? Math.Round(v, 4, MidpointRounding.AwayFromZero) : null;
}

public sealed record BidFindingReport(Severity Severity, string Code, string? Variable, string? Cell, string Message);

public sealed record BidLineReport(string Product, decimal Price, decimal Volume, decimal? NormalisedTariff, decimal? Deviation, IReadOnlyList<string> Flags);

/// <summary>The `inkoop bids --json` document: the tender, every bid, and per lot the ranking.</summary>
public sealed record BidsReport(string Tender, IReadOnlyList<BidReport> Bids, IReadOnlyList<LotRankingReport> Lots)
{
    public static BidsReport Of(TenderConfiguration tender, IReadOnlyList<(string File, BidAnalysis Analysis)> bids) =>
        new(tender.Tender, bids.Select(b => BidReport.Of(b.File, b.Analysis)).ToList(),
            BidRanking.Rank(tender, bids.Select(b => b.Analysis)).Select(LotRankingReport.Of).ToList());
}

public sealed record LotRankingReport(string Code, IReadOnlyList<RankedBidReport> Ranking)
{
    public static LotRankingReport Of(LotRanking lot) =>
        new(lot.Lot, lot.Ranking.Select(r => new RankedBidReport(r.Agb, BidReport.Fraction(r.WeightedDeviation)!.Value)).ToList());
}

public sealed record RankedBidReport(string Agb, decimal WeightedDeviation);
