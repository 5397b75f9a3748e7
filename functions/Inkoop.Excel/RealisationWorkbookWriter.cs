using Inkoop.Domain.Lumpsums;
using OfficeOpenXml;
using OfficeOpenXml.Table;

namespace Inkoop.Excel;

/// <summary>One row of a realisation report as a provider fills it in.</summary>
public sealed record RealisationRow(string Municipality, string Product, decimal Volume);

/// <summary>
/// A realisation report workbook: sheet <c>Realisatie</c> with table <c>Realisatie</c> (Jaar, Kwartaal, AGB, Segment,
/// Gemeente, Productcode, Volume), one row per municipality and product. Used by the demo and as the example for providers.
/// </summary>
public static class RealisationWorkbookWriter
{
    public static void Write(RealisationKey key, IReadOnlyList<RealisationRow> rows, Stream output)
    {
        using var package = new ExcelPackage();
        var sheet = package.Workbook.Worksheets.Add(RealisationSchema.Table);
        for (var c = 0; c < RealisationSchema.Columns.Count; c++) sheet.Cells[1, c + 1].Value = RealisationSchema.Columns[c];
        for (var r = 0; r < rows.Count; r++)
        {
            var row = r + 2;
            sheet.Cells[row, 1].Value = key.Year;
            sheet.Cells[row, 2].Value = key.Quarter;
            // Text, so the AGB-code keeps its leading zero.
            AnalystCells.Text(sheet.Cells[row, 3], key.Agb);
            AnalystCells.Text(sheet.Cells[row, 4], key.Segment);
            AnalystCells.Text(sheet.Cells[row, 5], rows[r].Municipality);
            AnalystCells.Text(sheet.Cells[row, 6], rows[r].Product);
            sheet.Cells[row, 7].Value = (double)rows[r].Volume;
        }
        var table = sheet.Tables.Add(sheet.Cells[1, 1, Math.Max(2, rows.Count + 1), RealisationSchema.Columns.Count], RealisationSchema.Table);
        table.TableStyle = TableStyles.Medium2;
        sheet.Cells[1, 3, rows.Count + 1, 6].Style.Numberformat.Format = "@";
        package.SaveAs(output);
    }
}
