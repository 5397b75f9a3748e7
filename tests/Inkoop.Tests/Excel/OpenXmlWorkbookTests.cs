using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using Inkoop.Domain.Formats;
using OfficeOpenXml;
using X = DocumentFormat.OpenXml.Spreadsheet;
using static Inkoop.Tests.Excel.ExcelTestData;

namespace Inkoop.Tests.Excel;

/// <summary>
/// Formats come from other tools too. This one is written with the Open XML SDK, which stores
/// values the way Excel, openpyxl and exceljs do (shared and inline strings, formulas with their
/// stored results), and must read exactly like the same content written by EPPlus.
/// </summary>
public class OpenXmlWorkbookTests
{
    [Fact]
    public void A_workbook_written_with_the_Open_XML_SDK_reads_like_one_written_by_EPPlus()
    {
        var fromOpenXml = Read(OpenXmlWorkbook());
        var fromEpplus = Read(EpplusWorkbook());

        AssertExpected(fromOpenXml);
        AssertExpected(fromEpplus);
        Assert.Equal(fromEpplus.Names.Count, fromOpenXml.Names.Count);
        foreach (var (name, cell) in fromEpplus.Names)
            Assert.Equal(cell, fromOpenXml.Names[name]);
        Assert.True(fromEpplus.Personeel!.Columns.SetEquals(fromOpenXml.Personeel!.Columns));
        Assert.Equal(fromEpplus.Personeel.HeaderCell, fromOpenXml.Personeel.HeaderCell);
        Assert.Equal(fromEpplus.Personeel.Rows.Count, fromOpenXml.Personeel.Rows.Count);
        for (var i = 0; i < fromEpplus.Personeel.Rows.Count; i++)
            foreach (var (column, cell) in fromEpplus.Personeel.Rows[i].Cells)
                Assert.Equal(cell, fromOpenXml.Personeel.Rows[i][column]);
    }

    private static void AssertExpected(RawFormat format)
    {
        Assert.Equal(new RawCell("Data!B1", "jeugd-2025"), format.Names[FormatSchema.OnderzoekRonde]);
        Assert.Equal(new RawCell("Data!B2", 2023m), format.Names[FormatSchema.Peiljaar]);
        Assert.Equal(new RawCell("Data!B3", 1234567m), format.Names[FormatSchema.AanbiederAgb]);
        Assert.Equal(new RawCell("Data!B4", "0,06"), format.Names[FormatSchema.Verzuim]);
        Assert.Equal(new RawCell("Data!B5", 0.2m), format.Names[FormatSchema.Overhead]);
        Assert.Equal(new RawCell("Data!B7", 1836.5m), format.Names[FormatSchema.ContracturenFte]);
        Assert.Equal(new RawCell("Data!B8", true), format.Names["Vinkje"]);
        Assert.Equal(new RawCell("Data!B9", new CellError("#DIV/0!")), format.Names["Fout"]);
        Assert.Equal(new RawCell("Data!B2", 2023m), format.Names["Bereik"]);
        Assert.False(format.Names.ContainsKey("Kapot"));
        Assert.False(format.Names.ContainsKey("Lokaal"));

        var personeel = Assert.IsType<RawTable>(format.Personeel);
        Assert.Equal("Data!D1", personeel.HeaderCell);
        Assert.Equal(2, personeel.Rows.Count);
        Assert.Equal("MBO3", personeel.Rows[0][FormatSchema.Functieniveau]!.Value);
        Assert.Equal(10m, personeel.Rows[0][FormatSchema.Fte]!.Value);
        Assert.Equal(38000m, personeel.Rows[0][FormatSchema.Brutojaarsalaris]!.Value);
        Assert.Equal(0.25m, personeel.Rows[0][FormatSchema.Werkgeverslasten]!.Value);
        Assert.Equal(new RawCell("Data!E3", "12,5"), personeel.Rows[1][FormatSchema.Fte]);
        Assert.Equal(new RawCell("Data!F3", 39000m), personeel.Rows[1][FormatSchema.Brutojaarsalaris]);
        Assert.Equal(RawCell.Empty("Data!G3"), personeel.Rows[1][FormatSchema.Werkgeverslasten]);
    }

    private static byte[] EpplusWorkbook()
    {
        using var package = new ExcelPackage();
        var sheet = package.Workbook.Worksheets.Add("Data");
        var names = package.Workbook.Names;
        sheet.Cells["B1"].Value = "jeugd-2025";
        sheet.Cells["B2"].Value = 2023;
        sheet.Cells["B3"].Value = 1234567;
        sheet.Cells["B4"].Value = "0,06";
        sheet.Cells["B6"].Value = 0.1;
        sheet.Cells["B5"].Formula = "B6*2";
        sheet.Cells["B5"].Calculate();
        sheet.Cells["B7"].Value = 1836.5;
        sheet.Cells["B8"].Value = true;
        sheet.Cells["B9"].Formula = "1/0";
        sheet.Cells["B9"].Calculate();
        names.Add(FormatSchema.OnderzoekRonde, sheet.Cells["B1"]);
        names.Add(FormatSchema.Peiljaar, sheet.Cells["B2"]);
        names.Add(FormatSchema.AanbiederAgb, sheet.Cells["B3"]);
        names.Add(FormatSchema.Verzuim, sheet.Cells["B4"]);
        names.Add(FormatSchema.Overhead, sheet.Cells["B5"]);
        names.Add(FormatSchema.ContracturenFte, sheet.Cells["B7"]);
        names.Add("Vinkje", sheet.Cells["B8"]);
        names.Add("Fout", sheet.Cells["B9"]);
        names.Add("Bereik", sheet.Cells["B2:B4"]);

        sheet.Cells["D1"].Value = FormatSchema.Functieniveau;
        sheet.Cells["E1"].Value = FormatSchema.Fte;
        sheet.Cells["F1"].Value = FormatSchema.Brutojaarsalaris;
        sheet.Cells["G1"].Value = FormatSchema.Werkgeverslasten;
        sheet.Cells["D2"].Value = "MBO3";
        sheet.Cells["E2"].Value = 10;
        sheet.Cells["F2"].Value = 38000;
        sheet.Cells["G2"].Value = 0.25;
        sheet.Cells["D3"].Value = "HBO";
        sheet.Cells["E3"].Value = "12,5";
        sheet.Cells["F3"].Value = 39000;
        sheet.Cells["D4"].Value = "   ";
        sheet.Tables.Add(sheet.Cells["D1:G4"], FormatSchema.PersoneelTable);
        return Save(package);
    }

    internal static byte[] OpenXmlWorkbook()
    {
        using var output = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new X.Workbook();
            var strings = workbookPart.AddNewPart<SharedStringTablePart>();
            strings.SharedStringTable = new X.SharedStringTable();
            string Shared(string text)
            {
                strings.SharedStringTable.AppendChild(new X.SharedStringItem(new X.Text(text) { Space = SpaceProcessingModeValues.Preserve }));
                return (strings.SharedStringTable.ChildElements.Count - 1).ToString();
            }
            X.Cell SharedCell(string reference, string text) =>
                new() { CellReference = reference, DataType = X.CellValues.SharedString, CellValue = new X.CellValue(Shared(text)) };
            X.Cell Number(string reference, string number) => new() { CellReference = reference, CellValue = new X.CellValue(number) };

            var sheetPart = workbookPart.AddNewPart<WorksheetPart>();
            var data = new X.SheetData(
                new X.Row(
                    new X.Cell { CellReference = "B1", DataType = X.CellValues.InlineString, InlineString = new X.InlineString(new X.Text("jeugd-2025")) },
                    SharedCell("D1", " functieniveau "), SharedCell("E1", FormatSchema.Fte),
                    SharedCell("F1", FormatSchema.Brutojaarsalaris), SharedCell("G1", FormatSchema.Werkgeverslasten)) { RowIndex = 1 },
                new X.Row(Number("B2", "2023"), SharedCell("D2", "MBO3"), Number("E2", "10"), Number("F2", "38000"), Number("G2", "0.25")) { RowIndex = 2 },
                new X.Row(
                    Number("B3", "1234567"), SharedCell("D3", "HBO"), SharedCell("E3", "12,5"),
                    new X.Cell { CellReference = "F3", CellFormula = new X.CellFormula("F2+1000"), CellValue = new X.CellValue("39000") }) { RowIndex = 3 },
                new X.Row(SharedCell("B4", "0,06"), SharedCell("D4", "   ")) { RowIndex = 4 },
                new X.Row(new X.Cell { CellReference = "B5", CellFormula = new X.CellFormula("B6*2"), CellValue = new X.CellValue("0.2") }) { RowIndex = 5 },
                new X.Row(Number("B6", "0.1")) { RowIndex = 6 },
                new X.Row(Number("B7", "1836.5")) { RowIndex = 7 },
                new X.Row(new X.Cell { CellReference = "B8", DataType = X.CellValues.Boolean, CellValue = new X.CellValue("1") }) { RowIndex = 8 },
                new X.Row(new X.Cell { CellReference = "B9", DataType = X.CellValues.Error, CellValue = new X.CellValue("#DIV/0!") }) { RowIndex = 9 });
            sheetPart.Worksheet = new X.Worksheet(data);

            var tablePart = sheetPart.AddNewPart<TableDefinitionPart>();
            tablePart.Table = new X.Table(
                new X.AutoFilter { Reference = "D1:G4" },
                new X.TableColumns(
                    new X.TableColumn { Id = 1, Name = FormatSchema.Functieniveau },
                    new X.TableColumn { Id = 2, Name = FormatSchema.Fte },
                    new X.TableColumn { Id = 3, Name = FormatSchema.Brutojaarsalaris },
                    new X.TableColumn { Id = 4, Name = FormatSchema.Werkgeverslasten }) { Count = 4 },
                new X.TableStyleInfo { Name = "TableStyleMedium2", ShowRowStripes = true })
            {
                Id = 1, Name = "personeel", DisplayName = "personeel", Reference = "D1:G4",
            };
            sheetPart.Worksheet.Append(new X.TableParts(new X.TablePart { Id = sheetPart.GetIdOfPart(tablePart) }) { Count = 1 });

            workbookPart.Workbook.Append(
                new X.Sheets(new X.Sheet { Name = "Data", SheetId = 1, Id = workbookPart.GetIdOfPart(sheetPart) }),
                new X.DefinedNames(
                    new X.DefinedName("Data!$B$1") { Name = FormatSchema.OnderzoekRonde },
                    new X.DefinedName("Data!$B$2") { Name = "peiljaar" },
                    new X.DefinedName("Data!$B$3") { Name = FormatSchema.AanbiederAgb },
                    new X.DefinedName("Data!$B$4") { Name = FormatSchema.Verzuim },
                    new X.DefinedName("Data!$B$5") { Name = FormatSchema.Overhead },
                    new X.DefinedName("Data!$B$7") { Name = FormatSchema.ContracturenFte },
                    new X.DefinedName("Data!$B$8") { Name = "Vinkje" },
                    new X.DefinedName("Data!$B$9") { Name = "Fout" },
                    new X.DefinedName("Data!$B$2:$B$4") { Name = "Bereik" },
                    new X.DefinedName("#REF!") { Name = "Kapot" },
                    new X.DefinedName("Data!$B$1") { Name = "Lokaal", LocalSheetId = 0 }));
        }
        return output.ToArray();
    }
}
