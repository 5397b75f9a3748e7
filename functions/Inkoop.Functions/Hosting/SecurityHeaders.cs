namespace Inkoop.Functions.Hosting;

/// <summary>
/// Headers on every answer: <c>X-Content-Type-Options: nosniff</c>, <c>Referrer-Policy: no-referrer</c>,
/// <c>Cache-Control: no-store</c> unless the endpoint chose its own (the static files: <c>no-cache</c>), and a
/// Content-Security-Policy: for the add-in's pages (<c>/api/web/addin/</c>) with Office.js from Microsoft's CDN and the
/// Office hosts as the only frame ancestors; for the other pages (<c>/api/web/</c>) only the app's own scripts and no
/// framing; for every other answer nothing to load and no framing, unless the endpoint set its own (the API reference,
/// <c>/api/docs/</c>: the same rules plus a per-answer nonce).
/// </summary>
public static class SecurityHeaders
{
    /// <summary>The Office on the web hosts that may show the add-in's task pane in a frame.</summary>
    public const string OfficeHosts =
        "https://*.officeapps.live.com https://*.office.com https://*.office365.com https://*.sharepoint.com https://*.cloud.microsoft";

    public const string OfficeJs = "https://appsforoffice.microsoft.com";

    /// <summary>The page Office.js frames for its own telemetry.</summary>
    public const string OfficeTelemetry = "https://telemetryservice.firstpartyapps.oaspapps.com";

    public const string PagePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public const string AddinPolicy =
        $"default-src 'self'; script-src 'self' {OfficeJs}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        $"connect-src 'self' {OfficeJs}; frame-src 'self' {OfficeJs} {OfficeTelemetry}; object-src 'none'; base-uri 'none'; form-action 'self'; " +
        $"frame-ancestors 'self' {OfficeHosts}";

    /// <summary>For what is no page (JSON, files): it may load nothing and be framed by no one.</summary>
    public const string NoContentPolicy = "default-src 'none'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            if (string.IsNullOrEmpty(headers.CacheControl)) headers.CacheControl = "no-store";
            // The API reference sets its own, with the nonce of its one inline script (ApiDocument.ReferencePolicy).
            if (string.IsNullOrEmpty(headers.ContentSecurityPolicy)) headers.ContentSecurityPolicy = PolicyFor(context.Request.Path);
            return Task.CompletedTask;
        });
        return next(context);
    });

    /// <summary>
    /// By path, not by content type: a 304 for a cached page carries no content type, and the browser takes its policy.
    /// </summary>
    public static string PolicyFor(PathString path) =>
        path.StartsWithSegments("/api/web/addin") ? AddinPolicy
        : path.StartsWithSegments(Apis.WebApi.Prefix) ? PagePolicy
        : NoContentPolicy;
}
