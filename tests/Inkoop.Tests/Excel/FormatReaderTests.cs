using Inkoop.Domain.Formats;
using Inkoop.Excel;
using OfficeOpenXml;
using static Inkoop.Tests.Excel.ExcelTestData;

namespace Inkoop.Tests.Excel;

public class FormatReaderTests
{
    [Fact]
    public void Reads_names_and_tables_of_a_workbook_written_by_EPPlus()
    {
        var format = Read(SmallFormat());

        Assert.Equal(new RawCell("Algemeen!B2", "jeugd-2025"), format.Names[FormatSchema.OnderzoekRonde]);
        Assert.Equal(2023m, format.Names[FormatSchema.Peiljaar].Value);
        Assert.Equal(1234567m, format.Names[FormatSchema.AanbiederAgb].Value);
        Assert.Equal("0,06", format.Names[FormatSchema.Verzuim].Value);
        Assert.Equal(0.22m, format.Names[FormatSchema.Overhead].Value);
        Assert.Equal(RawCell.Empty("Algemeen!B7"), format.Names[FormatSchema.AanbiederNaam]);
        Assert.Null(format.Producten);

        var personeel = Assert.IsType<RawTable>(format.Personeel);
        Assert.Equal("Personeel!A3", personeel.HeaderCell);
        Assert.Equal(2, personeel.Rows.Count);
        Assert.Equal(new RawCell("Personeel!A4", "MBO4"), personeel.Rows[0][FormatSchema.Functieniveau]);
        Assert.Equal(10.5m, personeel.Rows[0][FormatSchema.Fte]!.Value);
        Assert.Equal(new RawCell("Personeel!B6", "12,5"), personeel.Rows[1][FormatSchema.Fte]);
        Assert.Equal(46000.5m, personeel.Rows[1][FormatSchema.Brutojaarsalaris]!.Value);
        Assert.Equal(RawCell.Empty("Personeel!D6"), personeel.Rows[1][FormatSchema.Werkgeverslasten]);
    }

    [Fact]
    public void Moved_rows_and_columns_and_extra_sheets_columns_and_names_read_the_same()
    {
        var plain = Read(SmallFormat());
        var moved = Read(SmallFormat(rowOffset: 7, columnOffset: 3, extras: true));

        Assert.Equal("Algemeen!E9", moved.Names[FormatSchema.OnderzoekRonde].Cell);
        foreach (var (name, cell) in plain.Names)
            Assert.Equal(cell.Value, moved.Names[name].Value);
        Assert.True(moved.Names.ContainsKey("Extra_Naam"));

        Assert.Contains("Opmerking", moved.Personeel!.Columns);
        Assert.Equal(plain.Personeel!.Rows.Count, moved.Personeel.Rows.Count);
        for (var i = 0; i < plain.Personeel.Rows.Count; i++)
            foreach (var column in FormatSchema.PersoneelColumns)
                Assert.Equal(plain.Personeel.Rows[i][column.Header]!.Value, moved.Personeel.Rows[i][column.Header]!.Value);
        Assert.Equal("Personeel!F11", moved.Personeel.Rows[0][FormatSchema.Functieniveau]!.Cell);
    }

    [Fact]
    public void Names_tables_and_headers_match_case_insensitively_and_trimmed()
    {
        using var package = new ExcelPackage();
        var sheet = package.Workbook.Worksheets.Add("Blad1");
        sheet.Cells["B1"].Value = "jeugd-2025";
        package.Workbook.Names.Add("ONDERZOEK_RONDE", sheet.Cells["B1"]);
        sheet.Cells["D1"].Value = "  productCODE ";
        sheet.Cells["E1"].Value = "eenheid";
        sheet.Cells["D2"].Value = "45A11";
        sheet.Cells["E2"].Value = "uur";
        sheet.Tables.Add(sheet.Cells["D1:E2"], "PRODUCTEN");

        var format = Read(Save(package));

        Assert.Equal("jeugd-2025", format.Names["Onderzoek_Ronde"].Value);
        var producten = Assert.IsType<RawTable>(format.Producten);
        Assert.Contains(FormatSchema.Productcode, producten.Columns);
        Assert.Equal("45A11", producten.Rows.Single()[FormatSchema.Productcode]!.Value);
        Assert.Equal("uur", producten.Rows.Single()["EENHEID"]!.Value);
    }

    [Fact]
    public void A_totals_row_is_not_a_data_row_and_names_on_ranges_take_the_top_left_cell()
    {
        using var package = new ExcelPackage();
        var sheet = package.Workbook.Worksheets.Add("Blad1");
        sheet.Cells["A1"].Value = FormatSchema.Functieniveau;
        sheet.Cells["B1"].Value = FormatSchema.Fte;
        sheet.Cells["A2"].Value = "WO";
        sheet.Cells["B2"].Value = 3;
        var table = sheet.Tables.Add(sheet.Cells["A1:B3"], FormatSchema.PersoneelTable);
        table.ShowTotal = true;
        table.Columns[1].TotalsRowFunction = OfficeOpenXml.Table.RowFunctions.Sum;
        sheet.Cells["D5"].Value = 1872;
        sheet.Cells["D6"].Value = 99;
        package.Workbook.Names.Add(FormatSchema.ContracturenFte, sheet.Cells["D5:D6"]);
        package.Workbook.Names.AddValue("Constante", 0.5);
        package.Workbook.Names.AddFormula("Formule", "Blad1!$D$5*2");
        package.Workbook.Calculate();

        var format = Read(Save(package));

        Assert.Equal("WO", Assert.Single(format.Personeel!.Rows)[FormatSchema.Functieniveau]!.Value);
        Assert.Equal(new RawCell("Blad1!D5", 1872m), format.Names[FormatSchema.ContracturenFte]);
        Assert.False(format.Names.ContainsKey("Constante"));
        Assert.False(format.Names.ContainsKey("Formule"));
    }

    [Fact]
    public void Values_keep_their_type_and_formulas_count_with_their_stored_value_only()
    {
        using var package = new ExcelPackage();
        var sheet = package.Workbook.Worksheets.Add("Blad1");
        object?[] values =
        [
            true, 0.1 + 0.2, -1e300, 1e300, double.NaN, double.PositiveInfinity, null,
            null, new string('x', 32_000), "", "\t ", 12345678901234567890.0,
        ];
        for (var i = 0; i < values.Length; i++)
        {
            sheet.Cells[i + 1, 1].Value = values[i];
            package.Workbook.Names.Add($"Waarde{i}", sheet.Cells[i + 1, 1]);
        }
        // EPPlus has no public way to write an error value, so let its engine produce them.
        sheet.Cells["A7"].Formula = "1/0";
        sheet.Cells["A8"].Formula = "NA()";
        sheet.Cells["A7:A8"].Calculate();
        sheet.Cells["B1"].Formula = "1/4";
        sheet.Cells["B1"].Calculate();
        package.Workbook.Names.Add("Formule", sheet.Cells["B1"]);
        sheet.Cells["B2"].Formula = "B3*2"; // saved without a result: the reader never calculates
        sheet.Cells["B3"].Value = 21;
        package.Workbook.Names.Add("Ongerekend", sheet.Cells["B2"]);
        sheet.Cells["B4"].Formula = "B4+1"; // circular: cannot be calculated
        package.Workbook.Names.Add("Kringverwijzing", sheet.Cells["B4"]);
        sheet.Cells["B5"].Formula = "1/0";
        package.Workbook.Names.Add("Deling", sheet.Cells["B5"]);

        var names = Read(Save(package)).Names;

        Assert.Equal(true, names["Waarde0"].Value);
        Assert.Equal(0.3m, names["Waarde1"].Value);
        Assert.Equal(new CellError("#NUM!"), names["Waarde2"].Value);
        Assert.Equal(new CellError("#NUM!"), names["Waarde3"].Value);
        Assert.Equal(new CellError("#NUM!"), names["Waarde4"].Value);
        Assert.Equal(new CellError("#NUM!"), names["Waarde5"].Value);
        Assert.Equal(new CellError("#DIV/0!"), names["Waarde6"].Value);
        Assert.Equal(new CellError("#N/A"), names["Waarde7"].Value);
        Assert.Equal(32_000, Assert.IsType<string>(names["Waarde8"].Value).Length);
        Assert.Null(names["Waarde9"].Value);
        Assert.Null(names["Waarde10"].Value);
        Assert.IsType<decimal>(names["Waarde11"].Value);
        Assert.Equal(0.25m, names["Formule"].Value);
        Assert.Same(UncalculatedFormula.Instance, names["Ongerekend"].Value);
        Assert.Same(UncalculatedFormula.Instance, names["Kringverwijzing"].Value);
        Assert.Same(UncalculatedFormula.Instance, names["Deling"].Value);
    }

    [Theory]
    [InlineData("d-m-yyyy")]
    [InlineData("dd/mm/yyyy hh:mm")]
    [InlineData("[$-413]d mmmm yyyy")]
    public void Dates_in_custom_number_formats_come_back_as_dates(string numberFormat)
    {
        // Excel stores a date as a serial number; its number format (built-in or custom) makes it a date.
        using var package = new ExcelPackage();
        var sheet = package.Workbook.Worksheets.Add("Blad1");
        sheet.Cells["A1"].Value = new DateTime(2023, 1, 1);
        sheet.Cells["A1"].Style.Numberformat.Format = numberFormat;
        package.Workbook.Names.Add("Datum", sheet.Cells["A1"]);
        sheet.Cells["A2"].Value = 44927;
        sheet.Cells["A2"].Style.Numberformat.Format = "#,##0.00 \"dagen\"";
        package.Workbook.Names.Add("Getal", sheet.Cells["A2"]);

        var names = Read(Save(package)).Names;

        Assert.Equal(new DateTime(2023, 1, 1), names["Datum"].Value);
        Assert.Equal(44927m, names["Getal"].Value);
    }
}
