using Inkoop.Domain.Formats;
using OfficeOpenXml;

namespace Inkoop.Excel;

/// <summary>
/// Turns what EPPlus holds in a cell into the value types of <see cref="RawCell"/>, without
/// interpreting it: text stays text (Dutch numbers included), numbers become decimal.
/// </summary>
internal static class CellValues
{
    /// <summary>Excel's own error for a number it cannot represent.</summary>
    private static readonly CellError NumberError = new("#NUM!");

    public static object? Read(ExcelRangeBase cell)
    {
        var value = cell.Value;
        if (value is null && !string.IsNullOrEmpty(cell.Formula))
            value = Calculate(cell);
        return Convert(value);
    }

    /// <summary>
    /// Files written by libraries that do not calculate carry formulas without cached values.
    /// EPPlus's engine covers the common functions; anything it cannot do leaves the cell empty.
    /// </summary>
    private static object? Calculate(ExcelRangeBase cell)
    {
        try
        {
            cell.Calculate();
            return cell.Value;
        }
        catch (Exception)
        {
            // Circular references, unsupported functions, parse errors: an empty cell is the
            // honest answer, and the validator reports a missing value.
            return null;
        }
    }

    public static object? Convert(object? value) => value switch
    {
        null => null,
        string text => string.IsNullOrWhiteSpace(text) ? null : text,
        bool flag => flag,
        DateTime date => date,
        ExcelErrorValue error => new CellError(error.ToString()),
        double number => ToDecimal(number),
        float number => ToDecimal(number),
        decimal number => number,
        int or long or short or byte or sbyte or uint or ulong or ushort => System.Convert.ToDecimal(value),
        _ => string.IsNullOrWhiteSpace(value.ToString()) ? null : value.ToString(),
    };

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

    public static bool IsEmpty(object? converted) => converted is null;
}
