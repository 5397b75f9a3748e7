namespace Inkoop.Excel;

/// <summary>
/// Text that someone else typed (a provider's name, a file name, a finding's value, a region's product name) as every
/// workbook we write stores it: a text that would start a formula (<c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, their
/// full-width forms, tab or carriage return) gets a leading apostrophe in the value itself (OWASP, CSV injection). Excel's
/// quote prefix alone is a cell style and is lost when a workbook is saved as CSV; the apostrophe stays, so the text stays
/// text in Excel and in any CSV made from it.
/// </summary>
public static class SpreadsheetText
{
    public static string Safe(string text) => text.Length > 0 && StartsFormula(text[0]) ? "'" + text : text;

    private static bool StartsFormula(char c) => c is '=' or '+' or '-' or '@' or '\t' or '\r' or '＝' or '＋' or '－' or '＠';
}
