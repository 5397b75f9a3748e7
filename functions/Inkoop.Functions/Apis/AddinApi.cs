using System.IO.Compression;
using System.Text;
using Inkoop.Functions.Access;
using Inkoop.Functions.Hosting;
using Microsoft.Extensions.Options;

namespace Inkoop.Functions.Apis;

/// <summary>
/// The Excel add-in's manifests with the URL of the app that serves them: the build (addin/build.mjs) writes them
/// with a placeholder origin into <c>wwwroot/addin/</c>, and this fills in <c>Addin:BaseUrl</c> (set by infra/) or, when
/// that is not set, the origin of the request, but only for a loopback host or one in <c>Addin:AllowedHosts</c>: the Host
/// header is the client's to choose, and a manifest pointing elsewhere would load someone else's code into Excel.
/// Also <c>sign-in.json</c>: what the add-in needs to sign analysts in with their Microsoft 365 account (the app
/// registration, tenant and API scope of <see cref="EntraOptions"/>). Anonymous: none of it is data or secret.
/// </summary>
public static class AddinApi
{
    /// <summary>The origin addin/build.mjs writes into the manifest templates.</summary>
    public const string PlaceholderOrigin = "https://inkoop-base-url.invalid";

    public static IEndpointRouteBuilder MapAddinApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/addin/{file}", Get).WithName("AddinManifest").WithTags("Web").AllowWithoutKey()
            .WithSummary("De manifesten van de Excel-invoegtoepassing (manifest.xml, manifest.json, inkoop-excel.zip) met het adres van deze app, en sign-in.json voor aanmelden met Microsoft 365")
            .Produces(200, null, "application/xml", "application/json", "application/zip")
            .ProducesProblem(404);
        return app;
    }

    public static IResult Get(string file, HttpRequest request, WebFiles files, IConfiguration configuration, IOptions<EntraOptions> entra)
    {
        if (file == "sign-in.json") return SignIn(entra.Value);
        var origin = Origin(request, configuration["Addin:BaseUrl"], configuration.GetSection("Addin:AllowedHosts").Get<string[]>() ?? []);
        if (origin is null)
            return Problems.Create(400, "host-not-allowed",
                "De invoegtoepassing is niet ingesteld voor het adres waarmee u deze app aanroept. De beheerder zet Addin:BaseUrl (of Addin:AllowedHosts).");
        var manifest = (string name) => Render(files, name, origin);
        return file switch
        {
            "manifest.xml" when manifest("addin/manifest.template.xml") is { } xml =>
                TypedResults.Text(xml, "application/xml", Encoding.UTF8),
            "manifest.json" when manifest("addin/manifest.template.json") is { } json =>
                TypedResults.Text(json, "application/json", Encoding.UTF8),
            "inkoop-excel.zip" when manifest("addin/manifest.template.json") is { } json =>
                TypedResults.File(AppPackage(json, files), "application/zip", "inkoop-excel.zip"),
            _ => Problems.Create(404, "file-not-found", "Dit bestand bestaat niet (of de invoegtoepassing is niet gebouwd)."),
        };
    }

    /// <summary>The add-in's nested app authentication: MSAL's client id and authority, and the scope of the API's token.</summary>
    private static IResult SignIn(EntraOptions entra) => entra.IsConfigured
        ? TypedResults.Json(new SignInSettings(entra.ClientId!, entra.TenantId!, $"{entra.Instance.TrimEnd('/')}/{entra.TenantId}",
            $"api://{entra.ClientId}/{entra.Scope}"))
        : Problems.Create(404, "sign-in-not-configured",
            "Aanmelden met een Microsoft 365-account is voor deze regio niet ingesteld. Gebruik uw sleutel.");

    public sealed record SignInSettings(string ClientId, string TenantId, string Authority, string Scope);

    /// <summary>
    /// scheme://host[:port] of the configured base URL, else of the request when its host is loopback or allowed
    /// (<paramref name="allowedHosts"/>: host names, compared without the port); null for any other host.
    /// </summary>
    public static string? Origin(HttpRequest request, string? configured, IReadOnlyCollection<string> allowedHosts)
    {
        if (Uri.TryCreate(configured, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http")
            return uri.GetLeftPart(UriPartial.Authority);
        var host = request.Host.Host;
        var allowed = host is "localhost" or "127.0.0.1" or "[::1]" || allowedHosts.Contains(host, StringComparer.OrdinalIgnoreCase);
        return allowed && Uri.CheckHostName(host.Trim('[', ']')) != UriHostNameType.Unknown
            ? $"{request.Scheme}://{request.Host.ToUriComponent()}"
            : null;
    }

    private static string? Render(WebFiles files, string path, string origin)
    {
        var template = files.Find(path);
        if (template is null) return null;
        var text = File.ReadAllText(template.Info.PhysicalPath!);
        return text.Replace(PlaceholderOrigin, origin).Replace(new Uri(PlaceholderOrigin).Authority, new Uri(origin).Authority);
    }

    /// <summary>The app package of the unified manifest: manifest.json with its two icons, as Microsoft 365 takes it.</summary>
    private static byte[] AppPackage(string manifest, WebFiles files)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create))
        {
            using (var writer = new StreamWriter(zip.CreateEntry("manifest.json").Open(), new UTF8Encoding(false)))
                writer.Write(manifest);
            foreach (var icon in new[] { "color.png", "outline.png" })
                if (files.Find("addin/" + icon) is { } found) zip.CreateEntryFromFile(found.Info.PhysicalPath!, icon);
        }
        return buffer.ToArray();
    }
}
