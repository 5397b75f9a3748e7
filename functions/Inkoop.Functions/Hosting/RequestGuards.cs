using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Inkoop.Functions.Hosting;

/// <summary>
/// Checks on the request itself, before any route reads it. A request target with dot segments (<c>/api/../X</c>, also
/// percent-encoded as <c>%2e%2e</c>) is refused before routing: the server would resolve it to another path, and under
/// the Functions host a path outside <c>/api</c> is the host's own (the scheduler). A body declared in any charset but
/// UTF-8 is refused with 415: every text and JSON body the app reads is UTF-8.
/// </summary>
public static class RequestGuards
{
    /// <summary>True when the raw request target (before the server normalised it) has a <c>.</c> or <c>..</c> segment.</summary>
    public static bool HasDotSegment(string? rawTarget)
    {
        if (string.IsNullOrEmpty(rawTarget)) return false;
        var path = rawTarget.Split('?', '#')[0];
        string decoded;
        try
        {
            decoded = Uri.UnescapeDataString(path);
        }
        catch (UriFormatException)
        {
            return true;
        }
        return decoded.Split('/', '\\').Any(segment => segment is "." or "..");
    }

    /// <summary>True unless the Content-Type is absent, or declares no charset or UTF-8.</summary>
    public static bool DeclaresOtherCharset(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType)) return false;
        if (!MediaTypeHeaderValue.TryParse(contentType, out var type)) return true;
        var charset = type.Parameters.FirstOrDefault(p => p.Name.Equals("charset", StringComparison.OrdinalIgnoreCase));
        if (charset is null) return false;
        var value = HeaderUtilities.RemoveQuotes(charset.Value).Value?.Trim();
        return !string.Equals(value, "utf-8", StringComparison.OrdinalIgnoreCase) && !string.Equals(value, "utf8", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Refuses dot segments in the request target (400); put it before routing.</summary>
    public static IApplicationBuilder UseDotSegmentRefusal(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (HasDotSegment(context.Features.Get<IHttpRequestFeature>()?.RawTarget))
        {
            await Problems.Create(400, "dot-segments",
                "Het adres bevat een '.'- of '..'-segment (ook als %2e). Gebruik het adres van de route zelf.").ExecuteAsync(context);
            return;
        }
        await next(context);
    });

    /// <summary>Refuses a body in another charset than UTF-8 (415), for every route that reads one.</summary>
    public static IApplicationBuilder UseUtf8Bodies(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (DeclaresOtherCharset(context.Request.ContentType))
        {
            await Problems.Create(415, "unsupported-charset",
                "Deze tekenset wordt niet ondersteund. Stuur de inhoud als UTF-8 (Content-Type: application/json; charset=utf-8).").ExecuteAsync(context);
            return;
        }
        await next(context);
    });
}
