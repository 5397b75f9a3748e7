using System.Security.Cryptography;
using Inkoop.Functions.Access;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Inkoop.Functions.Apis;

/// <summary>
/// The OpenAPI document at <c>/api/openapi.json</c> and its reference page at <c>/api/docs/</c> (Scalar, its script
/// served from the package), both anonymous. The document holds to Redocly's recommended rules (checked in
/// <c>OpenApiLintTests</c>): every operation a summary, a 2xx and a 4xx answer; every tag a description; a licence.
/// </summary>
public static class ApiDocument
{
    public const string Path = "/api/openapi.json";
    public const string ReferencePath = "/api/docs";

    /// <summary>What each tag groups, for readers of the reference. A new tag needs its line here (the lint test says so).</summary>
    public static readonly IReadOnlyDictionary<string, string> TagDescriptions = new Dictionary<string, string>
    {
        ["Health"] = "Leeft de app en kan zij bij de opslag? Zonder sleutel.",
        ["Rondes"] = "Onderzoeksrondes: hun configuratie, het lege format en het opnieuw valideren van de ingeleverde formats.",
        ["Formats"] = "De ingeleverde formats van aanbieders: uploaden, status en bevindingen, eerdere versies.",
        ["Berekeningen"] = "Genormeerde tarieven: herberekenen, momentopnames (concept en definitief) en vergelijken.",
        ["Exports"] = "Werkmappen voor analisten (.xlsx) met tarieven, inschrijvingen en afwijkingen.",
        ["Aanbestedingen"] = "Aanbestedingen met percelen, inschrijvingen, hun analyse en rangorde.",
        ["Gevoeligheid"] = "Wat elke normkeuze met elk tarief doet: de gevoeligheid van een snapshot en scenario's.",
        ["Marktconsultatie"] = "De marktconsultatie: het concept aan aanbieders, hun schriftelijke reacties voor de termijn, de antwoorden (terugkoppeling) en wat er van concept naar definitief veranderde.",
        ["Lumpsum"] = "Lumpsums per jaar: gemeenten, deelname, realisatie per kwartaal en de afwijking.",
        ["Web"] = "De uploadpagina voor aanbieders en de Excel-invoegtoepassing (statische bestanden en manifesten).",
        ["Beheer"] = "Sleutels, Entra-principals en het auditlog; alleen voor beheerders.",
        ["Timers"] = "De geplande taken, op verzoek te starten door de planner.",
    };

    public static void Configure(OpenApiOptions options) => options.AddDocumentTransformer((document, _, _) =>
    {
        document.Info = new OpenApiInfo
        {
            Title = "Inkoop.Serverless",
            Version = "v1",
            Description = "Tarievenonderzoek jeugdhulp en Wmo: rondes, formats, tarieven. Elke route behalve health, dit document " +
                          "en de statische bestanden vraagt een sleutel (header x-inkoop-key) of een Entra ID-toegangstoken " +
                          "(Authorization: Bearer); wat een beller mag, hangt af van zijn rol. Fouten zijn problem+json (RFC 9457). " +
                          "Elk antwoord draagt een correlatie-id in de header X-Correlation-Id (een eigen id van de beller, " +
                          "hoogstens 64 letters, cijfers en - _ . :, wordt overgenomen); een fout draagt die ook als correlationId.",
            // The repository has no licence file: its code is the owner's, all rights reserved (an SPDX LicenseRef, not an
            // open licence). Replace both when the owner chooses one.
            License = new OpenApiLicense { Name = "Alle rechten voorbehouden", Identifier = "LicenseRef-Proprietary" },
        };
        // "http://host/" names the same server as "http://host", which clients join with "/api/..." into "//api".
        foreach (var server in document.Servers ?? []) server.Url = server.Url?.TrimEnd('/');
        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
            if (tag.Name is { } name && TagDescriptions.TryGetValue(name, out var description)) tag.Description = description;
        foreach (var operation in (document.Paths ?? []).Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []))
        {
            // The server itself refuses a request before any route sees it (unreadable: 400, headers too large: 431).
            if (operation.Responses is { } responses && !responses.Keys.Any(k => k.StartsWith('4')))
                responses["4XX"] = new OpenApiResponse { Description = "Geweigerd door de server voordat de route het verzoek ziet (onleesbaar verzoek 400, te grote headers 431); zonder inhoud." };
            // Every route that reads or writes storage answers 503 storage-unavailable while it is down (Problems); health
            // and the static files do not touch it, and ready says so in its own answer.
            if (operation.Responses is { } answers && !answers.ContainsKey("503") && operation.Tags?.Any(t => t.Name is "Health" or "Web") != true)
                answers["503"] = new OpenApiResponse
                {
                    Description = "De opslag is tijdelijk niet bereikbaar (storage-unavailable); probeer het na Retry-After seconden opnieuw. Een upload die zo eindigde, kunt u gerust opnieuw versturen: dezelfde bytes worden niet twee keer bewaard.",
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", document) },
                    },
                };
        }

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["inkoopKey"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeys.Header,
            Description = "Sleutel met een rol (analyst, admin, provider, scheduler), uitgegeven via /api/admin/keys.",
        };
        document.Components.SecuritySchemes["entraToken"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "Entra ID-toegangstoken (v2) van de tenant van de regio voor de scope access_as_user van de API; " +
                          "de rol komt uit de koppeling van het Entra-object-id (/api/admin/principals).",
        };
        // Either one: two requirements.
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("inkoopKey", document)] = [] });
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("entraToken", document)] = [] });
        return Task.CompletedTask;
    });

    public static IEndpointRouteBuilder MapApiDocument(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi(Path).AllowWithoutKey();
        // The page's one inline script carries a fresh nonce that its Content-Security-Policy allows (no 'unsafe-inline');
        // fonts and telemetry off, so the page loads nothing from anywhere but this app.
        app.MapScalarApiReference(ReferencePath, (o, context) =>
            {
                // Hex: nothing in it that HTML would encode differently in the attribute than in the header.
                var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
                o.WithOpenApiRoutePattern(Path).WithTitle("Inkoop.Serverless API").WithNonce(nonce)
                    .DisableDefaultFonts().DisableTelemetry().DisableAgent().DisableMcp().HideDeveloperTools().WithDotNetFlag(false)
                    // zod (in scalar.js) probes for eval with Function(""), which the policy refuses; jitless it does not try.
                    .AddHeadContent($"<script nonce=\"{nonce}\">globalThis.__zod_globalConfig = {{ jitless: true }};</script>");
                context.Response.OnStarting(() =>
                {
                    context.Response.Headers.ContentSecurityPolicy = ReferencePolicy(nonce);
                    return Task.CompletedTask;
                });
            })
            .AllowWithoutKey();
        return app;
    }

    /// <summary>The reference page's Content-Security-Policy: its own scripts, the one nonced inline script, nothing external.</summary>
    public static string ReferencePolicy(string nonce) =>
        $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
}
