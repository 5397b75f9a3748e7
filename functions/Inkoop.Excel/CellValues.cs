using System.Globalization;
using System.Text;
using Inkoop.Domain.Formats;

namespace Inkoop.Excel;

/// <summary>A cell as stored in the sheet XML: its type attribute, style, stored text and whether it holds a formula.</summary>
internal sealed class XmlCell
{
    public string? Type;
    public int Style;
    /// <summary>The content of <c>&lt;v&gt;</c> (or of an inline string), null when the cell stores none.</summary>
    public string? Text;
    public bool HasFormula;
    public bool IsInline;
}

/// <summary>
/// Turns a stored cell into the value types of <see cref="RawCell"/>, without interpreting it: text
/// stays text (Dutch numbers included), numbers become decimal, and a formula counts with its stored
/// result only; formulas are never evaluated.
/// </summary>
internal static class CellValues
{
    /// <summary>Excel's own error for a number it cannot represent.</summary>
    private static readonly CellError NumberError = new("#NUM!");

    private static readonly string[] Errors = ["#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"];

    /// <summary>The value of a stored cell. <paramref name="sharedString"/> looks up shared strings by index.</summary>
    public static object? Read(XmlCell cell, Func<int, string> sharedString, Func<int, bool> isDateStyle, bool date1904)
    {
        if (cell.IsInline)
            return Text(Decode(cell.Text ?? ""));
        if (cell.Text is null)
            return cell.HasFormula ? UncalculatedFormula.Instance : null;
        // openpyxl (and what it re-saves) stores every formula with an empty result, <v></v>: nothing was
        // calculated. Only a text result (t="str") can really be empty.
        if (cell.HasFormula && cell.Type != "str" && string.IsNullOrWhiteSpace(cell.Text))
            return UncalculatedFormula.Instance;
        switch (cell.Type)
        {
            case "s":
                if (!int.TryParse(cell.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index) || index < 0)
                    throw UnreadableWorkbookException.Damaged();
                return Text(sharedString(index));
            case "str":
                return Text(Decode(cell.Text));
            case "inlineStr":
                return null; // the type says inline, but no <is> came with it
            case "b":
                return cell.Text.Trim() != "0";
            case "e":
                var error = cell.Text.Trim().ToUpperInvariant();
                return Array.IndexOf(Errors, error) >= 0 ? new CellError(error) : throw UnreadableWorkbookException.Damaged();
            default:
                return Number(cell.Text, isDateStyle(cell.Style), date1904);
        }
    }

    private static object? Number(string text, bool dateStyle, bool date1904)
    {
        if (!double.TryParse(text, NumberStyles.Any, CultureInfo.InvariantCulture, out var number))
            return dateStyle ? Text(text) : NumberError;
        // A built-in date format makes the serial number a date, as Excel shows it.
        if (dateStyle)
        {
            if (date1904) number += 1462;
            if (number is >= -657435.0 and < 2958465.9999999)
                return DateTime.FromOADate(number);
        }
        return ToDecimal(number);
    }

    private static object? Text(string text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private static object ToDecimal(double number)
    {
        if (!double.IsFinite(number))
            return NumberError;
        try
        {
            return (decimal)number;
        }
        catch (OverflowException)
        {
            return NumberError;
        }
    }

    public static bool IsEmpty(object? value) => value is null;

    /// <summary>
    /// Excel escapes characters XML cannot hold as <c>_xHHHH_</c> (and a literal "_x" as <c>_x005F_x</c>).
    /// </summary>
    public static string Decode(string text)
    {
        var at = text.IndexOf("_x", StringComparison.Ordinal);
        if (at < 0)
            return text;
        var result = new StringBuilder(text.Length);
        var from = 0;
        for (; at >= 0 && at + 7 <= text.Length; at = text.IndexOf("_x", from, StringComparison.Ordinal))
        {
            if (text[at + 6] != '_' || !ushort.TryParse(text.AsSpan(at + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                result.Append(text, from, at + 2 - from);
                from = at + 2;
                continue;
            }
            result.Append(text, from, at - from).Append((char)code);
            from = at + 7;
        }
        return result.Append(text, from, text.Length - from).ToString();
    }
}
