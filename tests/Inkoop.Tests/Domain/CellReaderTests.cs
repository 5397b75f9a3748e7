using Inkoop.Domain.Formats;

namespace Inkoop.Tests.Domain;

/// <summary>The one cell reader of formats, bid files and realisation reports: each finding means the same for all three.</summary>
public class CellReaderTests
{
    private static CellReader Reader() => new("het format van deze ronde", "uploadt u het opnieuw");

    private static RawCell Cell(object? value) => new("Blad1!B2", value);

    [Fact]
    public void A_formula_without_a_result_is_FORMULA_NOT_CALCULATED_whatever_is_read()
    {
        var formula = Cell(UncalculatedFormula.Instance);
        var read = Reader();

        Assert.Null(read.Text(formula, "Naam", required: true, missingCode: FindingCodes.IdentityMissing));
        Assert.Null(read.Agb(formula, "AGB", "ontbreekt", FindingCodes.IdentityMissing));
        Assert.Null(read.Number(formula, "Prijs", ValueKind.Money, required: true));
        Assert.Null(read.Number(formula, "Jaar", ValueKind.Integer, required: false));

        Assert.All(read.Findings, f =>
        {
            Assert.Equal((Severity.Error, FindingCodes.FormulaNotCalculated, "Blad1!B2"), (f.Severity, f.Code, f.Cell));
            Assert.Contains("Excel of LibreOffice", f.Message);
            Assert.Contains("uploadt u het opnieuw", f.Message);
        });
        Assert.Equal(4, read.Findings.Count);
        Assert.Equal(FindingCodes.FormulaNotCalculated, read.Invalid["Prijs"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public void An_empty_required_cell_is_missing_with_its_cell_and_an_optional_one_is_nothing(string? value)
    {
        var read = Reader();
        Assert.Null(read.Number(Cell(value), "Volume", ValueKind.Number, required: true, band: "0 - 10"));
        Assert.Null(read.Number(Cell(value), "Vrij", ValueKind.Number, required: false));

        var finding = Assert.Single(read.Findings);
        Assert.Equal((FindingCodes.RequiredMissing, "Volume", "Blad1!B2", "0 - 10"), (finding.Code, finding.Variable, finding.Cell, finding.Band));
        Assert.Contains("cel Blad1!B2", finding.Message);
    }

    [Fact]
    public void A_value_without_its_name_in_the_workbook_points_to_the_template()
    {
        var read = Reader();
        Assert.Null(read.Number(null, "Overhead", ValueKind.Fraction, required: true));
        var finding = Assert.Single(read.Findings);
        Assert.Equal((FindingCodes.RequiredMissing, null), (finding.Code, finding.Cell));
        Assert.Equal("Het veld Overhead ontbreekt in het werkboek. Gebruikt u het format van deze ronde?", finding.Message);
    }

    [Fact]
    public void Numbers_as_text_warn_and_count_what_is_no_number_is_an_error()
    {
        var read = Reader();
        Assert.Equal(0.06m, read.Number(Cell("6%"), "Verzuim", ValueKind.Fraction, required: true));
        Assert.Null(read.Number(Cell("veel"), "Volume", ValueKind.Number, required: true));
        Assert.Null(read.Number(Cell(new DateTime(2023, 1, 1)), "Peiljaar", ValueKind.Integer, required: true));
        Assert.Null(read.Number(Cell(2023.5m), "Peiljaar2", ValueKind.Integer, required: true));
        Assert.Equal(2023m, read.Number(Cell("2023"), "Jaar", ValueKind.Integer, required: true));

        Assert.Equal(
            [
                (Severity.Warning, FindingCodes.NumberAsText, "6%"), (Severity.Error, FindingCodes.NotANumber, "veel"),
                (Severity.Error, FindingCodes.NotANumber, "01-01-2023"), (Severity.Error, FindingCodes.NotAnInteger, "2023,5"),
                (Severity.Warning, FindingCodes.NumberAsText, "2023"),
            ],
            read.Findings.Select(f => (f.Severity, f.Code, f.Value)));
        Assert.Contains("0,06 (6%)", read.Findings[0].Message);
        Assert.False(read.Invalid.ContainsKey("Verzuim"));
        Assert.Equal(FindingCodes.NotANumber, read.Invalid["Volume"]);
    }

    [Fact]
    public void AGB_codes_are_eight_digits_with_leading_zeros_padded_back()
    {
        var read = Reader();
        Assert.Equal("01234567", read.Agb(Cell(1234567m), "AGB", "ontbreekt"));
        Assert.Equal("12345678", read.Agb(Cell(" 1234 5678 "), "AGB", "ontbreekt"));
        Assert.Null(read.Agb(Cell("1234"), "AGB", "ontbreekt"));
        Assert.Null(read.Agb(Cell(null), "AGB", "De AGB-code ontbreekt.", FindingCodes.IdentityMissing));

        Assert.Equal([FindingCodes.AgbInvalid, FindingCodes.IdentityMissing], read.Findings.Select(f => f.Code));
        Assert.Equal("De AGB-code ontbreekt.", read.Findings[1].Message);
    }

    [Fact]
    public void A_missing_table_and_columns_are_one_finding_each()
    {
        var read = Reader();
        read.TableMissing("Personeel");
        var table = new RawTable("Producten", "Producten!A1", ["Productcode"], []);
        Assert.False(read.RequireColumns(table, ["Productcode", "Eenheid", "Volume"]));
        Assert.True(read.RequireColumns(table, ["productcode "[..^1]]));

        Assert.Equal([(FindingCodes.TableMissing, "Personeel"), (FindingCodes.ColumnMissing, "Eenheid"), (FindingCodes.ColumnMissing, "Volume")],
            read.Findings.Select(f => (f.Code, f.Variable)));
        Assert.Contains("Gnumeric", read.Findings[0].Message);
        Assert.Contains("Excel of LibreOffice", read.Findings[0].Message);
        Assert.Equal("Producten!A1", read.Findings[1].Cell);
    }
}
