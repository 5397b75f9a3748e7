using Inkoop.Domain.Bids;
using Inkoop.Domain.Formats;
using static Inkoop.Tests.Bids.BidData;

namespace Inkoop.Tests.Bids;

public sealed class BidValidatorTests
{
    [Fact]
    public void A_clean_bid_is_accepted_with_its_lines_and_identity()
    {
        var names = Identity(agb: "01234567");
        names[BidSchema.LumpsumVoorstel] = 125000m;
        names[BidSchema.Perceel] = " amb ";
        var bid = Validate(names, ("45A11", 95m, 1000m), ("45a12", 80m, 0m));

        Assert.Equal(BidStatus.Accepted, bid.Status);
        Assert.Empty(bid.Findings);
        Assert.Equal("01234567", bid.Agb);
        Assert.Equal("AMB", bid.Lot);
        Assert.Equal("Zorg B.V.", bid.Name);
        Assert.Equal(125000m, bid.ProposedLumpsum);
        Assert.Equal([new BidLine("45A11", 95m, 1000m), new BidLine("45A12", 80m, 0m)], bid.Lines);
    }

    [Fact]
    public void An_agb_typed_as_a_number_is_padded_back_to_eight_digits()
    {
        var names = Identity();
        names[BidSchema.InschrijverAgb] = 1234567m;
        Assert.Equal("01234567", Validate(names, ("45A11", 95m, 10m)).Agb);
    }

    [Fact]
    public void Dutch_number_text_is_read_with_a_warning()
    {
        var bid = Validate(Identity(), ("45A11", "€ 1.073,26", "1.000"));
        Assert.Equal(BidStatus.Accepted, bid.Status);
        Assert.Equal(new BidLine("45A11", 1073.26m, 1000m), bid.Lines.Single());
        Assert.All(bid.Findings, f => Assert.Equal((Severity.Warning, FindingCodes.NumberAsText), (f.Severity, f.Code)));
        Assert.Equal(["Prijzen!D5", "Prijzen!E5"], bid.Findings.Select(f => f.Cell));
    }

    [Theory]
    [InlineData(BidSchema.Aanbesteding)]
    [InlineData(BidSchema.Perceel)]
    [InlineData(BidSchema.InschrijverAgb)]
    public void Without_its_identity_a_bid_is_rejected_whole(string missing)
    {
        var names = Identity();
        names[missing] = " ";
        var bid = Validate(names, ("45A11", 95m, 10m));
        Assert.Equal(BidStatus.Rejected, bid.Status);
        Assert.Empty(bid.Lines);
        var finding = Assert.Single(bid.Findings);
        Assert.Equal(FindingCodes.IdentityMissing, finding.Code);
        Assert.Equal(missing, finding.Variable);
        Assert.StartsWith("Inschrijving!B", finding.Cell);
        Assert.Contains("ontbreekt", finding.Message);
    }

    [Fact]
    public void A_bid_for_another_tender_is_rejected_whole()
    {
        var bid = Validate(Identity(tender: "wmo-2025-t2"), ("45A11", 95m, 10m));
        Assert.Equal(BidStatus.Rejected, bid.Status);
        var finding = Assert.Single(bid.Findings);
        Assert.Equal(FindingCodes.TenderMismatch, finding.Code);
        Assert.Contains("'wmo-2025-t2'", finding.Message);
    }

    [Fact]
    public void A_bid_for_a_lot_the_tender_does_not_have_is_rejected_whole()
    {
        var bid = Validate(Identity(lot: "WON"), ("45A11", 95m, 10m));
        Assert.Equal(BidStatus.Rejected, bid.Status);
        var finding = Assert.Single(bid.Findings);
        Assert.Equal(FindingCodes.LotUnknown, finding.Code);
        Assert.Contains("AMB, DYS", finding.Message);
    }

    [Fact]
    public void An_agb_that_is_not_eight_digits_rejects_the_bid()
    {
        var names = Identity(agb: "1234-567");
        var bid = Validate(names, ("45A11", 95m, 10m));
        Assert.Equal(BidStatus.Rejected, bid.Status);
        Assert.Equal(FindingCodes.AgbInvalid, Assert.Single(bid.Findings).Code);
    }

    [Fact]
    public void Bad_lines_are_left_out_with_a_finding_on_their_cell_and_the_rest_counts()
    {
        var bid = Validate(Identity(),
            ("45A11", 95m, 10m),
            ("45A12", null, 10m),         // Prijs missing
            ("54001", "veel", 10m),       // Prijs not a number
            ("54002", 0m, 10m),           // Prijs <= 0
            ("54003", -5m, 10m),          // Prijs <= 0
            ("54004", 10m, -1m),          // Volume < 0
            ("54005", 10m, null),         // Volume missing
            ("54006", 10m, new CellError("#DIV/0!")), // Volume not a number
            ("54007", UncalculatedFormula.Instance, 10m), // a formula without its result
            (null, 10m, 10m));            // no product code

        Assert.Equal(BidStatus.HasErrors, bid.Status);
        Assert.Equal([new BidLine("45A11", 95m, 10m)], bid.Lines);
        Assert.Equal(
        [
            (FindingCodes.RequiredMissing, "Prijs[45A12]", "Prijzen!D6"),
            (FindingCodes.NotANumber, "Prijs[54001]", "Prijzen!D7"),
            (FindingCodes.OutOfBand, "Prijs[54002]", "Prijzen!D8"),
            (FindingCodes.OutOfBand, "Prijs[54003]", "Prijzen!D9"),
            (FindingCodes.OutOfBand, "Volume[54004]", "Prijzen!E10"),
            (FindingCodes.RequiredMissing, "Volume[54005]", "Prijzen!E11"),
            (FindingCodes.NotANumber, "Volume[54006]", "Prijzen!E12"),
            (FindingCodes.FormulaNotCalculated, "Prijs[54007]", "Prijzen!D13"),
            (FindingCodes.RequiredMissing, "Productcode", "Prijzen!A14"),
        ], bid.Findings.Select(f => (f.Code, f.Variable!, f.Cell!)));
        Assert.All(bid.Findings, f => Assert.Equal(Severity.Error, f.Severity));
        Assert.Contains("meer dan 0", bid.Findings[2].Message);
        Assert.Contains("0 of meer", bid.Findings[4].Message);
    }

    [Fact]
    public void A_volume_of_zero_is_a_valid_line_and_a_row_without_price_and_volume_is_a_product_not_offered()
    {
        var bid = Validate(Identity(), ("45A11", 95m, 0m), ("45A12", null, null), ("54001", "", " "));
        Assert.Equal(BidStatus.Accepted, bid.Status);
        Assert.Equal([new BidLine("45A11", 95m, 0m)], bid.Lines);
    }

    [Fact]
    public void Duplicate_product_rows_are_both_excluded()
    {
        var bid = Validate(Identity(), ("45A11", 95m, 10m), ("45A12", 70m, 5m), ("45a11", 99m, 20m));
        Assert.Equal(BidStatus.HasErrors, bid.Status);
        Assert.Equal([new BidLine("45A12", 70m, 5m)], bid.Lines);
        Assert.Equal([("Prijzen!A5", FindingCodes.DuplicateProduct), ("Prijzen!A7", FindingCodes.DuplicateProduct)],
            bid.Findings.Select(f => (f.Cell!, f.Code)));
        Assert.Contains("2 keer", bid.Findings[0].Message);
    }

    [Fact]
    public void A_missing_table_or_column_is_an_error_and_the_bid_has_no_lines()
    {
        var noTable = BidValidator.Validate(new RawWorkbook(Raw(Identity()).Names, []), Tender());
        Assert.Equal(BidStatus.HasErrors, noTable.Status);
        Assert.Equal(FindingCodes.TableMissing, Assert.Single(noTable.Findings).Code);

        var table = new RawTable(BidSchema.PrijzenTable, "Prijzen!A4", [BidSchema.Productcode, BidSchema.Prijs], []);
        var noVolume = BidValidator.Validate(new RawWorkbook(Raw(Identity()).Names, [table]), Tender());
        var finding = Assert.Single(noVolume.Findings);
        Assert.Equal((FindingCodes.ColumnMissing, "Volume", "Prijzen!A4"), (finding.Code, finding.Variable, finding.Cell));
    }

    [Fact]
    public void A_bad_proposed_lumpsum_is_an_error_and_left_out_but_the_lines_count()
    {
        var names = Identity();
        names[BidSchema.LumpsumVoorstel] = "nog niet bekend";
        var bid = Validate(names, ("45A11", 95m, 10m));
        Assert.Equal(BidStatus.HasErrors, bid.Status);
        Assert.Null(bid.ProposedLumpsum);
        Assert.Single(bid.Lines);
        Assert.Equal(FindingCodes.NotANumber, Assert.Single(bid.Findings).Code);
    }

    [Fact]
    public void A_missing_name_is_a_warning()
    {
        var names = Identity();
        names.Remove(BidSchema.InschrijverNaam);
        var bid = Validate(names, ("45A11", 95m, 10m));
        Assert.Equal(BidStatus.Accepted, bid.Status);
        Assert.Equal((Severity.Warning, FindingCodes.RequiredMissing), (bid.Findings.Single().Severity, bid.Findings.Single().Code));
    }
}
