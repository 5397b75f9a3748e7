using System.Globalization;
using System.Text.RegularExpressions;

namespace Inkoop.Domain.Consultations;

/// <summary>
/// Dutch time (Europe/Amsterdam) for deadlines people type and read. A deadline without an offset
/// (<c>2025-10-23T17:00</c>) is Dutch wall-clock time; with one (<c>+02:00</c>, <c>Z</c>) it is that instant. Shown as
/// <c>donderdag 23 oktober 2025 om 17:00</c> (no culture data needed: the app runs with invariant globalization).
/// </summary>
public static partial class DutchTime
{
    public static TimeZoneInfo Zone { get; } = FindZone();

    private static readonly string[] Months =
        ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"];

    private static readonly string[] Days = ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"];

    [GeneratedRegex(@"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})?$")]
    private static partial Regex Pattern();

    /// <summary>
    /// Reads a deadline. Wall-clock time that does not exist in the Netherlands (the hour skipped when summer time
    /// starts) is refused; time that occurs twice (the hour repeated in October) is the first, summer-time one.
    /// </summary>
    public static bool TryParse(string? text, out DateTimeOffset instant, out string? error)
    {
        instant = default;
        error = null;
        var match = text is null ? null : Pattern().Match(text.Trim());
        if (match is not { Success: true })
        {
            error = "Geef de termijn als datum en tijd, bijvoorbeeld 2025-10-23T17:00 (Nederlandse tijd).";
            return false;
        }
        int Part(int i) => match.Groups[i].Success ? int.Parse(match.Groups[i].Value, CultureInfo.InvariantCulture) : 0;
        DateTime local;
        try
        {
            local = new DateTime(Part(1), Part(2), Part(3), Part(4), Part(5), Part(6), DateTimeKind.Unspecified);
        }
        catch (ArgumentOutOfRangeException)
        {
            error = $"'{text!.Trim()}' is geen bestaande datum of tijd.";
            return false;
        }
        if (match.Groups[7].Success)
        {
            var offset = match.Groups[7].Value == "Z" ? TimeSpan.Zero : TimeSpan.ParseExact(match.Groups[7].Value.TrimStart('+', '-'), @"hh\:mm", CultureInfo.InvariantCulture);
            if (match.Groups[7].Value.StartsWith('-')) offset = -offset;
            if (offset.Duration() > TimeSpan.FromHours(14))
            {
                error = $"'{match.Groups[7].Value}' is geen geldige tijdzone-afwijking.";
                return false;
            }
            instant = new DateTimeOffset(local, offset).ToUniversalTime();
            return true;
        }
        if (Zone.IsInvalidTime(local))
        {
            error = $"{local:yyyy-MM-dd HH:mm} bestaat niet in Nederlandse tijd (de klok gaat dan een uur vooruit). Kies een andere tijd.";
            return false;
        }
        var dutchOffset = Zone.IsAmbiguousTime(local) ? Zone.GetAmbiguousTimeOffsets(local).Max() : Zone.GetUtcOffset(local);
        instant = new DateTimeOffset(local, dutchOffset).ToUniversalTime();
        return true;
    }

    /// <summary>The instant with the Dutch offset of that moment (+01:00 or +02:00).</summary>
    public static DateTimeOffset InDutchTime(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary><c>donderdag 23 oktober 2025 om 17:00</c>.</summary>
    public static string Format(DateTimeOffset instant)
    {
        var t = InDutchTime(instant);
        return $"{Days[(int)t.DayOfWeek]} {t.Day} {Months[t.Month - 1]} {t.Year} om {t.Hour:D2}:{t.Minute:D2}";
    }

    private static TimeZoneInfo FindZone()
    {
        foreach (var id in (string[])["Europe/Amsterdam", "W. Europe Standard Time"])
            if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)) return zone;
        throw new TimeZoneNotFoundException("The Dutch time zone (Europe/Amsterdam) is not installed (tzdata).");
    }
}
