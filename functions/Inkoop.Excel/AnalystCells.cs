using System.Drawing;
using OfficeOpenXml;
using OfficeOpenXml.Style;

namespace Inkoop.Excel;

/// <summary>
/// The cells of every workbook written for analysts: headers, numbers as numbers with a format, text that never becomes a
/// formula, and coloured status cells.
/// </summary>
internal static class AnalystCells
{
    public const string Money = "#,##0.00";
    public const string Percent = "0.00%";
    public const string Plain = "#,##0.####";

    public static readonly Color Good = Color.FromArgb(0xC6, 0xEF, 0xCE);
    public static readonly Color Attention = Color.FromArgb(0xFF, 0xEB, 0x9C);
    public static readonly Color Bad = Color.FromArgb(0xFF, 0xC7, 0xCE);

    /// <summary>Bold header titles with fixed widths (AutoFitColumns needs libgdiplus); returns the first data row.</summary>
    public static int Header(ExcelWorksheet sheet, int row, string[] titles, int[] widths)
    {
        for (var c = 0; c < titles.Length; c++)
        {
            sheet.Cells[row, c + 1].Value = titles[c];
            sheet.Cells[row, c + 1].Style.Font.Bold = true;
            sheet.Cells[row, c + 1].Style.Border.Bottom.Style = ExcelBorderStyle.Thin;
            sheet.Column(c + 1).Width = widths[c];
        }
        sheet.View.FreezePanes(row + 1, 1);
        return row + 1;
    }

    public static void Number(ExcelRange cell, decimal? value, string format)
    {
        if (value is null) return;
        cell.Value = (double)value.Value;
        cell.Style.Numberformat.Format = format;
    }

    /// <summary>Text stays text (<see cref="SpreadsheetText.Safe"/>), so no one can plant a formula.</summary>
    public static void Text(ExcelRange cell, string? text)
    {
        if (string.IsNullOrEmpty(text)) return;
        cell.Value = SpreadsheetText.Safe(text);
    }

    public static void Fill(ExcelRange cell, Color colour)
    {
        cell.Style.Fill.PatternType = ExcelFillStyle.Solid;
        cell.Style.Fill.BackgroundColor.SetColor(colour);
    }
}
