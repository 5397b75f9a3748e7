using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using Inkoop.Domain.Lumpsums;
using Inkoop.Excel;
using OfficeOpenXml;
using X = DocumentFormat.OpenXml.Spreadsheet;
using static Inkoop.Tests.Lumpsums.LumpsumTestData;

namespace Inkoop.Tests.Lumpsums;

/// <summary>Realisation workbooks: ours, one from the Open XML SDK (another writer), and the variance export.</summary>
public class RealisationWorkbookTests
{
    private static RealisationReport Check(byte[] bytes, string name = "r.xlsx") =>
        RealisationIntake.Validate(name, new MemoryStream(bytes), json: false, Configuration(), Contract);

    [Fact]
    public void A_report_written_with_the_Open_XML_SDK_reads_like_ours()
    {
        using var ours = new MemoryStream();
        RealisationWorkbookWriter.Write(new RealisationKey(2025, 1, "12345678", "AMB"),
            [new("GM0197", "45A11", 12.5m), new("GM0222", "45A12", 3m)], ours);
        var fromOurs = Check(ours.ToArray());
        var fromSdk = Check(OpenXmlReport());

        Assert.Equal(ReportStatus.Accepted, fromOurs.Status);
        Assert.Equal(fromOurs.Key, fromSdk.Key);
        Assert.Equal(fromOurs.Lines, fromSdk.Lines);
        // The SDK file has the AGB as a number (leading zero lost: padded back) and "12,5" as text (a warning).
        Assert.Equal(["NUMBER_AS_TEXT"], FindingCodes(fromSdk).ToList());
        Assert.Equal("Blad1!I3", fromSdk.Findings[0].Cell);
    }

    private static string[] FindingCodes(RealisationReport report) => report.Findings.Select(f => f.Code).ToArray();

    [Fact]
    public void A_file_that_is_no_workbook_or_has_no_table_is_a_rejected_report()
    {
        var broken = Check([0x50, 0x4B, 0x03, 0x04, 1, 2, 3]);
        Assert.Equal((true, "FILE_UNREADABLE"), (broken.IsRejected, broken.Findings.Single().Code));

        using var package = new ExcelPackage();
        package.Workbook.Worksheets.Add("Leeg").Cells[1, 1].Value = "geen tabel";
        var noTable = Check(package.GetAsByteArray());
        Assert.Equal((true, "TABLE_MISSING"), (noTable.IsRejected, noTable.Findings.Single().Code));

        var json = RealisationIntake.Validate("r.json", new MemoryStream("{ kapot"u8.ToArray()), json: true, Configuration(), Contract);
        Assert.Equal((true, "FILE_UNREADABLE"), (json.IsRejected, json.Findings.Single().Code));
    }

    [Fact]
    public void The_variance_export_holds_the_numbers_as_numbers_and_colours_the_status()
    {
        var configuration = Configuration();
        var report = RealisationValidator.Validate("=HYPERLINK(\"x\").xlsx", Table(Row(1, "GM0197", "45A11", 900), Row(1, "GM0222", "45A11", 1)),
            null, configuration, Contract);
        var result = LumpsumVariance.Compute(configuration, 1, RealisationReports.Supersede([report]));
        using var output = new MemoryStream();
        VarianceWorkbookWriter.Write(result, output);

        using var package = new ExcelPackage(new MemoryStream(output.ToArray()));
        var lumpsums = package.Workbook.Worksheets["Lumpsums"];
        var line = result.Lumpsums.Single();
        Assert.Equal("12345678", lumpsums.Cells[4, 1].Value);
        Assert.Equal((double)line.Amount, lumpsums.Cells[4, 3].Value);
        Assert.Equal((double)line.Expected!.Value, lumpsums.Cells[4, 5].Value);
        Assert.Equal((double)line.Realised!.Value, lumpsums.Cells[4, 6].Value);
        Assert.Equal((double)line.VariancePct!.Value, lumpsums.Cells[4, 8].Value);
        Assert.Equal("0.00%", lumpsums.Cells[4, 8].Style.Numberformat.Format);
        Assert.Equal("binnen de band", lumpsums.Cells[4, 9].Value);    // 90,100 against 87,875: +2.5%
        Assert.Equal("FFC6EFCE", lumpsums.Cells[4, 9].Style.Fill.BackgroundColor.Rgb);
        Assert.Null(lumpsums.Cells[4, 11].Value);                      // no settlement before Q4

        var municipalities = package.Workbook.Worksheets["Gemeenten"];
        Assert.Equal("GM0197", municipalities.Cells[2, 3].Value);
        Assert.Equal("boven de band", municipalities.Cells[2, 9].Value);
        Assert.Equal("FFFFC7CE", municipalities.Cells[2, 9].Style.Fill.BackgroundColor.Rgb);
        Assert.Equal("onder de band", municipalities.Cells[3, 9].Value);
        Assert.Equal((double)line.Municipalities[0].Variance!.Value, municipalities.Cells[2, 7].Value);

        var reports = package.Workbook.Worksheets["Rapporten"];
        Assert.Equal("'=HYPERLINK(\"x\").xlsx", reports.Cells[2, 1].Value);
        Assert.True(string.IsNullOrEmpty(reports.Cells[2, 1].Formula));
    }

    /// <summary>Sheet Blad1, table "realisatie" at C2:I4, AGB as a number, one volume as Dutch text, the year as a formula with a cached value.</summary>
    private static byte[] OpenXmlReport()
    {
        using var output = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new X.Workbook();
            X.Cell Text(string reference, string text) =>
                new() { CellReference = reference, DataType = X.CellValues.InlineString, InlineString = new X.InlineString(new X.Text(text)) };
            X.Cell Number(string reference, string number) => new() { CellReference = reference, CellValue = new X.CellValue(number) };
            X.Cell Year(string reference) => new() { CellReference = reference, CellFormula = new X.CellFormula("2024+1"), CellValue = new X.CellValue("2025") };

            var sheetPart = workbookPart.AddNewPart<WorksheetPart>();
            sheetPart.Worksheet = new X.Worksheet(new X.SheetData(
                new X.Row(Text("C2", "jaar"), Text("D2", "Kwartaal"), Text("E2", "AGB"), Text("F2", "Segment"), Text("G2", "Gemeente"),
                    Text("H2", "Productcode"), Text("I2", "Volume")) { RowIndex = 2 },
                new X.Row(Year("C3"), Number("D3", "1"), Number("E3", "12345678"), Text("F3", "amb"), Text("G3", "GM0197"), Text("H3", "45A11"),
                    Text("I3", "12,5")) { RowIndex = 3 },
                new X.Row(Year("C4"), Number("D4", "1"), Number("E4", "12345678"), Text("F4", "AMB"), Text("G4", "gm0222"), Text("H4", "45a12"),
                    Number("I4", "3")) { RowIndex = 4 }));
            var tablePart = sheetPart.AddNewPart<TableDefinitionPart>();
            tablePart.Table = new X.Table(
                new X.AutoFilter { Reference = "C2:I4" },
                new X.TableColumns(RealisationSchema.Columns.Select((c, i) => new X.TableColumn { Id = (uint)i + 1, Name = c })) { Count = 7 })
            {
                Id = 1, Name = "realisatie", DisplayName = "realisatie", Reference = "C2:I4",
            };
            sheetPart.Worksheet.Append(new X.TableParts(new X.TablePart { Id = sheetPart.GetIdOfPart(tablePart) }) { Count = 1 });
            workbookPart.Workbook.Append(new X.Sheets(new X.Sheet { Name = "Blad1", SheetId = 1, Id = workbookPart.GetIdOfPart(sheetPart) }));
        }
        return output.ToArray();
    }
}
