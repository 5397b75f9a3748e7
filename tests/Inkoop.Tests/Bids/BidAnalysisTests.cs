using Inkoop.Domain.Bids;
using Inkoop.Domain.Tariffs;
using static Inkoop.Tests.Bids.BidData;

namespace Inkoop.Tests.Bids;

public sealed class BidAnalysisTests
{
    private static AnalysedLine Line(string product, decimal price, decimal volume = 10m) =>
        Analyse((product, price, volume)).Lines.Single();

    [Theory]
    [InlineData(90.00, -0.10, new LineFlag[0])]                               // exactly -10%: not abnormally low
    [InlineData(89.99, -0.1001, new[] { LineFlag.AbnormallyLow })]
    [InlineData(110.00, 0.10, new LineFlag[0])]                               // exactly +10%: not above the ceiling
    [InlineData(110.01, 0.1001, new[] { LineFlag.AboveCeiling })]
    [InlineData(100.00, 0.0, new LineFlag[0])]
    public void Deviation_and_flags_against_the_published_tariff(decimal price, decimal deviation, LineFlag[] flags)
    {
        var line = Line("45A11", price);
        Assert.Equal(100.00m, line.NormalisedTariff);
        Assert.Equal(deviation, line.Deviation);
        Assert.Equal(flags, line.Flags);
    }

    [Fact]
    public void Flags_are_decided_on_the_unrounded_deviation()
    {
        // 89.99995 / 100 - 1 = -0.1000005: reported as -0.1000, still abnormally low.
        var line = Line("45A11", 89.99995m);
        Assert.Equal(-0.1000005m, line.Deviation);
        Assert.Equal(-0.1000m, BidReport.Fraction(line.Deviation));
        Assert.Equal([LineFlag.AbnormallyLow], line.Flags);

        // 90.00004 / 100 - 1 = -0.0999996: reported as -0.1000, not abnormally low.
        var edge = Line("45A11", 90.00004m);
        Assert.Equal(-0.1000m, BidReport.Fraction(edge.Deviation));
        Assert.Empty(edge.Flags);
    }

    [Fact]
    public void The_tender_thresholds_decide_the_flags()
    {
        var tender = TenderConfigurationParser.Parse("""{ "tender": "jeugd-2025-t1", "round": "jeugd-2025", "lowThreshold": 0.2, "ceilingThreshold": 0.05, "lots": [ { "code": "AMB" } ] }""");
        var bid = BidValidator.Validate(Raw(Identity(), ("45A11", 85m, 1m), ("45A12", 84.5m, 1m), ("54001", 1m, 1m)), tender);
        var analysis = BidAnalysis.Of(bid, tender, Tariffs());
        Assert.Empty(analysis.Lines[0].Flags);                                   // -15% is within 20%
        Assert.Equal([LineFlag.AboveCeiling], analysis.Lines[1].Flags);          // +5.625% > 5%
    }

    [Fact]
    public void Unknown_not_computable_and_not_in_lot_products_are_flagged_with_the_reason()
    {
        var analysis = Analyse(("99Z99", 10m, 1m), ("54001", 10m, 1m));
        var unknown = analysis.Lines[0];
        Assert.Equal([LineFlag.UnknownProduct, LineFlag.NotInLot], unknown.Flags);
        Assert.Null(unknown.NormalisedTariff);
        Assert.Null(unknown.Deviation);
        Assert.Contains("productenlijst", unknown.Reason);
        var notComputable = analysis.Lines[1];
        Assert.Equal([LineFlag.NotComputable, LineFlag.NotInLot], notComputable.Flags);
        Assert.Equal("Te weinig formats (n = 2 < 3).", notComputable.Reason);
    }

    [Fact]
    public void A_lot_without_products_takes_any_product()
    {
        var bid = Validate(Identity(lot: "DYS"), ("45A11", 100m, 1m));
        Assert.Empty(BidAnalysis.Of(bid, Tender(), Tariffs()).Lines.Single().Flags);
    }

    [Fact]
    public void Implied_lumpsum_normalised_value_and_weighted_deviation()
    {
        var names = Identity();
        names[BidSchema.LumpsumVoorstel] = 200000m;
        var bid = Validate(names, ("45A11", 95m, 1000m), ("45A12", 88m, 500m), ("54001", 50m, 100m), ("99Z99", 20m, 10m));
        var analysis = BidAnalysis.Of(bid, Tender(), Tariffs());

        // implied: 95*1000 + 88*500 + 50*100 + 20*10 = 144,200 (every valid line)
        Assert.Equal(144200m, analysis.ImpliedLumpsum);
        // normalised: 100*1000 + 80*500 = 140,000 (lines with a tariff only), so not complete
        Assert.Equal(140000m, analysis.NormalisedValue);
        Assert.False(analysis.NormalisedValueComplete);
        // weighted: (95,000 + 44,000) / 140,000 - 1 over the lines with a tariff
        Assert.Equal(139000m / 140000m - 1, analysis.WeightedDeviation);
        Assert.Equal(-0.0071m, BidReport.Fraction(analysis.WeightedDeviation));
        Assert.Equal(200000m - 144200m, analysis.ProposedMinusImplied);
        Assert.Equal(200000m - 140000m, analysis.ProposedMinusNormalised);
    }

    [Fact]
    public void A_not_in_lot_line_with_a_tariff_counts_like_any_other()
    {
        var tariffs = ReferenceTariffs.Of([new ReferenceTariff("45A11", 100m, null), new ReferenceTariff("45A13", 50m, null)]);
        var analysis = BidAnalysis.Of(Validate(Identity(), ("45A11", 100m, 10m), ("45A13", 60m, 10m)), Tender(), tariffs);
        Assert.Equal([LineFlag.AboveCeiling, LineFlag.NotInLot], analysis.Lines[1].Flags);
        Assert.Equal(1600m, analysis.ImpliedLumpsum);
        Assert.Equal(1500m, analysis.NormalisedValue);
        Assert.True(analysis.NormalisedValueComplete);
        Assert.Equal(1600m / 1500m - 1, analysis.WeightedDeviation);
    }

    [Fact]
    public void Without_a_final_snapshot_every_line_is_not_computable_and_nothing_is_weighted()
    {
        var reason = "Ronde jeugd-2025 heeft nog geen definitieve snapshot.";
        var analysis = BidAnalysis.Of(Validate(Identity(), ("45A11", 95m, 10m), ("99Z99", 5m, 1m)), Tender(), ReferenceTariffs.None(reason));
        Assert.All(analysis.Lines, l => Assert.Equal(LineFlag.NotComputable, l.Flags[0]));
        Assert.All(analysis.Lines, l => Assert.Equal(reason, l.Reason));
        Assert.Equal(955m, analysis.ImpliedLumpsum);
        Assert.Null(analysis.NormalisedValue);
        Assert.False(analysis.NormalisedValueComplete);
        Assert.Null(analysis.WeightedDeviation);
    }

    [Fact]
    public void A_rejected_bid_has_no_figures()
    {
        var analysis = BidAnalysis.Of(Validate(Identity(lot: "X"), ("45A11", 95m, 10m)), Tender(), Tariffs());
        Assert.Empty(analysis.Lines);
        Assert.Null(analysis.ImpliedLumpsum);
        Assert.Null(analysis.WeightedDeviation);
    }

    [Fact]
    public void Lots_rank_their_bids_lowest_weighted_deviation_first()
    {
        var tender = Tender();
        BidAnalysis Bid(string agb, string lot, params (object?, object?, object?)[] rows) =>
            BidAnalysis.Of(Validate(Identity(agb, lot), rows), tender, Tariffs());

        var bids = new[]
        {
            Bid("30000000", "AMB", ("45A11", 105m, 10m)),                                 // +5%
            Bid("10000000", "AMB", ("45A11", 95m, 10m), ("45A12", null, 3m)),              // -5%, hasErrors: ranked on its valid line
            Bid("20000000", "AMB", ("45A11", 95m, 10m)),                                  // -5%, tie: by AGB
            Bid("40000000", "XYZ", ("45A11", 50m, 10m)),                                  // rejected: not ranked
            Bid("50000000", "AMB", ("99Z99", 50m, 10m)),                                  // nothing with a tariff: not ranked
            Bid("60000000", "DYS", ("45A11", 120m, 10m)),
            Bid("30000000", "AMB", ("45A11", 99m, 10m)),                                  // a later bid of 30000000 counts
        };
        Assert.Equal(BidStatus.HasErrors, bids[1].Bid.Status);

        var ranking = BidRanking.Rank(tender, bids);
        Assert.Equal(["AMB", "DYS"], ranking.Select(l => l.Lot));
        Assert.Equal([("10000000", -0.05m), ("20000000", -0.05m), ("30000000", -0.01m)], ranking[0].Ranking.Select(r => (r.Agb, r.WeightedDeviation)));
        Assert.Equal([("60000000", 0.2m)], ranking[1].Ranking.Select(r => (r.Agb, r.WeightedDeviation)));
    }
}
