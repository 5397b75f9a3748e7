using System.Text.Json.Serialization;
using Inkoop.Domain.Formats;
using Inkoop.Excel;
using Inkoop.Functions.Hosting;
using Inkoop.Functions.Services;
using Inkoop.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Inkoop.Functions.Apis;

/// <summary>
/// Providers' formats: upload (validated at once, stored as a new version, findings in the answer), the latest
/// format of every provider, one provider's findings and its version history.
/// </summary>
public static class FormatsApi
{
    /// <summary>
    /// Baseline until roles come: a caller that says which provider it is (the add-in does, for providers) may
    /// only upload and read formats of that AGB. Analysts leave the header out.
    /// </summary>
    public const string AgbHeader = "x-inkoop-agb";

    public static IEndpointRouteBuilder MapFormatsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/rounds/{round}/formats").WithTags("Formats")
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(404).ProducesProblem(500);
        api.MapPost("/", Upload).WithName("UploadFormat")
            .WithSummary("Format uploaden (.xlsx): wordt meteen gecontroleerd en als nieuwe versie bewaard")
            .WithDescription("Body: het .xlsx-bestand zelf (Content-Type " + UploadBody.XlsxContentType + " of " + UploadBody.OctetStream +
                             ") of één bestand in multipart/form-data. Optionele header " + AgbHeader + ": de AGB-code van de aanbieder " +
                             "die uploadt; een format van een andere AGB-code wordt dan geweigerd (403).")
            .Accepts<IFormFile>(UploadBody.XlsxContentType, UploadBody.OctetStream, UploadBody.Multipart)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                // The raw body is the file's bytes; a multipart body holds it as one file field.
                if (operation.RequestBody?.Content is { } content)
                {
                    foreach (var type in new[] { UploadBody.XlsxContentType, UploadBody.OctetStream })
                        content[type] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } };
                    content[UploadBody.Multipart] = new OpenApiMediaType
                    {
                        Schema = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            Properties = new Dictionary<string, IOpenApiSchema>
                            {
                                ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
                            },
                        },
                    };
                }
                return Task.CompletedTask;
            })
            .ProducesProblem(403).ProducesProblem(409).ProducesProblem(413).ProducesProblem(415).ProducesProblem(422);
        api.MapGet("/", List).WithName("ListFormats").WithSummary("Het laatste format van elke aanbieder, met status en aantallen");
        api.MapGet("/{agb}", Get).WithName("GetFormat").WithSummary("Het laatste format van één aanbieder, met bevindingen")
            .ProducesProblem(403);
        api.MapGet("/{agb}/versions", Versions).WithName("ListFormatVersions").WithSummary("Alle versies van het format van één aanbieder")
            .ProducesProblem(403);
        return app;
    }

    public sealed record FormatDto(
        string Round, string Agb, string? Name, int Version, string Status, int Errors, int Warnings,
        DateTimeOffset UploadedAt, string? Sha256, long Size,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<Finding>? Findings = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Supersedes = null);

    public sealed record FormatListDto(string Round, int Count, IReadOnlyDictionary<string, int> Statuses, IReadOnlyList<FormatDto> Formats);

    public sealed record FormatVersionDto(int Version, string Status, int Errors, int Warnings, DateTimeOffset UploadedAt,
        string? Sha256, long Size, bool Latest);

    public static async Task<Results<Created<FormatDto>, ProblemHttpResult>> Upload(string round, HttpRequest request, IRoundStore rounds,
        FormatUploads uploads, IOptions<UploadOptions> options, CancellationToken ct)
    {
        if (!StorageKeys.IsValidRound(round)) return Problems.InvalidRoundId(round);
        if (ClaimedAgb(request, out var claimed) is { } badHeader) return badHeader;
        var maxBytes = options.Value.MaxBytes;
        if (UploadBody.Precheck(request, maxBytes) is { } refused) return refused;
        var lookup = await RoundLookup.FindAsync(rounds, round, ct);
        if (lookup.Problem is { } problem) return problem;
        var (upload, unreadable) = await UploadBody.ReadAsync(request, maxBytes, ct);
        if (unreadable is not null) return unreadable;

        var format = FormatIntake.Validate(new MemoryStream(upload!.Bytes, writable: false), lookup.Configuration!,
            WorkbookLimits.Default with { MaxInputBytes = maxBytes }, ct);
        if (format.IsRejected) return Rejected(format);
        if (claimed is not null && claimed != format.Agb)
            return Problems.Create(403, "agb-mismatch",
                $"Dit format is van AGB-code {format.Agb}, maar u uploadt als AGB-code {claimed}. U kunt alleen het format van uw eigen organisatie uploaden.");
        if (!FormatUploads.Fits(format))
            return Problems.Create(422, "format-too-large",
                "Het format bevat te veel gegevens om te bewaren en is niet bewaard. Gebruikt u het lege format van deze ronde, met alleen de producten die u levert.");

        var stored = await uploads.StoreAsync(lookup.Configuration!, format, upload.Bytes, UploadBody.XlsxContentType, ct);
        return TypedResults.Created($"/api/rounds/{round}/formats/{stored.Version.Agb}",
            ToDto(stored.Version, format.Findings) with { Supersedes = stored.Supersedes });
    }

    public static async Task<Results<Ok<FormatListDto>, ProblemHttpResult>> List(string round, IRoundStore rounds, IFormatStore formats,
        CancellationToken ct)
    {
        if (!StorageKeys.IsValidRound(round)) return Problems.InvalidRoundId(round);
        if (await rounds.GetAsync(round, ct) is null) return Problems.RoundNotFound(round);
        var latest = await formats.ListLatestAsync(round, includeContent: false, ct);
        var statuses = new[] { FormatStatus.Accepted, FormatStatus.RepairNeeded, FormatStatus.ClosedWithExclusions }
            .Select(FormatStatuses.Name)
            .ToDictionary(s => s, s => latest.Count(f => f.Status == s));
        return TypedResults.Ok(new FormatListDto(round, latest.Count, statuses, latest.Select(f => ToDto(f)).ToList()));
    }

    public static async Task<Results<Ok<FormatDto>, ProblemHttpResult>> Get(string round, string agb, HttpRequest request,
        IRoundStore rounds, IFormatStore formats, CancellationToken ct)
    {
        if (await CheckProviderRouteAsync(round, agb, request, rounds, ct) is { } problem) return problem;
        var latest = await formats.GetLatestAsync(round, agb, includeContent: true, ct);
        return latest is null ? Problems.FormatNotFound(round, agb) : TypedResults.Ok(ToDto(latest, StoredFormats.Findings(latest)));
    }

    public static async Task<Results<Ok<IReadOnlyList<FormatVersionDto>>, ProblemHttpResult>> Versions(string round, string agb,
        HttpRequest request, IRoundStore rounds, IFormatStore formats, CancellationToken ct)
    {
        if (await CheckProviderRouteAsync(round, agb, request, rounds, ct) is { } problem) return problem;
        var versions = await formats.ListVersionsAsync(round, agb, ct);
        if (versions.Count == 0) return Problems.FormatNotFound(round, agb);
        var latest = versions.Max(v => v.Version);
        return TypedResults.Ok<IReadOnlyList<FormatVersionDto>>(versions.Select(v => new FormatVersionDto(v.Version, v.Status, v.ErrorCount,
            v.WarningCount, v.UploadedAt, v.OriginalSha256, v.OriginalSize, v.Version == latest)).ToList());
    }

    private static ProblemHttpResult Rejected(ProviderFormat format)
    {
        var codes = format.Findings.Where(f => f.Severity == Severity.Error).Select(f => f.Code).ToHashSet();
        var code = codes.Contains(FindingCodes.FileRefused) ? "file-refused"
            : codes.Contains(FindingCodes.FileUnreadable) ? "file-unreadable"
            : "format-rejected";
        var intro = code == "format-rejected"
            ? "Het format is niet verwerkt en niet bewaard: het is niet aan een aanbieder in deze ronde toe te wijzen. "
            : "Het bestand is niet verwerkt en niet bewaard. ";
        return Problems.Create(422, code, intro + string.Join(" ", format.Findings.Select(f => f.Message)),
            new Dictionary<string, object?> { ["findings"] = format.Findings });
    }

    /// <summary>The AGB-code in <see cref="AgbHeader"/> (null when absent), or a 400 when it is no AGB-code.</summary>
    private static ProblemHttpResult? ClaimedAgb(HttpRequest request, out string? agb)
    {
        agb = null;
        if (!request.Headers.TryGetValue(AgbHeader, out var values)) return null;
        agb = values.ToString().Trim();
        return StorageKeys.IsValidAgb(agb) ? null : Problems.Create(400, "invalid-agb",
            $"De header {AgbHeader} moet een AGB-code van precies 8 cijfers zijn.");
    }

    private static async Task<ProblemHttpResult?> CheckProviderRouteAsync(string round, string agb, HttpRequest request, IRoundStore rounds,
        CancellationToken ct)
    {
        if (!StorageKeys.IsValidRound(round)) return Problems.InvalidRoundId(round);
        if (!StorageKeys.IsValidAgb(agb)) return Problems.InvalidAgb(agb);
        if (ClaimedAgb(request, out var claimed) is { } badHeader) return badHeader;
        if (claimed is not null && claimed != agb)
            return Problems.Create(403, "agb-mismatch", $"U bent aangemeld als AGB-code {claimed} en kunt alleen het format van uw eigen organisatie inzien.");
        return await rounds.GetAsync(round, ct) is null ? Problems.RoundNotFound(round) : null;
    }

    private static FormatDto ToDto(FormatVersion v, IReadOnlyList<Finding>? findings = null) => new(v.Round, v.Agb, v.ProviderName,
        v.Version, v.Status, v.ErrorCount, v.WarningCount, v.UploadedAt, v.OriginalSha256, v.OriginalSize, findings);
}
