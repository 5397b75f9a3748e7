namespace Inkoop.Domain.Consultations;

/// <summary>
/// Text people write (reactions, answers, introductions): kept as plain text, never as markup. Line ends become
/// <c>\n</c>, the whole is trimmed; control characters other than line end and tab are refused, and so is text
/// over its cap.
/// </summary>
public static class PlainText
{
    /// <summary>The cleaned text, or the Dutch reason it is refused. <paramref name="label"/> names the field in the message.</summary>
    public static (string? Text, string? Error) Clean(string? text, string label, int maxLength, bool required)
    {
        var cleaned = (text ?? "").Replace("\r\n", "\n").Replace('\r', '\n').Trim();
        if (cleaned.Length == 0)
            return required ? (null, $"{label} is leeg; schrijf een tekst.") : ("", null);
        if (cleaned.Any(c => char.IsControl(c) && c is not '\n' and not '\t'))
            return (null, $"{label} bevat onzichtbare stuurtekens; stuur gewone tekst.");
        if (cleaned.Length > maxLength)
            return (null, $"{label} is {cleaned.Length} tekens lang; hoogstens {maxLength} tekens.");
        return (cleaned, null);
    }
}
