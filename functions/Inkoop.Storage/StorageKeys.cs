using Inkoop.Domain;
using System.Text.RegularExpressions;

namespace Inkoop.Storage;

/// <summary>
/// Checks every value that becomes (part of) a PartitionKey, RowKey or blob name. Table keys must not
/// hold '/', '\', '#', '?' or control characters and are at most 1 KiB; our ids are narrower than that
/// on purpose, so they need no escaping and sort as expected.
/// </summary>
public static partial class StorageKeys
{
    /// <summary>Separator inside composite row keys; never part of a round id, AGB or snapshot id.</summary>
    public const char Separator = '|';

    [GeneratedRegex("^[0-9A-Za-z][0-9A-Za-z-]{0,63}$")]
    private static partial Regex SnapshotPattern();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Pattern();

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex ObjectIdPattern();

    /// <summary>A SHA-256 in lowercase hex (the row key of an API key).</summary>
    public static bool IsValidSha256(string? hash) => hash is not null && Sha256Pattern().IsMatch(hash);

    /// <summary>An Entra object id: a GUID in lowercase with dashes.</summary>
    public static bool IsValidObjectId(string? id) => id is not null && ObjectIdPattern().IsMatch(id);

    public static string ObjectId(string id) =>
        IsValidObjectId(id) ? id : throw new ArgumentException($"Invalid object id '{Printable(id)}'.", nameof(id));

    /// <summary>Round ids are lowercase letters, digits and '-', at most 63 characters (e.g. <c>jeugd-2025</c>).</summary>
    public static bool IsValidRound(string? round) => Ids.IsRoundId(round);

    /// <summary>An AGB-code is exactly 8 digits (a leading zero is part of it).</summary>
    public static bool IsValidAgb(string? agb) => Ids.IsAgb(agb);

    /// <summary>Tender ids follow the round id rule (e.g. <c>jeugd-2025-t1</c>).</summary>
    public static bool IsValidTender(string? tender) => Ids.IsTenderId(tender);

    /// <summary>Lot codes: letters, digits, '-' and '_', at most 20 (e.g. <c>AMB</c>); stored upper-case.</summary>
    public static bool IsValidLot(string? lot) => Ids.IsLotCode(lot);

    public static bool IsValidSnapshotId(string? id) => id is not null && SnapshotPattern().IsMatch(id);

    public static string Round(string round) =>
        IsValidRound(round) ? round : throw new ArgumentException($"Invalid round id '{Printable(round)}'.", nameof(round));

    public static string Agb(string agb) =>
        IsValidAgb(agb) ? agb : throw new ArgumentException($"Invalid AGB-code '{Printable(agb)}'.", nameof(agb));

    public static string Tender(string tender) =>
        IsValidTender(tender) ? tender : throw new ArgumentException($"Invalid tender id '{Printable(tender)}'.", nameof(tender));

    public static string Lot(string lot) =>
        IsValidLot(lot) ? lot.ToUpperInvariant() : throw new ArgumentException($"Invalid lot code '{Printable(lot)}'.", nameof(lot));

    public static string SnapshotId(string id) =>
        IsValidSnapshotId(id) ? id : throw new ArgumentException($"Invalid snapshot id '{Printable(id)}'.", nameof(id));

    public const int MaxVersion = 999_999;

    public static int Version(int version) =>
        version is >= 1 and <= MaxVersion ? version : throw new ArgumentOutOfRangeException(nameof(version), version, "Version must be 1..999999.");

    /// <summary>The last line of defence for any key: the Table service's own rules.</summary>
    public static void EnsureValidTableKey(string key, string what)
    {
        ArgumentNullException.ThrowIfNull(key, what);
        if (key.Length > 512) throw new ArgumentException($"{what} is longer than 1 KiB.", what);
        foreach (var c in key)
        {
            if (c is '/' or '\\' or '#' or '?' || char.IsControl(c))
                throw new ArgumentException($"{what} '{Printable(key)}' holds a character Table Storage forbids in keys.", what);
        }
    }

    private static string Printable(string? s) =>
        s is null ? "(null)" : new string(s.Take(80).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
