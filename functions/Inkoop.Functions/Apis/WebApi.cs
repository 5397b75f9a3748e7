using Inkoop.Functions.Access;
using Inkoop.Functions.Hosting;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.FileProviders.Physical;

namespace Inkoop.Functions.Apis;

/// <summary>
/// The app's static files (the provider upload page, the Excel add-in) from <c>wwwroot/</c> beside the executable.
/// Anonymous: the files hold no data, and every data call they make carries the caller's own key.
/// </summary>
public static class WebApi
{
    public const string Prefix = "/api/web";

    public static IEndpointRouteBuilder MapWebApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(Prefix + "/{**path}", Get).WithName("StaticFiles").WithTags("Web").AllowWithoutKey()
            .WithSummary("Statische bestanden: de uploadpagina voor aanbieders en de Excel-invoegtoepassing")
            .Produces(200, null, "text/html", "text/css", "text/javascript", "application/json", "image/png", "image/svg+xml")
            .ProducesProblem(404);
        return app;
    }

    public static IResult Get(string? path, HttpContext context, WebFiles files)
    {
        path ??= "";
        var file = files.Find(path);
        if (file is null) return Problems.Create(404, "file-not-found", "Dit bestand bestaat niet.");
        // A folder without its slash: relative links in its index.html would resolve one level too high.
        if (file.IsFolderIndex && !string.IsNullOrEmpty(path) && !path.EndsWith('/'))
            return TypedResults.Redirect($"{Prefix}/{path}/");

        var headers = context.Response.Headers;
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        return TypedResults.PhysicalFile(file.Info.PhysicalPath!, file.ContentType, lastModified: file.Info.LastModified,
            enableRangeProcessing: false);
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
        var isFolder = path.Length == 0 || info.IsDirectory || path.EndsWith('/');
        if (isFolder) info = _files.GetFileInfo(path.TrimEnd('/') + "/index.html");
        if (!info.Exists || info.IsDirectory || info.PhysicalPath is null) return null;
        var type = _types.TryGetContentType(info.Name, out var t) ? t : "application/octet-stream";
        if (type.StartsWith("text/", StringComparison.Ordinal) || type is "application/javascript" or "application/json")
            type += "; charset=utf-8";
        return new WebFile(info, type, isFolder);
    }
}
