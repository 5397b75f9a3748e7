using System.Globalization;

namespace Inkoop.Domain.Formats;

/// <summary>How any of our workbooks' cells read as text: formats, bid files and realisation reports alike.</summary>
public static class CellText
{
    /// <summary>The trimmed text of a cell; null when it is empty or only spaces.</summary>
    public static string? AsText(object? value) => value switch
    {
        null or UncalculatedFormula => null,
        string s => string.IsNullOrWhiteSpace(s) ? null : s.Trim(),
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        _ => Show(value),
    };

    /// <summary>8 digits (an AGB or KvK number); a number cell lost its leading zeros, so it is padded back.</summary>
    public static string? EightDigits(object? value)
    {
        switch (value)
        {
            case decimal d when d >= 0 && d == decimal.Truncate(d) && d < 100_000_000m:
                return ((long)d).ToString("D8", CultureInfo.InvariantCulture);
            case string s:
                var digits = s.Trim().Replace(" ", "");
                return digits.Length == 8 && digits.All(char.IsAsciiDigit) ? digits : null;
            default:
                return null;
        }
    }

    /// <summary>A cell's value as a Dutch reader would see it, for messages.</summary>
    public static string Show(object? value) => value switch
    {
        null => "",
        decimal d => DutchNumber.Format(d),
        bool b => b ? "WAAR" : "ONWAAR",
        DateTime dt => dt.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture),
        _ => value.ToString()!.Trim(),
    };
}
