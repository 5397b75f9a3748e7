using Inkoop.Functions.Access;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Inkoop.Functions.Apis;

/// <summary>The OpenAPI document at <c>/api/openapi.json</c>, anonymous, with the key header as security scheme.</summary>
public static class ApiDocument
{
    public const string Path = "/api/openapi.json";

    public static void Configure(OpenApiOptions options) => options.AddDocumentTransformer((document, _, _) =>
    {
        document.Info = new OpenApiInfo
        {
            Title = "Inkoop.Serverless",
            Version = "v1",
            Description = "Tarievenonderzoek jeugdhulp en Wmo: rondes, formats, tarieven. Elke route behalve health en dit document " +
                          "vraagt een sleutel (header x-inkoop-key); wat een sleutel mag, hangt af van zijn rol. Fouten zijn problem+json (RFC 9457).",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["inkoopKey"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeys.Header,
            Description = "Sleutel met een rol (analyst, admin, provider, scheduler), uitgegeven via /api/admin/keys.",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("inkoopKey", document)] = [] });
        return Task.CompletedTask;
    });

    public static IEndpointRouteBuilder MapApiDocument(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi(Path).AllowWithoutKey();
        return app;
    }
}
