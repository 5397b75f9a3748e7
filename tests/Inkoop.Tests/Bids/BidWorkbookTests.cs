using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using Inkoop.Domain.Bids;
using Inkoop.Domain.Formats;
using Inkoop.Domain.Rounds;
using Inkoop.Excel;
using OfficeOpenXml;
using X = DocumentFormat.OpenXml.Spreadsheet;

namespace Inkoop.Tests.Bids;

public sealed class BidWorkbookTests
{
    private static readonly RoundConfiguration Round = RoundConfigurationParser.Parse(DemoFormats.RoundJson);

    private static TenderConfiguration Tender() => TenderConfigurationParser.Parse($$"""
        { "tender": "jeugd-2025-t1", "name": "Aanbesteding Jeugdhulp 2025", "round": "{{DemoFormats.RoundId}}",
          "lots": [ { "code": "AMB", "name": "Ambulant", "products": ["45A11", "45A12"] }, { "code": "DYS", "name": "Dyslexie" } ] }
        """);

    public static byte[] Template()
    {
        using var output = new MemoryStream();
        BidTemplateWriter.Write(Tender(), Round, output);
        return output.ToArray();
    }

    public static byte[] Filled(BidValues values)
    {
        using var output = new MemoryStream();
        BidFiller.Fill(new MemoryStream(Template()), values, output);
        return output.ToArray();
    }

    [Fact]
    public void A_filled_template_reads_back_as_an_accepted_bid()
    {
        var file = Filled(new BidValues(
            new Dictionary<string, object?>
            {
                [BidSchema.Perceel] = "AMB", [BidSchema.InschrijverAgb] = "01234567", [BidSchema.InschrijverNaam] = "Zorg B.V.",
                [BidSchema.LumpsumVoorstel] = 150000m,
            },
            [("45A11", 71.5m, 1000m), ("45A12", "82,25", 250m)]));

        var bid = BidIntake.Validate(new MemoryStream(file), Tender());

        Assert.Equal(BidStatus.Accepted, bid.Status);
        Assert.Equal(("jeugd-2025-t1", "AMB", "01234567", "Zorg B.V.", 150000m), (bid.Tender, bid.Lot, bid.Agb, bid.Name, bid.ProposedLumpsum));
        Assert.Equal([new BidLine("45A11", 71.5m, 1000m), new BidLine("45A12", 82.25m, 250m)], bid.Lines);
        Assert.Equal(FindingCodes.NumberAsText, Assert.Single(bid.Findings).Code);
    }

    [Fact]
    public void The_template_lists_the_round_products_offers_the_lots_and_unlocks_only_the_input_cells()
    {
        using var package = new ExcelPackage(new MemoryStream(Template()));
        var workbook = package.Workbook;
        var identity = workbook.Worksheets[BidTemplateWriter.InschrijvingSheet];
        Assert.True(identity.Protection.IsProtected);
        var tender = workbook.Names[BidSchema.Aanbesteding];
        Assert.Equal("jeugd-2025-t1", tender.Worksheet.Cells[tender.Address].Text);
        Assert.True(tender.Worksheet.Cells[tender.Address].Style.Locked);
        foreach (var input in new[] { BidSchema.Perceel, BidSchema.InschrijverAgb, BidSchema.InschrijverNaam, BidSchema.LumpsumVoorstel })
            Assert.False(identity.Cells[workbook.Names[input].Address].Style.Locked, input);
        var lots = identity.DataValidations.OfType<OfficeOpenXml.DataValidation.ExcelDataValidationList>().Single();
        Assert.Equal(["AMB", "DYS"], lots.Formula.Values);

        var prijzen = workbook.Worksheets[BidTemplateWriter.PrijzenSheet];
        Assert.True(prijzen.Protection.IsProtected);
        var table = prijzen.Tables[BidSchema.PrijzenTable];
        var codes = Enumerable.Range(table.Address.Start.Row + 1, Round.Products.Count).Select(r => prijzen.Cells[r, 1].Text).ToList();
        Assert.Equal(Round.Products.Select(p => p.Code), codes);
        var first = table.Address.Start.Row + 1;
        Assert.True(prijzen.Cells[first, 1].Style.Locked);
        Assert.False(prijzen.Cells[first, 4].Style.Locked);
        Assert.False(prijzen.Cells[first, 5].Style.Locked);
        Assert.Contains("abnormaal laag", string.Join(" ", workbook.Worksheets[BidTemplateWriter.ToelichtingSheet].Cells["A1:A20"].Select(c => c.Text)));
    }

    [Fact]
    public void A_bid_written_with_the_Open_XML_SDK_reads_like_one_from_the_template()
    {
        var bid = BidIntake.Validate(new MemoryStream(OpenXmlBid()), Tender());

        Assert.Equal(BidStatus.HasErrors, bid.Status);
        Assert.Equal(("AMB", "00123456", "Open XML Zorg"), (bid.Lot, bid.Agb, bid.Name));
        // 45A11 has a cached formula value, 45A12 Dutch text, 45D01 is a duplicate-free plain line; 45A13 twice.
        Assert.Equal([new BidLine("45A11", 70m, 1200m), new BidLine("45A12", 81.5m, 300m), new BidLine("45D01", 95m, 10m)], bid.Lines);
        Assert.Equal(2, bid.Findings.Count(f => f.Code == FindingCodes.DuplicateProduct));
        Assert.Contains(bid.Findings, f => f.Code == FindingCodes.DuplicateProduct && f.Cell == "Blad1!D7");
    }

    [Fact]
    public void A_file_that_is_no_workbook_is_a_rejected_bid_with_its_finding()
    {
        var bid = BidIntake.Validate(new MemoryStream("geen excel"u8.ToArray()), Tender());
        Assert.Equal(BidStatus.Rejected, bid.Status);
        Assert.Equal(FindingCodes.FileUnreadable, Assert.Single(bid.Findings).Code);
    }

    /// <summary>A bid file from another writer: inline and shared strings, an AGB as a number, a formula with its cached value, a moved table.</summary>
    private static byte[] OpenXmlBid()
    {
        using var output = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new X.Workbook();
            X.Cell Text(string reference, string text) =>
                new() { CellReference = reference, DataType = X.CellValues.InlineString, InlineString = new X.InlineString(new X.Text(text)) };
            X.Cell Number(string reference, string number) => new() { CellReference = reference, CellValue = new X.CellValue(number) };

            var sheetPart = workbookPart.AddNewPart<WorksheetPart>();
            sheetPart.Worksheet = new X.Worksheet(new X.SheetData(
                new X.Row(Text("B1", "jeugd-2025-t1")) { RowIndex = 1 },
                new X.Row(Text("B2", "AMB")) { RowIndex = 2 },
                new X.Row(Number("B3", "123456"), Text("D3", " productcode "), Text("E3", "Prijs"), Text("F3", "Volume")) { RowIndex = 3 },
                new X.Row(Text("B4", "Open XML Zorg"), Text("D4", "45A11"),
                    new X.Cell { CellReference = "E4", CellFormula = new X.CellFormula("35*2"), CellValue = new X.CellValue("70") }, Number("F4", "1200")) { RowIndex = 4 },
                new X.Row(Text("D5", "45A12"), Text("E5", "81,50"), Number("F5", "300")) { RowIndex = 5 },
                new X.Row(Text("D6", "45A13"), Number("E6", "90"), Number("F6", "5")) { RowIndex = 6 },
                new X.Row(Text("D7", "45a13"), Number("E7", "91"), Number("F7", "5")) { RowIndex = 7 },
                new X.Row(Text("D8", "45D01"), Number("E8", "95"), Number("F8", "10")) { RowIndex = 8 }));

            var tablePart = sheetPart.AddNewPart<TableDefinitionPart>();
            tablePart.Table = new X.Table(
                new X.AutoFilter { Reference = "D3:F8" },
                new X.TableColumns(
                    new X.TableColumn { Id = 1, Name = "Productcode" },
                    new X.TableColumn { Id = 2, Name = "Prijs" },
                    new X.TableColumn { Id = 3, Name = "Volume" }) { Count = 3 },
                new X.TableStyleInfo { Name = "TableStyleMedium2", ShowRowStripes = true })
            {
                Id = 1, Name = "PRIJZEN", DisplayName = "PRIJZEN", Reference = "D3:F8",
            };
            sheetPart.Worksheet.Append(new X.TableParts(new X.TablePart { Id = sheetPart.GetIdOfPart(tablePart) }) { Count = 1 });

            workbookPart.Workbook.Append(
                new X.Sheets(new X.Sheet { Name = "Blad1", SheetId = 1, Id = workbookPart.GetIdOfPart(sheetPart) }),
                new X.DefinedNames(
                    new X.DefinedName("Blad1!$B$1") { Name = "aanbesteding" },
                    new X.DefinedName("Blad1!$B$2") { Name = BidSchema.Perceel },
                    new X.DefinedName("Blad1!$B$3") { Name = BidSchema.InschrijverAgb },
                    new X.DefinedName("Blad1!$B$4") { Name = BidSchema.InschrijverNaam }));
        }
        return output.ToArray();
    }
}
