using System.Net;
using Inkoop.Functions.Access;
using Inkoop.Functions.Hosting;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.FileProviders.Physical;
using Microsoft.Extensions.Options;

namespace Inkoop.Functions.Apis;

/// <summary>The region the app serves, as its pages name it (settings <c>Region:Name</c>, <c>Region:Contact</c>).</summary>
public sealed class RegionOptions
{
    public const string Section = "Region";

    /// <summary>How people call the region: "Regio Achterhoek".</summary>
    public string Name { get; set; } = "uw regio";

    /// <summary>The purchasing team's e-mail address, shown in the pages' footers; empty: none shown.</summary>
    public string Contact { get; set; } = "";
}

/// <summary>
/// The app's static files (the start page, the provider upload page, the Excel add-in and its install page) from
/// <c>wwwroot/</c> beside the executable; the pages get the region's name and contact filled in. Anonymous: the files
/// hold no data, and every data call they make carries the caller's own key. A person who opens the app's address
/// (<c>/</c>, <c>/api</c>) lands on the start page; neither is a route of the Functions host, which serves only
/// <c>/api/...</c> functions (there the start page is <c>/api/web/</c>).
/// </summary>
public static class WebApi
{
    public const string Prefix = "/api/web";

    public static IEndpointRouteBuilder MapWebApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(Prefix + "/{**path}", Get).WithName("StaticFiles").WithTags("Web").AllowWithoutKey()
            .WithSummary("Statische bestanden: de startpagina, de uploadpagina voor aanbieders en de Excel-invoegtoepassing")
            .Produces(200, null, "text/html", "text/css", "text/javascript", "application/json", "image/png", "image/svg+xml")
            .ProducesProblem(404);
        // Run locally the app is the whole site: its root and /api lead to the start page, and browsers get an icon.
        app.MapGet("/", () => TypedResults.Redirect(Prefix + "/")).AllowWithoutKey().ExcludeFromDescription();
        app.MapGet("/api", () => TypedResults.Redirect(Prefix + "/")).AllowWithoutKey().ExcludeFromDescription();
        app.MapGet("/favicon.ico", (HttpContext context, WebFiles files, IOptions<RegionOptions> region) =>
            Get("favicon.svg", context, files, region)).AllowWithoutKey().ExcludeFromDescription();
        return app;
    }

    public static IResult Get(string? path, HttpContext context, WebFiles files, IOptions<RegionOptions> region)
    {
        path ??= "";
        var file = files.Find(path);
        if (file is null) return Problems.Create(404, "file-not-found", "Dit bestand bestaat niet.");
        // A folder without its slash (also /api/web itself): relative links in its index.html would resolve one level too high.
        if (file.IsFolderIndex && !context.Request.Path.Value!.EndsWith('/'))
            return TypedResults.Redirect($"{Prefix}/{path.TrimEnd('/')}{(path.Length > 0 ? "/" : "")}");

        // Revalidated on every use; the other security headers come from SecurityHeaders.
        context.Response.Headers.CacheControl = "no-cache";
        if (file.Info.Name.EndsWith(".html", StringComparison.OrdinalIgnoreCase))
            return TypedResults.Text(RegionPage.Fill(File.ReadAllText(file.Info.PhysicalPath!), region.Value), file.ContentType);
        return TypedResults.PhysicalFile(file.Info.PhysicalPath!, file.ContentType, lastModified: file.Info.LastModified,
            enableRangeProcessing: false);
    }
}

/// <summary>Fills the region into a page: <c>%REGIO_NAAM%</c>, <c>%REGIO_CONTACT%</c> (the address) and <c>%REGIO_CONTACT_LINK%</c>.</summary>
public static class RegionPage
{
    public static string Fill(string html, RegionOptions region)
    {
        var name = WebUtility.HtmlEncode(region.Name.Trim());
        var contact = WebUtility.HtmlEncode(region.Contact.Trim());
        var link = contact.Length == 0 ? "" : $" (<a href=\"mailto:{contact}\">{contact}</a>)";
        return html.Replace("%REGIO_NAAM%", name).Replace("%REGIO_CONTACT_LINK%", link).Replace("%REGIO_CONTACT%", contact);
    }
}

/// <summary>Finds files under <c>wwwroot/</c>; dot files, hidden files and anything outside the folder are never served.</summary>
public sealed class WebFiles
{
    private readonly IFileProvider _files;
    private readonly FileExtensionContentTypeProvider _types = new();

    public WebFiles(string root)
    {
        Directory.CreateDirectory(root);
        _files = new PhysicalFileProvider(root, ExclusionFilters.Sensitive);
        _types.Mappings[".webmanifest"] = "application/manifest+json";
    }

    public sealed record WebFile(IFileInfo Info, string ContentType, bool IsFolderIndex);

    public WebFile? Find(string path)
    {
        if (path.Contains('\\') || path.Split('/').Any(segment => segment is "." or ".." || segment.StartsWith('.')))
            return null;
        var info = _files.GetFileInfo(path);
        // PhysicalFileProvider answers a folder as a file that does not exist: ask for it as a folder.
        var isFolder = path.Length == 0 || path.EndsWith('/') || _files.GetDirectoryContents(path).Exists;
        if (isFolder) info = _files.GetFileInfo(path.TrimEnd('/') + "/index.html");
        if (!info.Exists || info.IsDirectory || info.PhysicalPath is null) return null;
        var type = _types.TryGetContentType(info.Name, out var t) ? t : "application/octet-stream";
        if (type.StartsWith("text/", StringComparison.Ordinal) || type is "application/javascript" or "application/json")
            type += "; charset=utf-8";
        return new WebFile(info, type, isFolder);
    }
}
