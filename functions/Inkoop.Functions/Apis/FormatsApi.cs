using System.Text.Json.Serialization;
using Inkoop.Domain.Formats;
using Inkoop.Domain.Rounds;
using Inkoop.Excel;
using Inkoop.Functions.Access;
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
    public static IEndpointRouteBuilder MapFormatsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/rounds/{round}/formats").WithTags("Formats")
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(404).ProducesProblem(500);
        api.MapPost("/", Upload).WithName("UploadFormat").AllowRoles(Role.Provider, Role.Analyst, Role.Admin).Audited("upload").CountedAsUpload("format")
            .WithSummary("Format uploaden (.xlsx): wordt meteen gecontroleerd en als nieuwe versie bewaard")
            .WithDescription("Body: het .xlsx-bestand zelf (Content-Type " + UploadBody.XlsxContentType + " of " + UploadBody.OctetStream +
                             ") of één bestand in multipart/form-data. Een aanbieder kan alleen het format van zijn eigen AGB-code " +
                             "uploaden; een format van een andere AGB-code wordt geweigerd (403) en niet bewaard. " + UploadPipeline.RepeatDescription)
            .AcceptsUpload();
        api.MapGet("/", List).WithName("ListFormats").AllowRoles(Role.Analyst, Role.Admin).WithSummary("Het laatste format van elke aanbieder, met status en aantallen");
        api.MapGet("/{agb}", Get).WithName("GetFormat").AllowRoles(Role.Analyst, Role.Admin, Role.Provider).WithSummary("Het laatste format van één aanbieder, met bevindingen")
            .ProducesProblem(403);
        api.MapGet("/{agb}/versions", Versions).WithName("ListFormatVersions").AllowRoles(Role.Analyst, Role.Admin, Role.Provider).WithSummary("Alle versies van het format van één aanbieder")
            .ProducesProblem(403);
        return app;
    }

    public sealed record FormatDto(
        string Round, string Agb, string? Name, int Version, string Status, int Errors, int Warnings,
        DateTimeOffset UploadedAt, string? Sha256, long Size,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<Finding>? Findings = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Supersedes = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Unchanged = null);

    public sealed record FormatListDto(string Round, int Count, IReadOnlyDictionary<string, int> Statuses, IReadOnlyList<FormatDto> Formats);

    public sealed record FormatVersionDto(int Version, string Status, int Errors, int Warnings, DateTimeOffset UploadedAt,
        string? Sha256, long Size, bool Latest);

    public static Task<Results<Created<FormatDto>, Ok<FormatDto>, ProblemHttpResult>> Upload(string round, HttpRequest request, Caller caller,
        IRoundStore rounds, FormatUploads uploads, IOptions<UploadOptions> options, CancellationToken ct) =>
        UploadPipeline.RunAsync(request, options.Value, new UploadPipeline.Route<RoundConfiguration, ProviderFormat, FormatDto>(
            Check: () => StorageKeys.IsValidRound(round) ? null : Problems.InvalidRoundId(round),
            Find: async c =>
            {
                var lookup = await RoundLookup.FindAsync(rounds, round, c);
                return (lookup.Configuration, Problems.Of(lookup));
            },
            Intake: (configuration, file, c) => FormatIntake.Validate(file.Open(), configuration, file.Limits, c),
            Refuse: format =>
            {
                if (format.IsRejected) return UploadPipeline.Rejected(format.Findings, "format-rejected",
                    "Het format is niet verwerkt en niet bewaard: het is niet aan een aanbieder in deze ronde toe te wijzen. ");
                AuditLog.Note(request.HttpContext, $"agb {format.Agb}");
                return caller.MayActFor(format.Agb!) ? null : UploadPipeline.OtherAgb(caller.Agb, "format", "het format");
            },
            Store: async (configuration, format, file, c) =>
            {
                var stored = await uploads.StoreAsync(configuration, format, file.Bytes, UploadBody.XlsxContentType, c);
                AuditLog.Note(request.HttpContext,
                    $"agb {format.Agb} versie {stored.Row.Version} ({stored.Row.Status}){(stored.Unchanged ? " ongewijzigd" : "")}");
                // Unchanged: the same bytes validated against the same configuration give these very findings.
                return new UploadPipeline.Stored<FormatDto>(ToDto(stored.Row, format.Findings) with
                {
                    Supersedes = stored.Superseded?.Version, Unchanged = stored.Unchanged ? true : null,
                }, $"/api/rounds/{round}/formats/{stored.Row.Agb}", stored.Unchanged);
            },
            TooLarge: Problems.Create(422, "format-too-large",
                "Het format bevat te veel gegevens of te lange teksten (bijvoorbeeld de naam van de aanbieder) om te bewaren en is niet bewaard. " +
                "Gebruikt u het lege format van deze ronde, met alleen de producten die u levert en gewone namen.")), ct);

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

    public static async Task<Results<Ok<FormatDto>, ProblemHttpResult>> Get(string round, string agb, IRoundStore rounds,
        IFormatStore formats, CancellationToken ct)
    {
        if (await CheckProviderRouteAsync(round, agb, rounds, ct) is { } problem) return problem;
        var latest = await formats.GetLatestAsync(round, agb, includeContent: true, ct);
        return latest is null ? Problems.FormatNotFound(round, agb) : TypedResults.Ok(ToDto(latest, StoredFormats.Findings(latest)));
    }

    public static async Task<Results<Ok<IReadOnlyList<FormatVersionDto>>, ProblemHttpResult>> Versions(string round, string agb,
        IRoundStore rounds, IFormatStore formats, CancellationToken ct)
    {
        if (await CheckProviderRouteAsync(round, agb, rounds, ct) is { } problem) return problem;
        var versions = await formats.ListVersionsAsync(round, agb, ct);
        if (versions.Count == 0) return Problems.FormatNotFound(round, agb);
        var latest = versions.Max(v => v.Version);
        return TypedResults.Ok<IReadOnlyList<FormatVersionDto>>(versions.Select(v => new FormatVersionDto(v.Version, v.Status, v.ErrorCount,
            v.WarningCount, v.UploadedAt, v.OriginalSha256, v.OriginalSize, v.Version == latest)).ToList());
    }

    /// <summary>A provider's own AGB-code is enforced by <see cref="AccessControl"/> (route value <c>agb</c>).</summary>
    private static async Task<ProblemHttpResult?> CheckProviderRouteAsync(string round, string agb, IRoundStore rounds, CancellationToken ct)
    {
        if (!StorageKeys.IsValidRound(round)) return Problems.InvalidRoundId(round);
        if (!StorageKeys.IsValidAgb(agb)) return Problems.InvalidAgb(agb);
        return await rounds.GetAsync(round, ct) is null ? Problems.RoundNotFound(round) : null;
    }

    private static FormatDto ToDto(FormatVersion v, IReadOnlyList<Finding>? findings = null) => new(v.Round, v.Agb, v.ProviderName,
        v.Version, v.Status, v.ErrorCount, v.WarningCount, v.UploadedAt, v.OriginalSha256, v.OriginalSize, findings);
}
