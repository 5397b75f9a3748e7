using System.Globalization;

namespace Inkoop.Domain.Formats;

/// <summary>Reading 8-digit codes (AGB-code, KvK number) from a cell.</summary>
public static class AgbCode
{
    /// <summary>8 digits; a number cell lost its leading zeros, so it is padded back. Null when it is no 8-digit code.</summary>
    public static string? FromCell(object? value)
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
}
