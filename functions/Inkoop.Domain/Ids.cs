using System.Text.RegularExpressions;

namespace Inkoop.Domain;

/// <summary>
/// The rules for ids and codes, in one place: the configuration parsers check them, and <c>StorageKeys</c> and the routes
/// use the same ones, so an id a configuration accepts is always one storage and URLs take.
/// </summary>
public static partial class Ids
{
    /// <summary>A round (or tender) id: lower-case letters, digits and hyphens, at most 63; it ends up in storage keys and URLs.</summary>
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex RoundPattern();

    /// <summary>A product code: 5 letters or digits (45A11), in either case; codes are compared case-insensitively.</summary>
    [GeneratedRegex("^[A-Za-z0-9]{5}$")]
    private static partial Regex ProductPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,19}$")]
    private static partial Regex LotPattern();

    [GeneratedRegex("^[0-9]{8}$")]
    private static partial Regex AgbPattern();

    /// <summary>A segment code, upper case (segments are upper-cased before they are checked): AMB, JGD-VERBLIJF.</summary>
    [GeneratedRegex("^[A-Z0-9][A-Z0-9-]{0,31}$")]
    private static partial Regex SegmentPattern();

    public static bool IsRoundId(string? id) => id is not null && RoundPattern().IsMatch(id);

    /// <summary>A tender id follows the rule of a round id.</summary>
    public static bool IsTenderId(string? id) => IsRoundId(id);

    public static bool IsProductCode(string? code) => code is not null && ProductPattern().IsMatch(code);

    public static bool IsLotCode(string? code) => code is not null && LotPattern().IsMatch(code);

    /// <summary>Exactly 8 digits, as text.</summary>
    public static bool IsAgb(string? agb) => agb is not null && AgbPattern().IsMatch(agb);

    public static bool IsSegment(string? segment) => segment is not null && SegmentPattern().IsMatch(segment);
}
