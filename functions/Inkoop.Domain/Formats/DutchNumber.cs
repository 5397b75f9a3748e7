using System.Globalization;
using System.Text;

namespace Inkoop.Domain.Formats;

/// <summary>
/// Numbers as Dutch people type and read them: decimal comma, dot for thousands,
/// optional euro sign and percent sign ("€ 38.000,50", "6%", "0,06").
/// </summary>
public static class DutchNumber
{
    /// <summary>
    /// Reads a number typed as text. A comma is the decimal separator and dots group thousands;
    /// without a comma, dots in groups of three are thousands ("38.000"), a single other dot is a
    /// decimal point ("0.06"). A trailing % divides by 100.
    /// </summary>
    public static bool TryParse(string? text, out decimal value)
    {
        value = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;

        var s = new StringBuilder(text.Length);
        foreach (var ch in text.Trim())
        {
            // Spaces (also non-breaking and narrow ones) only separate thousands or the euro sign.
            if (char.IsWhiteSpace(ch) || ch == '\u00A0' || ch == '\u202F') continue;
            s.Append(ch);
        }
        var t = s.ToString();
        if (t.StartsWith("EUR", StringComparison.OrdinalIgnoreCase)) t = t[3..];
        t = t.TrimStart('€');

        var percent = t.EndsWith('%');
        if (percent) t = t[..^1];

        var negative = t.StartsWith('-');
        if (negative || t.StartsWith('+')) t = t[1..];
        if (t.StartsWith('€')) t = t[1..];
        if (t.Length == 0 || t.Length > 40) return false;

        string integerPart, fractionPart;
        var comma = t.IndexOf(',');
        if (comma >= 0)
        {
            if (t.IndexOf(',', comma + 1) >= 0) return false;
            integerPart = t[..comma];
            fractionPart = t[(comma + 1)..];
            if (fractionPart.Contains('.')) return false;
            if (!IsGroupedOrPlain(integerPart, allowEmpty: true)) return false;
            integerPart = integerPart.Replace(".", "");
        }
        else if (t.Contains('.'))
        {
            if (IsThousandsGrouped(t))
            {
                integerPart = t.Replace(".", "");
                fractionPart = "";
            }
            else
            {
                var dot = t.IndexOf('.');
                if (t.IndexOf('.', dot + 1) >= 0) return false;
                integerPart = t[..dot];
                fractionPart = t[(dot + 1)..];
            }
        }
        else
        {
            integerPart = t;
            fractionPart = "";
        }

        if (integerPart.Length == 0 && fractionPart.Length == 0) return false;
        if (!integerPart.All(char.IsAsciiDigit) || !fractionPart.All(char.IsAsciiDigit)) return false;

        var invariant = (integerPart.Length == 0 ? "0" : integerPart) + (fractionPart.Length > 0 ? "." + fractionPart : "");
        if (!decimal.TryParse(invariant, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
            return false;
        if (percent) value /= 100m;
        if (negative) value = -value;
        return true;
    }

    private static bool IsGroupedOrPlain(string s, bool allowEmpty) =>
        (allowEmpty && s.Length == 0) || !s.Contains('.') || IsThousandsGrouped(s);

    // "38.000" and "1.234.567": a first group of 1-3 digits, then groups of exactly three.
    private static bool IsThousandsGrouped(string s)
    {
        var groups = s.Split('.');
        if (groups.Length < 2) return false;
        if (groups[0].Length is < 1 or > 3) return false;
        return groups.Skip(1).All(g => g.Length == 3);
    }

    /// <summary>Shows a number the Dutch way: decimal comma, at least <paramref name="minDecimals"/> decimals.</summary>
    public static string Format(decimal value, int minDecimals = 0)
    {
        var text = value.ToString(minDecimals > 0 ? "0." + new string('0', minDecimals) + "############" : "0.############",
            CultureInfo.InvariantCulture);
        return text.Replace('.', ',');
    }

    private static readonly NumberFormatInfo Grouped = new() { NumberDecimalSeparator = ",", NumberGroupSeparator = ".", NegativeSign = "-" };

    /// <summary>Money as people read it: <c>€ 1.250.000,00</c>, <c>€ -2,58</c>; rounded to cents half away from zero.</summary>
    public static string Money(decimal value) =>
        "€ " + Math.Round(value, 2, MidpointRounding.AwayFromZero).ToString("#,##0.00", Grouped);

    /// <summary>
    /// A fraction as a percentage to at most two decimals: 0.15 is <c>15%</c>, 0.0242 is <c>2,42%</c>; with
    /// <paramref name="minDecimals"/> 2, as in a column, 0.08 is <c>8,00%</c>.
    /// </summary>
    public static string Percent(decimal fraction, int minDecimals = 0) =>
        Math.Round(fraction * 100, 2, MidpointRounding.AwayFromZero)
            .ToString("#,##0." + new string('0', minDecimals) + new string('#', Math.Max(0, 2 - minDecimals)), Grouped) + "%";
}
