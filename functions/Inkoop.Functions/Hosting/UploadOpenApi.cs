using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Inkoop.Functions.Hosting;

/// <summary>How every file upload route (formats, bids, realisation) is described in the OpenAPI document.</summary>
public static class UploadOpenApi
{
    /// <summary>
    /// The body is the .xlsx itself or one file field of a multipart form (or <paramref name="alsoAccepted"/>); refusals are
    /// problems, also those of the upload limits (429 per caller, 503 for all uploads together; <see cref="UploadLimits"/>).
    /// </summary>
    public static RouteHandlerBuilder AcceptsUpload(this RouteHandlerBuilder route, params string[] alsoAccepted) => route
        .Accepts<IFormFile>(UploadBody.XlsxContentType, [UploadBody.XlsmContentType, UploadBody.OctetStream, UploadBody.Multipart, .. alsoAccepted])
        .AddOpenApiOperationTransformer(DescribeBinaryBody)
        .ProducesProblem(403).ProducesProblem(409).ProducesProblem(413).ProducesProblem(415).ProducesProblem(422)
        .ProducesProblem(429).ProducesProblem(503);

    private static Task DescribeBinaryBody(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        // Without this the generator describes IFormFile as a form for every content type, also the raw ones.
        if (operation.RequestBody?.Content is not { } content) return Task.CompletedTask;
        var binary = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
        foreach (var type in new[] { UploadBody.XlsxContentType, UploadBody.XlsmContentType, UploadBody.OctetStream })
            content[type] = new OpenApiMediaType { Schema = binary };
        content[UploadBody.Multipart] = new OpenApiMediaType
        {
            Schema = new OpenApiSchema { Type = JsonSchemaType.Object, Properties = new Dictionary<string, IOpenApiSchema> { ["file"] = binary } },
        };
        return Task.CompletedTask;
    }
}
