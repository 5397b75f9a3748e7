using System.Drawing;
using Inkoop.Domain.Formats;
using Inkoop.Domain.Rounds;
using OfficeOpenXml;
using OfficeOpenXml.DataValidation;
using OfficeOpenXml.DataValidation.Contracts;
using OfficeOpenXml.Style;
using OfficeOpenXml.Table;

namespace Inkoop.Excel;

/// <summary>
/// Writes the empty v1 format of a round: an explanation, the single values on defined names,
/// the tables <c>Personeel</c> and <c>Producten</c>, and the round's product list for the dropdown.
/// Sheets are protected without password so providers only type into the input cells, yet can
/// unprotect when their own way of working needs it (the reader does not depend on protection).
/// </summary>
public static class TemplateWriter
{
    public const string ToelichtingSheet = "Toelichting";
    public const string AlgemeenSheet = "Algemeen";
    public const string PersoneelSheet = "Personeel";
    public const string ProductenSheet = "Producten";
    public const string ProductenlijstSheet = "Productenlijst";

    /// <summary>Workbook-scoped name of the catalogue's code column, the source of the Productcode dropdown.</summary>
    public const string ProductcodesName = "Productenlijst_Codes";

    public const int MinimumProductRows = 10;

    /// <summary>Row of the table headers on the Personeel and Producten sheets (rows above hold a title and hint).</summary>
    internal const int TableHeaderRow = 4;

    internal const string PercentFormat = "0.0%";
    internal const string MoneyFormat = "#,##0.00";
    internal const string IntegerFormat = "0";
    internal const string TextFormat = "@";

    private static readonly Color InputFill = Color.FromArgb(255, 255, 242, 204);
    private static readonly Color FixedFill = Color.FromArgb(255, 231, 230, 230);

    public static void Write(RoundConfiguration round, Stream output)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(output);

        using var package = new ExcelPackage();
        var workbook = package.Workbook;
        workbook.Properties.Title = $"{round.Name} - format {FormatSchema.Version}";

        TemplateExplanation.Write(workbook.Worksheets.Add(ToelichtingSheet), round);
        WriteAlgemeen(workbook.Worksheets.Add(AlgemeenSheet), round);
        WritePersoneel(workbook.Worksheets.Add(PersoneelSheet));
        var producten = workbook.Worksheets.Add(ProductenSheet);
        WriteProductenlijst(workbook.Worksheets.Add(ProductenlijstSheet), round);
        WriteProducten(producten, round);

        package.SaveAs(output);
    }

    private static void WriteAlgemeen(ExcelWorksheet sheet, RoundConfiguration round)
    {
        Title(sheet, "Algemene gegevens", "Vult u de gele cellen in. Ronde en peiljaar zijn al ingevuld.");
        Header(sheet.Cells[TableHeaderRow, 1, TableHeaderRow, 3], "Gegeven", "Invoer", "Toelichting");

        var row = TableHeaderRow + 1;
        foreach (var variable in FormatSchema.SingleValues)
        {
            sheet.Cells[row, 1].Value = variable.Name;
            sheet.Cells[row, 3].Value = variable.Meaning + KindHint(variable.Kind);
            var input = sheet.Cells[row, 2];
            Format(input, variable.Kind);
            // Round and year identify the format: a provider who changed them would see the
            // whole file rejected, so they are filled in and locked.
            var prefilled = PrefilledValue(variable.Name, round);
            if (prefilled is null)
                MarkInput(input);
            else
            {
                input.Value = prefilled;
                input.Style.Fill.PatternType = ExcelFillStyle.Solid;
                input.Style.Fill.BackgroundColor.SetColor(FixedFill);
            }
            sheet.Workbook.Names.Add(variable.Name, input);
            row++;
        }

        sheet.Cells[TableHeaderRow + 1, 3, row - 1, 3].Style.WrapText = true;
        SetWidths(sheet, 26, 28, 80);
        Protect(sheet);
    }

    private static object? PrefilledValue(string name, RoundConfiguration round) => name switch
    {
        FormatSchema.OnderzoekRonde => round.Round,
        FormatSchema.Peiljaar => round.ReferenceYear,
        _ => null,
    };

    private static void WritePersoneel(ExcelWorksheet sheet)
    {
        Title(sheet, "Personeel per functieniveau",
            "Vult u per functieniveau het aantal fte, het brutojaarsalaris per fte en de werkgeverslasten in.");
        var columns = FormatSchema.PersoneelColumns;
        var lastRow = TableHeaderRow + FormatSchema.Levels.Count;
        AddTable(sheet, FormatSchema.PersoneelTable, columns, lastRow);

        for (var i = 0; i < FormatSchema.Levels.Count; i++)
        {
            var row = TableHeaderRow + 1 + i;
            sheet.Cells[row, 1].Value = FormatSchema.Levels[i];
            for (var c = 1; c < columns.Count; c++)
                MarkInput(sheet.Cells[row, c + 1]);
        }

        SetWidths(sheet, [.. columns.Select(c => (double)Math.Max(14, c.Header.Length + 4))]);
        Protect(sheet);
    }

    private static void WriteProducten(ExcelWorksheet sheet, RoundConfiguration round)
    {
        Title(sheet, "Producten",
            "Vult u per product dat u levert één regel in. Kies de productcode uit de lijst; de aandelen per product tellen samen op tot 100%.");
        var columns = FormatSchema.ProductenColumns;
        var rowCount = Math.Max(MinimumProductRows, round.Products.Count);
        var lastRow = TableHeaderRow + rowCount;
        AddTable(sheet, FormatSchema.ProductenTable, columns, lastRow);
        MarkInput(sheet.Cells[TableHeaderRow + 1, 1, lastRow, columns.Count]);

        var codeColumn = IndexOf(columns, FormatSchema.Productcode);
        if (round.Products.Count > 0)
        {
            var codes = sheet.DataValidations.AddListValidation(
                sheet.Cells[TableHeaderRow + 1, codeColumn, lastRow, codeColumn].Address);
            codes.Formula.ExcelFormula = ProductcodesName;
            Strict(codes, "Onbekende productcode", "Kies een productcode uit het tabblad Productenlijst.");
        }

        var unitColumn = IndexOf(columns, FormatSchema.Eenheid);
        var units = sheet.DataValidations.AddListValidation(
            sheet.Cells[TableHeaderRow + 1, unitColumn, lastRow, unitColumn].Address);
        foreach (var unit in Enum.GetValues<Unit>())
            units.Formula.Values.Add(Units.Name(unit));
        Strict(units, "Onbekende eenheid", "Kies uur, dagdeel of etmaal.");

        SetWidths(sheet, [.. columns.Select(c => (double)Math.Max(12, c.Header.Length + 4))]);
        Protect(sheet);
    }

    private static void WriteProductenlijst(ExcelWorksheet sheet, RoundConfiguration round)
    {
        Header(sheet.Cells[1, 1, 1, 3], FormatSchema.Productcode, "Naam", FormatSchema.Eenheid);
        var row = 2;
        foreach (var product in round.Products)
        {
            sheet.Cells[row, 1].Value = product.Code;
            sheet.Cells[row, 2].Value = SpreadsheetText.Safe(product.Name);
            sheet.Cells[row, 3].Value = Units.Name(product.Unit);
            row++;
        }
        if (round.Products.Count > 0)
            sheet.Workbook.Names.Add(ProductcodesName, sheet.Cells[2, 1, row - 1, 1]);
        SetWidths(sheet, 16, 50, 12);
        Protect(sheet);
    }

    private static void AddTable(ExcelWorksheet sheet, string name, IReadOnlyList<TableColumn> columns, int lastRow)
    {
        // Header cells first: EPPlus takes the table's column names from them.
        for (var c = 0; c < columns.Count; c++)
            sheet.Cells[TableHeaderRow, c + 1].Value = columns[c].Header;
        var table = sheet.Tables.Add(sheet.Cells[TableHeaderRow, 1, lastRow, columns.Count], name);
        table.TableStyle = TableStyles.Medium2;
        table.ShowFilter = false;
        for (var c = 0; c < columns.Count; c++)
        {
            table.Columns[c].Name = columns[c].Header;
            Format(sheet.Cells[TableHeaderRow + 1, c + 1, lastRow, c + 1], columns[c].Kind);
        }
    }

    private static int IndexOf(IReadOnlyList<TableColumn> columns, string header) =>
        columns.Select((c, i) => (c, i)).First(x => x.c.Header == header).i + 1;

    private static void Format(ExcelRange cells, ValueKind kind)
    {
        cells.Style.Numberformat.Format = kind switch
        {
            ValueKind.Fraction => PercentFormat,
            ValueKind.Money => MoneyFormat,
            ValueKind.Integer => IntegerFormat,
            // Text format keeps the leading zero of an AGB-code or KvK-number as typed.
            ValueKind.Text => TextFormat,
            _ => "General",
        };
    }

    internal static string KindHint(ValueKind kind) => kind switch
    {
        ValueKind.Fraction => " (percentage, bijvoorbeeld 31% of 0,31)",
        ValueKind.Money => " (bedrag in euro)",
        ValueKind.Integer => " (geheel getal)",
        _ => "",
    };

    internal static void MarkInput(ExcelRange cells)
    {
        cells.Style.Locked = false;
        cells.Style.Fill.PatternType = ExcelFillStyle.Solid;
        cells.Style.Fill.BackgroundColor.SetColor(InputFill);
    }

    private static void Strict(IExcelDataValidationList validation, string title, string message)
    {
        validation.ShowErrorMessage = true;
        validation.ErrorStyle = ExcelDataValidationWarningStyle.stop;
        validation.ErrorTitle = title;
        validation.Error = message;
        validation.AllowBlank = true;
    }

    internal static void Title(ExcelWorksheet sheet, string title, string hint)
    {
        sheet.Cells[1, 1].Value = title;
        sheet.Cells[1, 1].Style.Font.Bold = true;
        sheet.Cells[1, 1].Style.Font.Size = 14;
        sheet.Cells[2, 1].Value = hint;
        sheet.Cells[2, 1].Style.Font.Italic = true;
    }

    internal static void Header(ExcelRange cells, params string[] texts)
    {
        for (var i = 0; i < texts.Length; i++)
            cells.Worksheet.Cells[cells.Start.Row, cells.Start.Column + i].Value = texts[i];
        cells.Style.Font.Bold = true;
    }

    // AutoFitColumns needs libgdiplus, which the servers do not have: widths are set by hand.
    internal static void SetWidths(ExcelWorksheet sheet, params double[] widths)
    {
        for (var i = 0; i < widths.Length; i++)
            sheet.Column(i + 1).Width = widths[i];
    }

    internal static void Protect(ExcelWorksheet sheet)
    {
        sheet.Protection.IsProtected = true;
        sheet.Protection.AllowSelectLockedCells = true;
        sheet.Protection.AllowSelectUnlockedCells = true;
        sheet.Protection.AllowFormatColumns = true;
        sheet.Protection.AllowFormatRows = true;
    }
}
