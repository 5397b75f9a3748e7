using Inkoop.Domain.Bids;
using Inkoop.Domain.Formats;
using Inkoop.Domain.Lumpsums;
using Inkoop.Domain.Rounds;
using Inkoop.Excel;
using Inkoop.Tests.Bids;
using Inkoop.Tests.Support;
using static Inkoop.Tests.Lumpsums.LumpsumTestData;

namespace Inkoop.Tests.Excel;

/// <summary>
/// Formats, bid files and realisation reports in the shape openpyxl-like writers give them (inline strings, formulas
/// with an empty stored result): they read as the same documents, and a formula without a result is
/// FORMULA_NOT_CALCULATED in all three, in identity cells as in numbers.
/// </summary>
public class OpenpyxlWorkbookTests
{
    // ---- formats ----

    private static readonly RoundConfiguration Round = RoundConfigurationParser.Parse("""
        { "round": "voorbeeld-2025", "referenceYear": 2023, "repairDeadline": "2023-09-15",
          "products": [ { "code": "45A11", "unit": "uur" } ] }
        """);

    private static ProviderFormat Format(byte[] xlsx) => FormatIntake.Validate(new MemoryStream(xlsx), Round);

    private static string NameCell(byte[] xlsx, string name) => WorkbookReader.Read(new MemoryStream(xlsx), []).Names[name].Cell;

    [Fact]
    public void A_format_with_inline_strings_reads_as_the_same_format()
    {
        var ours = FormatWorkbook.Build(FormatData.Valid());
        var shaped = OpenpyxlShape.Of(ours);
        Assert.Contains(Shared.ZipPackages.Entries(shaped), e => e.Name.StartsWith("xl/worksheets/") && System.Text.Encoding.UTF8.GetString(e.Content).Contains("t=\"inlineStr\""));

        var format = Format(shaped);
        Assert.Empty(format.Findings);
        Assert.Equal(Format(ours).Values, format.Values);
        Assert.Equal(("12345678", "Zorg B.V."), (format.Agb, format.Name));
    }

    [Theory]
    [InlineData(FormatSchema.Overhead)]
    [InlineData(FormatSchema.Peiljaar)]
    [InlineData(FormatSchema.AanbiederAgb)]
    [InlineData(FormatSchema.AanbiederEmail)]
    public void A_format_formula_with_an_empty_stored_result_is_not_calculated(string name)
    {
        var ours = FormatWorkbook.Build(FormatData.Valid());
        var format = Format(OpenpyxlShape.Of(ours, NameCell(ours, name)));
        var finding = Assert.Single(format.Findings);
        Assert.Equal((FindingCodes.FormulaNotCalculated, name), (finding.Code, finding.Variable));
    }

    // ---- bid files ----

    private static readonly TenderConfiguration Tender = TenderConfigurationParser.Parse($$"""
        { "tender": "jeugd-2025-t1", "name": "Aanbesteding Jeugdhulp 2025", "round": "{{DemoFormats.RoundId}}",
          "lots": [ { "code": "AMB", "name": "Ambulant", "products": ["45A11", "45A12"] }, { "code": "DYS", "name": "Dyslexie" } ] }
        """);

    private static byte[] BidFile() => BidWorkbookTests.Filled(new BidValues(
        new Dictionary<string, object?>
        {
            [BidSchema.Perceel] = "AMB", [BidSchema.InschrijverAgb] = "01234567", [BidSchema.InschrijverNaam] = "Zorg B.V.",
            [BidSchema.LumpsumVoorstel] = 150000m,
        },
        [("45A11", 71.5m, 1000m), ("45A12", 82.25m, 250m)]));

    private static Bid Bid(byte[] xlsx) => BidIntake.Validate(new MemoryStream(xlsx), Tender);

    [Fact]
    public void A_bid_file_with_inline_strings_reads_as_the_same_bid()
    {
        var bid = Bid(OpenpyxlShape.Of(BidFile()));
        Assert.Equal(BidStatus.Accepted, bid.Status);
        Assert.Empty(bid.Findings);
        Assert.Equal(("01234567", "Zorg B.V."), (bid.Agb, bid.Name));
        Assert.Equal([new BidLine("45A11", 71.5m, 1000m), new BidLine("45A12", 82.25m, 250m)], bid.Lines);
    }

    [Theory]
    [InlineData(BidSchema.InschrijverAgb)]
    [InlineData(BidSchema.Perceel)]
    public void A_formula_without_a_result_in_a_bid_identity_is_not_calculated_and_rejects_the_bid(string name)
    {
        var file = BidFile();
        var bid = Bid(OpenpyxlShape.Of(file, NameCell(file, name)));
        Assert.True(bid.IsRejected);
        var finding = Assert.Single(bid.Findings);
        Assert.Equal((FindingCodes.FormulaNotCalculated, name), (finding.Code, finding.Variable));
    }

    [Fact]
    public void A_formula_without_a_result_as_a_price_leaves_that_line_out()
    {
        var file = BidFile();
        var price = WorkbookReader.Read(new MemoryStream(file), [BidSchema.PrijzenTable]).Table(BidSchema.PrijzenTable)!.Rows
            .Single(r => CellText.AsText(r[BidSchema.Productcode]!.Value) == "45A12")[BidSchema.Prijs]!.Cell;

        var bid = Bid(OpenpyxlShape.Of(file, price));

        Assert.Equal([new BidLine("45A11", 71.5m, 1000m)], bid.Lines);
        var finding = Assert.Single(bid.Findings);
        Assert.Equal((FindingCodes.FormulaNotCalculated, "Prijs[45A12]", price), (finding.Code, finding.Variable, finding.Cell));
    }

    [Fact]
    public void A_bid_file_whose_table_was_dropped_gets_a_Dutch_finding_for_it()
    {
        var bid = Bid(WriterShapesTests.DropTables(BidFile()));
        var finding = Assert.Single(bid.Findings);
        Assert.Equal((FindingCodes.TableMissing, BidSchema.PrijzenTable), (finding.Code, finding.Variable));
        Assert.Contains("Excel of LibreOffice", finding.Message);
    }

    // ---- realisation reports ----

    private static byte[] ReportFile()
    {
        using var output = new MemoryStream();
        RealisationWorkbookWriter.Write(new RealisationKey(2025, 1, "12345678", "AMB"),
            [new("GM0197", "45A11", 12.5m), new("GM0222", "45A12", 3m)], output);
        return output.ToArray();
    }

    private static RealisationReport Report(byte[] xlsx) =>
        RealisationIntake.Validate("r.xlsx", new MemoryStream(xlsx), json: false, Configuration(), Contract);

    private static RawCell ReportCell(byte[] xlsx, int row, string column) =>
        WorkbookReader.Read(new MemoryStream(xlsx), [RealisationSchema.Table]).Table(RealisationSchema.Table)!.Rows[row][column]!;

    [Fact]
    public void A_report_with_inline_strings_reads_as_the_same_report()
    {
        var report = Report(OpenpyxlShape.Of(ReportFile()));
        Assert.Equal(ReportStatus.Accepted, report.Status);
        Assert.Empty(report.Findings);
        Assert.Equal(Report(ReportFile()).Lines, report.Lines);
    }

    [Theory]
    [InlineData(RealisationSchema.Volume)]
    [InlineData(RealisationSchema.Gemeente)]
    [InlineData(RealisationSchema.Productcode)]
    public void A_formula_without_a_result_in_a_report_row_leaves_the_row_out_as_not_calculated(string column)
    {
        var file = ReportFile();
        var cell = ReportCell(file, 1, column).Cell;

        var report = Report(OpenpyxlShape.Of(file, cell));

        Assert.False(report.IsRejected);
        Assert.Single(report.Lines);
        var finding = Assert.Single(report.Findings);
        Assert.Equal((FindingCodes.FormulaNotCalculated, column, cell), (finding.Code, finding.Variable, finding.Cell));
    }

    [Theory]
    [InlineData(RealisationSchema.Jaar)]
    [InlineData(RealisationSchema.Agb)]
    [InlineData(RealisationSchema.Segment)]
    public void A_formula_without_a_result_in_the_report_key_rejects_it_as_not_calculated(string column)
    {
        var file = ReportFile();
        var cell = ReportCell(file, 0, column).Cell;

        var report = Report(OpenpyxlShape.Of(file, cell));

        Assert.True(report.IsRejected);
        var finding = Assert.Single(report.Findings);
        Assert.Equal((FindingCodes.FormulaNotCalculated, column), (finding.Code, finding.Variable));
    }

    [Fact]
    public void A_report_whose_table_was_dropped_gets_a_Dutch_finding_for_it()
    {
        var report = Report(WriterShapesTests.DropTables(ReportFile()));
        var finding = Assert.Single(report.Findings);
        Assert.Equal((FindingCodes.TableMissing, RealisationSchema.Table), (finding.Code, finding.Variable));
        Assert.Contains("Gnumeric", finding.Message);
    }
}
