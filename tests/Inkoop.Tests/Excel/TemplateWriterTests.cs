using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Inkoop.Domain.Formats;
using Inkoop.Excel;
using OfficeOpenXml;
using OfficeOpenXml.DataValidation;
using static Inkoop.Tests.Excel.ExcelTestData;

namespace Inkoop.Tests.Excel;

public class TemplateWriterTests
{
    [Fact]
    public void The_empty_template_reads_back_with_every_name_and_both_tables()
    {
        var format = Read(Template());

        foreach (var variable in FormatSchema.SingleValues)
            Assert.True(format.Names.ContainsKey(variable.Name), variable.Name);
        Assert.Equal("jeugd-2025", format.Names[FormatSchema.OnderzoekRonde].Value);
        Assert.Equal(2023m, format.Names[FormatSchema.Peiljaar].Value);
        Assert.Null(format.Names[FormatSchema.AanbiederAgb].Value);

        var personeel = Assert.IsType<RawTable>(format.Personeel);
        Assert.Equal(FormatSchema.PersoneelColumns.Select(c => c.Header).Order(), personeel.Columns.Order());
        Assert.Equal(FormatSchema.Levels, personeel.Rows.Select(r => r[FormatSchema.Functieniveau]!.Value));
        Assert.All(personeel.Rows, r => Assert.Null(r[FormatSchema.Fte]!.Value));

        var producten = Assert.IsType<RawTable>(format.Producten);
        Assert.True(producten.Columns.SetEquals(FormatSchema.ProductenColumns.Select(c => c.Header)));
        Assert.Empty(producten.Rows);
    }

    [Fact]
    public void A_filled_template_reads_back_the_filled_values()
    {
        var values = new FormatValues(
            new Dictionary<string, object?>
            {
                [FormatSchema.AanbiederAgb] = "01234567",
                [FormatSchema.AanbiederNaam] = "Zorg B.V.",
                [FormatSchema.Verzuim] = 0.06,
                [FormatSchema.ContracturenFte] = 1872,
                [FormatSchema.MaterieelUur] = 3.5,
            },
            [
                new Dictionary<string, object?> { [FormatSchema.Fte] = 10, [FormatSchema.Brutojaarsalaris] = 38000, [FormatSchema.Werkgeverslasten] = 0.3 },
            ],
            [
                new Dictionary<string, object?> { [FormatSchema.Productcode] = "45A11", [FormatSchema.Eenheid] = "uur", [FormatSchema.Volume] = 12000, ["Aandeel_HBO"] = 1 },
                new Dictionary<string, object?>(),
                new Dictionary<string, object?> { [FormatSchema.Productcode] = "44V11", [FormatSchema.Eenheid] = "etmaal", [FormatSchema.Bezetting] = 0.9 },
            ]);
        using var filled = new MemoryStream();
        FormatFiller.Fill(new MemoryStream(Template()), values, filled);

        var format = Read(filled.ToArray());

        Assert.Equal("01234567", format.Names[FormatSchema.AanbiederAgb].Value);
        Assert.Equal("Zorg B.V.", format.Names[FormatSchema.AanbiederNaam].Value);
        Assert.Equal(0.06m, format.Names[FormatSchema.Verzuim].Value);
        Assert.Equal(1872m, format.Names[FormatSchema.ContracturenFte].Value);
        Assert.Equal(3.5m, format.Names[FormatSchema.MaterieelUur].Value);
        Assert.Equal("jeugd-2025", format.Names[FormatSchema.OnderzoekRonde].Value);
        var mbo3 = format.Personeel!.Rows[0];
        Assert.Equal("MBO3", mbo3[FormatSchema.Functieniveau]!.Value);
        Assert.Equal(10m, mbo3[FormatSchema.Fte]!.Value);
        Assert.Equal(0.3m, mbo3[FormatSchema.Werkgeverslasten]!.Value);
        Assert.Equal(2, format.Producten!.Rows.Count);
        Assert.Equal("45A11", format.Producten.Rows[0][FormatSchema.Productcode]!.Value);
        Assert.Equal(1m, format.Producten.Rows[0]["Aandeel_HBO"]!.Value);
        Assert.Null(format.Producten.Rows[0]["Aandeel_WO"]!.Value);
        Assert.Equal(0.9m, format.Producten.Rows[1][FormatSchema.Bezetting]!.Value);
        Assert.Equal("Producten!A7", format.Producten.Rows[1][FormatSchema.Productcode]!.Cell);
    }

    [Fact]
    public void The_template_has_the_catalogue_dropdowns_formats_and_protection()
    {
        var round = Round(products: 14);
        using var package = new ExcelPackage(new MemoryStream(Template(round)));
        var sheets = package.Workbook.Worksheets;
        Assert.Equal(
            [TemplateWriter.ToelichtingSheet, TemplateWriter.AlgemeenSheet, TemplateWriter.PersoneelSheet, TemplateWriter.ProductenSheet, TemplateWriter.ProductenlijstSheet],
            sheets.Select(s => s.Name));
        Assert.All(sheets, s => Assert.True(s.Protection.IsProtected, s.Name));

        var catalogue = sheets[TemplateWriter.ProductenlijstSheet];
        for (var i = 0; i < round.Products.Count; i++)
        {
            Assert.Equal(round.Products[i].Code, catalogue.Cells[i + 2, 1].Text);
            Assert.Equal(round.Products[i].Name, catalogue.Cells[i + 2, 2].Text);
            Assert.Equal(Units.Name(round.Products[i].Unit), catalogue.Cells[i + 2, 3].Text);
        }
        var codes = package.Workbook.Names[TemplateWriter.ProductcodesName];
        Assert.Equal($"'{TemplateWriter.ProductenlijstSheet}'!$A$2:$A${round.Products.Count + 1}", codes.FullAddressAbsolute);

        var producten = sheets[TemplateWriter.ProductenSheet];
        var table = producten.Tables[FormatSchema.ProductenTable];
        Assert.Equal(round.Products.Count, table.Address.Rows - 1);
        var lists = producten.DataValidations.OfType<ExcelDataValidationList>().ToList();
        Assert.Contains(lists, v => v.Formula.ExcelFormula == TemplateWriter.ProductcodesName && v.Address.Rows == round.Products.Count);
        Assert.Contains(lists, v => v.Formula.Values.SequenceEqual(["uur", "dagdeel", "etmaal"]));

        var firstRow = table.Address.Start.Row + 1;
        Assert.False(producten.Cells[firstRow, 1].Style.Locked);
        Assert.Equal("0.0%", producten.Cells[firstRow, 4].Style.Numberformat.Format);

        var algemeen = sheets[TemplateWriter.AlgemeenSheet];
        ExcelRangeBase Named(string name)
        {
            var n = package.Workbook.Names[name];
            return algemeen.Cells[n.Start.Row, n.Start.Column];
        }
        Assert.False(Named(FormatSchema.Verzuim).Style.Locked);
        Assert.Equal("0.0%", Named(FormatSchema.Verzuim).Style.Numberformat.Format);
        Assert.Equal("#,##0.00", Named(FormatSchema.MaterieelUur).Style.Numberformat.Format);
        Assert.Equal("@", Named(FormatSchema.AanbiederAgb).Style.Numberformat.Format);
        Assert.True(Named(FormatSchema.OnderzoekRonde).Style.Locked);

        var explanation = sheets[TemplateWriter.ToelichtingSheet];
        var texts = explanation.Cells[explanation.Dimension.Address].Select(c => c.Text).ToList();
        Assert.Contains(texts, t => t.Contains("15 september 2023"));
        Assert.Contains(texts, t => t.Contains("31% is hetzelfde als 0,31"));
        Assert.All(FormatSchema.ProductenColumns, c => Assert.Contains(c.Header, texts));
    }

    [Fact]
    public void A_small_catalogue_still_gets_ten_product_rows()
    {
        using var package = new ExcelPackage(new MemoryStream(Template(Round(products: 3))));
        var table = package.Workbook.Worksheets[TemplateWriter.ProductenSheet].Tables[FormatSchema.ProductenTable];
        Assert.Equal(TemplateWriter.MinimumProductRows, table.Address.Rows - 1);
    }

    [Fact]
    public void The_template_is_valid_Open_XML()
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(Template()), false);
        var errors = new OpenXmlValidator().Validate(document).Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}").ToList();
        Assert.Empty(errors);
    }

    [Fact]
    public void Odd_values_in_every_input_cell_read_without_exception()
    {
        var random = new Random(20250101);
        object?[] odd =
        [
            true, false, new DateTime(2023, 2, 29 - 1), 1e300, -1e300, double.Epsilon, 79228162514264337593543950335.0,
            new string('€', 32_000), "   ", "", "=1+1", "#DIV/0!", -0.0, 12345678901234567890.0, "€ 38.000,50", "6%",
        ];
        var template = Template();
        using var package = new ExcelPackage(new MemoryStream(template));
        foreach (var name in package.Workbook.Names)
            name.Worksheet.Cells[name.Start.Row, name.Start.Column].Value = odd[random.Next(odd.Length)];
        foreach (var table in package.Workbook.Worksheets.SelectMany(s => s.Tables))
            for (var row = table.Address.Start.Row + 1; row <= table.Address.End.Row; row++)
                for (var column = table.Address.Start.Column; column <= table.Address.End.Column; column++)
                    table.WorkSheet.Cells[row, column].Value = odd[random.Next(odd.Length)];
        package.Workbook.Worksheets[TemplateWriter.AlgemeenSheet].Cells["B6"].Formula = "1/0";

        var format = Read(Save(package));

        Assert.Equal(FormatSchema.Levels.Count, format.Personeel!.Rows.Count(r => r.Cells.Count == FormatSchema.PersoneelColumns.Count));
        Assert.All(format.Names.Values.Concat(format.Producten!.Rows.SelectMany(r => r.Cells.Values)),
            cell => Assert.True(cell.Value is null or string or decimal or bool or DateTime or CellError or UncalculatedFormula, cell.ToString()));
        // Formulas are never evaluated: EPPlus saved B6 without a result.
        Assert.Contains(format.Names.Values, cell => cell.Cell == $"{TemplateWriter.AlgemeenSheet}!B6" && cell.Value is UncalculatedFormula);
    }
}
