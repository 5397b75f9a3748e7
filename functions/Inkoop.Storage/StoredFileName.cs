using System.Globalization;
using System.Text;

namespace Inkoop.Storage;

/// <summary>
/// The name an uploaded file is kept and shown under, from whatever the client sent: the base name only (no folders, with
/// <c>/</c> or <c>\</c>), without control or format characters (bidirectional overrides such as U+202E, zero-width
/// characters), trimmed, at most <see cref="MaxLength"/> characters with the extension kept. Null when nothing is left.
/// </summary>
public static class StoredFileName
{
    public const int MaxLength = 100;

    public static string? Clean(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        var normalized = name.IsNormalized(NormalizationForm.FormC) ? name : name.Normalize(NormalizationForm.FormC);
        var kept = new StringBuilder(Math.Min(normalized.Length, 1024));
        foreach (var c in normalized)
        {
            if (c is '/' or '\\') kept.Clear();
            else if (!char.IsControl(c) && CharUnicodeInfo.GetUnicodeCategory(c) is not (UnicodeCategory.Format or UnicodeCategory.Surrogate
                         or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator))
                kept.Append(c);
        }
        var clean = kept.ToString().Trim().TrimEnd('.').Trim();
        if (clean.Length == 0 || clean.All(c => c == '.')) return null;
        if (clean.Length <= MaxLength) return clean;
        var extension = Path.GetExtension(clean);
        if (extension.Length > 10) extension = "";
        return clean[..(MaxLength - extension.Length)].TrimEnd() + extension;
    }
}
