using System.Text;

namespace Inkoop.Functions.Hosting;

/// <summary>A request body read as text, bounded: configuration documents and JSON realisation reports.</summary>
public static class RequestText
{
    /// <summary>The body as UTF-8 text, or null when it is longer than <paramref name="maxChars"/>.</summary>
    public static async Task<string?> ReadAsync(HttpRequest request, int maxChars, CancellationToken ct)
    {
        if (request.ContentLength > maxChars * 4L) return null;
        using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var buffer = new char[8192];
        var sb = new StringBuilder();
        int read;
        while ((read = await reader.ReadAsync(buffer, ct)) > 0)
        {
            sb.Append(buffer, 0, read);
            if (sb.Length > maxChars) return null;
        }
        return sb.ToString();
    }
}
