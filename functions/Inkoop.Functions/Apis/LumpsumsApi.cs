using System.Text.Json;
using System.Text.Json.Serialization;
using Inkoop.Domain;
using Inkoop.Domain.Formats;
using Inkoop.Domain.Lumpsums;
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
/// Lumpsums (bids-and-lumpsum.md sections 2, 3, 4, 6, 7): the region's municipalities and participation, the lumpsums of a
/// year, quarterly realisation reports (each upload a version; the newest supersedes) and the variance per year and quarter.
/// </summary>
public static class LumpsumsApi
{
    /// <summary>The lumpsum document of a year over HTTP; a few thousand lumpsums fit.</summary>
    public const int MaxConfigurationChars = 400_000;

    public static IEndpointRouteBuilder MapLumpsumsApi(this IEndpointRouteBuilder app)
    {
        var region = app.MapGroup("/api").WithTags("Lumpsum").ProducesProblem(400).ProducesProblem(401).ProducesProblem(500);
        region.MapGet("/municipalities", GetMunicipalities).WithName("GetMunicipalities").AllowRoles(Role.Analyst, Role.Admin, Role.Provider).WithSummary("De gemeenten van de regio met hun cliënten");
        region.MapPut("/municipalities", PutMunicipalities).WithName("PutMunicipalities").AllowRoles(Role.Admin).Audited("municipalities").WithSummary("De gemeenten van de regio vastleggen (JSON)")
            .Accepts<JsonElement>("application/json").ProducesProblem(413).ProducesProblem(415);
        region.MapGet("/participation", GetParticipation).WithName("GetParticipation").AllowRoles(Role.Analyst, Role.Admin, Role.Provider).WithSummary("Deelname van de gemeenten per segment");
        region.MapPut("/participation", PutParticipation).WithName("PutParticipation").AllowRoles(Role.Admin).Audited("participation").WithSummary("Deelname per segment vastleggen (JSON)")
            .Accepts<JsonElement>("application/json").ProducesProblem(413).ProducesProblem(415);

        var api = app.MapGroup("/api/lumpsums").WithTags("Lumpsum").ProducesProblem(400).ProducesProblem(401).ProducesProblem(500);
        api.MapGet("/", ListYears).WithName("ListLumpsumYears").AllowRoles(Role.Analyst, Role.Admin).WithSummary("De jaren met lumpsums");
        api.MapGet("/{year}", GetLumpsums).WithName("GetLumpsums").AllowRoles(Role.Analyst, Role.Admin).WithSummary("De lumpsums van een jaar, met de verdeling over de gemeenten")
            .ProducesProblem(404).ProducesProblem(409);
        api.MapPut("/{year}", PutLumpsums).WithName("PutLumpsums").AllowRoles(Role.Admin).Audited("lumpsum-configuration").WithSummary("De lumpsums van een jaar vastleggen (JSON, sectie 6)")
            .Accepts<JsonElement>("application/json").ProducesProblem(413).ProducesProblem(415);
        api.MapPost("/{year}/realisation/{quarter}/{agb}/{segment}", UploadRealisation).WithName("UploadRealisation").AllowRoles(Role.Provider, Role.Analyst, Role.Admin).Audited("realisation-upload").CountedAsUpload("realisation")
            .WithSummary("Realisatierapport van een kwartaal uploaden (.xlsx met tabel Realisatie, of JSON); een nieuwere versie vervangt de oudere")
            .WithDescription(UploadPipeline.RepeatDescription)
            .AcceptsUpload("application/json").ProducesProblem(404);
        api.MapGet("/{year}/realisation", ListRealisation).WithName("ListRealisation").AllowRoles(Role.Analyst, Role.Admin).WithSummary("Alle versies van alle realisatierapporten van een jaar")
            .ProducesProblem(403).ProducesProblem(404);
        api.MapPost("/{year}/variance/{quarter}/recalculations", Recalculate).WithName("StartVarianceRecalculation").AllowRoles(Role.Analyst, Role.Admin).Audited("variance-recalculation")
            .WithSummary("De afwijking van een jaar tot en met een kwartaal nu herberekenen").ProducesProblem(404).ProducesProblem(409);
        api.MapGet("/{year}/variance/{quarter}", GetVariance).WithName("GetVariance").AllowRoles(Role.Analyst, Role.Admin)
            .WithSummary("De afwijking per lumpsum en per gemeente, tot en met een kwartaal").ProducesProblem(404);
        api.MapGet("/{year}/variance/{quarter}/lumpsums/{agb}/{segment}", GetLumpsumVariance).WithName("GetLumpsumVariance").AllowRoles(Role.Analyst, Role.Admin, Role.Provider)
            .WithSummary("De afwijking van één lumpsum").ProducesProblem(403).ProducesProblem(404);
        api.MapGet("/{year}/variance/{quarter}/municipalities/{code}", GetMunicipalityVariance).WithName("GetMunicipalityVariance").AllowRoles(Role.Analyst, Role.Admin)
            .WithSummary("De afwijking van één gemeente over alle lumpsums").ProducesProblem(404);
        api.MapGet("/{year}/variance/{quarter}/export", ExportVariance).WithName("ExportVariance").AllowRoles(Role.Analyst, Role.Admin)
            .WithSummary("De afwijking als werkmap (.xlsx) voor analisten").Produces(200, contentType: UploadBody.XlsxContentType).ProducesProblem(404);
        return app;
    }

    public sealed record MunicipalitiesDto(bool IsDefault, DateTimeOffset? UpdatedAt, IReadOnlyList<Municipality> Municipalities);

    public sealed record ParticipationDto(bool IsDefault, DateTimeOffset? UpdatedAt, IReadOnlyDictionary<string, IReadOnlyList<string>> Participation);

    public sealed record LumpsumDto(string Agb, string Segment, decimal Amount, decimal Bandwidth, IReadOnlyDictionary<string, decimal>? Tariffs,
        string Allocation, IReadOnlyList<MunicipalityAllocation> Municipalities, IReadOnlyList<decimal>? Profile);

    public sealed record LumpsumsDto(int Year, string? Round, DateTimeOffset UpdatedAt, IReadOnlyList<LumpsumDto> Lumpsums);

    public sealed record RealisationDto(int Year, int Quarter, string Agb, string Segment, int Version, string FileName, string Status, int Errors,
        int Warnings, DateTimeOffset UploadedAt, string Sha256, long Size, bool Current, IReadOnlyList<Finding>? Findings = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Unchanged = null);

    public sealed record VarianceDto(string Snapshot, DateTimeOffset ComputedAt, int Year, int Quarter, IReadOnlyList<LumpsumVarianceLine> Lumpsums,
        IReadOnlyList<ReportOverview> Reports);

    public sealed record RecalculationDto(string Snapshot, int Year, int Quarter, int Lumpsums, int Reports);

    public sealed record MunicipalityLineDto(string Agb, string Segment, decimal Bandwidth, MunicipalityVariance Variance);

    public sealed record MunicipalityVarianceDto(string Snapshot, int Year, int Quarter, string Code, string? Name, IReadOnlyList<MunicipalityLineDto> Lumpsums);

    // ---- municipalities and participation ----

    public static async Task<Results<Ok<MunicipalitiesDto>, ProblemHttpResult>> GetMunicipalities(LumpsumConfigurations configurations, CancellationToken ct)
    {
        var (setup, stored, _) = await configurations.SetupAsync(ct);
        return TypedResults.Ok(new MunicipalitiesDto(stored is null, stored?.UpdatedAt, setup.Municipalities));
    }

    public static async Task<Results<Ok<MunicipalitiesDto>, ProblemHttpResult>> PutMunicipalities(HttpRequest request, ILumpsumStore store,
        LumpsumConfigurations configurations, CancellationToken ct)
    {
        var json = await RequestText.ReadAsync(request, MaxConfigurationChars, ct);
        if (json is null) return Problems.TooLarge(MaxConfigurationChars);
        IReadOnlyList<Municipality> municipalities;
        try
        {
            municipalities = LumpsumConfigurationParser.ParseMunicipalities(json);
            // Participation stored earlier must still name existing municipalities.
            if (await store.GetSetupAsync(LumpsumStore.Participation, ct) is { } participation)
                LumpsumConfigurationParser.ParseParticipation(participation.Json, municipalities);
        }
        catch (ConfigurationException e)
        {
            return Problems.InvalidConfiguration("invalid-municipalities", "De gemeentelijst", e.Errors);
        }
        var stored = await store.PutSetupAsync(LumpsumStore.Municipalities, json, ct);
        return TypedResults.Ok(new MunicipalitiesDto(false, stored.UpdatedAt, municipalities));
    }

    public static async Task<Results<Ok<ParticipationDto>, ProblemHttpResult>> GetParticipation(LumpsumConfigurations configurations, CancellationToken ct)
    {
        var (setup, _, stored) = await configurations.SetupAsync(ct);
        return TypedResults.Ok(new ParticipationDto(stored is null, stored?.UpdatedAt, setup.Participation));
    }

    public static async Task<Results<Ok<ParticipationDto>, ProblemHttpResult>> PutParticipation(HttpRequest request, ILumpsumStore store,
        LumpsumConfigurations configurations, CancellationToken ct)
    {
        var json = await RequestText.ReadAsync(request, MaxConfigurationChars, ct);
        if (json is null) return Problems.TooLarge(MaxConfigurationChars);
        var (setup, _, _) = await configurations.SetupAsync(ct);
        IReadOnlyDictionary<string, IReadOnlyList<string>> participation;
        try
        {
            participation = LumpsumConfigurationParser.ParseParticipation(json, setup.Municipalities);
        }
        catch (ConfigurationException e)
        {
            return Problems.InvalidConfiguration("invalid-participation", "De deelname", e.Errors);
        }
        var stored = await store.PutSetupAsync(LumpsumStore.Participation, json, ct);
        return TypedResults.Ok(new ParticipationDto(false, stored.UpdatedAt, participation));
    }

    // ---- lumpsums ----

    public static async Task<Ok<IReadOnlyList<int>>> ListYears(ILumpsumStore store, CancellationToken ct) =>
        TypedResults.Ok(await store.ListYearsAsync(ct));

    public static async Task<Results<Ok<LumpsumsDto>, ProblemHttpResult>> GetLumpsums(int year, LumpsumConfigurations configurations, CancellationToken ct)
    {
        if (Year(year) is { } bad) return bad;
        var (stored, problem) = await LoadAsync(year, configurations, ct);
        return problem ?? (Results<Ok<LumpsumsDto>, ProblemHttpResult>)TypedResults.Ok(ToDto(stored!));
    }

    public static async Task<Results<Created<LumpsumsDto>, Ok<LumpsumsDto>, ProblemHttpResult>> PutLumpsums(int year, HttpRequest request,
        ILumpsumStore store, LumpsumConfigurations configurations, CancellationToken ct)
    {
        if (Year(year) is { } bad) return bad;
        var json = await RequestText.ReadAsync(request, MaxConfigurationChars, ct);
        if (json is null) return Problems.TooLarge(MaxConfigurationChars);
        LumpsumConfiguration configuration;
        try
        {
            if (HasSetup(json))
                return Problems.Create(400, "setup-not-here",
                    "Over de API staan gemeenten en deelname niet in de lumpsumconfiguratie: leg ze vast met PUT /api/municipalities en PUT /api/participation.");
            var (setup, _, _) = await configurations.SetupAsync(ct);
            configuration = LumpsumConfigurationParser.Parse(json, setup);
        }
        catch (ConfigurationException e)
        {
            return Problems.InvalidConfiguration("invalid-lumpsum-configuration", "De lumpsumconfiguratie", e.Errors);
        }
        if (configuration.Year != year)
            return Problems.Create(400, "year-mismatch", $"De configuratie gaat over {configuration.Year}, maar is verstuurd naar jaar {year}.");
        if (configuration.Round is null && configuration.Lumpsums.FirstOrDefault(l => l.ContractTariffs is null) is { } without)
            return Problems.Create(400, "no-reference-tariffs",
                $"De lumpsum van AGB-code {without.Agb} in segment {without.Segment} heeft geen contractprijzen ('tariffs'); noem dan in 'round' de ronde " +
                "waarvan de definitieve snapshot de referentietarieven geeft.");
        var (document, created) = await store.PutLumpsumsAsync(year, json, ct);
        var dto = ToDto(new StoredLumpsums(document, configuration, []));
        return created ? TypedResults.Created($"/api/lumpsums/{year}", dto) : TypedResults.Ok(dto);
    }

    // ---- realisation ----

    public static Task<Results<Created<RealisationDto>, Ok<RealisationDto>, ProblemHttpResult>> UploadRealisation(int year, int quarter, string agb, string segment,
        HttpRequest request, Caller caller, LumpsumConfigurations configurations, RealisationUploads uploads, IOptions<UploadOptions> options,
        CancellationToken ct)
    {
        segment = segment.ToUpperInvariant();
        var key = new RealisationKey(year, quarter, agb, segment);
        return UploadPipeline.RunAsync(request, options.Value,
            new UploadPipeline.Route<(LumpsumConfiguration Configuration, Func<Lumpsum, LumpsumReference?> References), RealisationReport, RealisationDto>(
            Check: () => Slot(year, quarter, agb, segment) ?? (caller.MayActFor(agb) ? null : Problems.Create(403, "agb-mismatch",
                $"U bent aangemeld als AGB-code {caller.Agb} en kunt alleen de realisatie van uw eigen organisatie uploaden; er is niets bewaard.")),
            Find: async c =>
            {
                var (stored, problem) = await LoadAsync(year, configurations, c);
                if (problem is not null) return (default, problem);
                var configuration = stored!.Configuration!;
                if (configuration.Find(agb, segment) is null)
                    return (default, Problems.Create(404, "lumpsum-not-found", $"Er is in {year} geen lumpsum voor AGB-code {agb} in segment {segment}."));
                return ((configuration, LumpsumReference.For(await configurations.NormalisedAsync(configuration, c))), null);
            },
            Intake: (target, file, c) =>
                RealisationIntake.Validate(FileName(file), file.Open(), file.Json, target.Configuration, target.References, key, file.Limits, c),
            Refuse: report => report.IsRejected
                ? UploadPipeline.Rejected(report.Findings, "report-rejected",
                    "Het rapport is niet verwerkt en niet bewaard: het gaat niet over deze lumpsum en dit kwartaal, of heeft geen leesbare sleutel. ")
                : null,
            Store: async (_, report, file, c) =>
            {
                var stored = await uploads.StoreAsync(report, file.Bytes, file.Json ? "application/json" : UploadBody.XlsxContentType, FileName(file), c);
                // Unchanged: the stored version as it was checked at its upload (the variance checks it again against the lumpsums of the day).
                var findings = stored.Unchanged ? null : report.Findings;
                return new UploadPipeline.Stored<RealisationDto>(ToDto(stored.Row, current: true, findings) with { Unchanged = stored.Unchanged ? true : null },
                    $"/api/lumpsums/{year}/realisation", stored.Unchanged);
            },
            TooLarge: Problems.Create(422, "report-too-large",
                "Het rapport bevat te veel bevindingen of te lange teksten om te bewaren en is niet bewaard. Stuurt u één rapport per kwartaal, " +
                "AGB-code en segment, met gewone gemeente- en productcodes."),
            AcceptsJson: true,
            MaxJsonChars: RealisationJson.MaxLength), ct);
    }

    private static string FileName(ReceivedFile file) =>
        Path.GetFileName(file.FileName) is { Length: > 0 } name ? name : file.Json ? "realisatie.json" : "realisatie.xlsx";

    public static async Task<Results<Ok<IReadOnlyList<RealisationDto>>, ProblemHttpResult>> ListRealisation(int year,
        ILumpsumStore store, CancellationToken ct)
    {
        if (Year(year) is { } bad) return bad;
        var versions = await store.ListRealisationAsync(year, ct);
        var newest = versions.GroupBy(v => v.Slot).ToDictionary(g => g.Key, g => g.Max(v => v.Version));
        return TypedResults.Ok<IReadOnlyList<RealisationDto>>(versions.Select(v => ToDto(v, newest[v.Slot] == v.Version)).ToList());
    }

    // ---- variance ----

    /// <summary>Under the year's lease, as the timer: waits <see cref="IWorkLeases.Wait"/> for a run elsewhere, then 409.</summary>
    public static async Task<Results<Created<RecalculationDto>, ProblemHttpResult>> Recalculate(int year, int quarter,
        LumpsumConfigurations configurations, LumpsumVarianceRecalculator recalculator, IWorkLeases leases, CancellationToken ct)
    {
        if (YearAndQuarter(year, quarter) is { } bad) return bad;
        var (stored, problem) = await LoadAsync(year, configurations, ct);
        if (problem is not null) return problem;
        var leased = await leases.RunAsync(WorkLeases.LumpsumYear(year), leases.Wait,
            c => recalculator.RunAsync(year, quarter, stored!.Configuration!, stored.Document, onlyIfChanged: false, c), ct);
        if (leased.Outcome != LeaseOutcome.Done) return Problems.WorkInProgress($"de variantie van {year}", leased.Outcome);
        var run = leased.Result!;
        return TypedResults.Created($"/api/lumpsums/{year}/variance/{quarter}",
            new RecalculationDto(run.Snapshot.SnapshotId, year, quarter, run.Result!.Lumpsums.Count, run.Result.Reports.Count));
    }

    public static async Task<Results<Ok<VarianceDto>, ProblemHttpResult>> GetVariance(int year, int quarter, VarianceSnapshots variance,
        CancellationToken ct)
    {
        var (snapshot, result, problem) = await ReadAsync(year, quarter, variance, ct);
        return problem ?? (Results<Ok<VarianceDto>, ProblemHttpResult>)TypedResults.Ok(
            new VarianceDto(snapshot!.SnapshotId, snapshot.CreatedAt, result!.Year, result.Quarter, result.Lumpsums, result.Reports));
    }

    public static async Task<Results<Ok<LumpsumVarianceLine>, ProblemHttpResult>> GetLumpsumVariance(int year, int quarter, string agb, string segment,
        VarianceSnapshots variance, CancellationToken ct)
    {
        segment = segment.ToUpperInvariant();
        if (Slot(year, quarter, agb, segment) is { } bad) return bad;
        var (_, result, problem) = await ReadAsync(year, quarter, variance, ct);
        if (problem is not null) return problem;
        var line = result!.Lumpsums.FirstOrDefault(l => l.Agb == agb && l.Segment == segment);
        return line is null
            ? Problems.Create(404, "lumpsum-not-found", $"Er is in {year} geen lumpsum voor AGB-code {agb} in segment {segment}.")
            : TypedResults.Ok(line);
    }

    public static async Task<Results<Ok<MunicipalityVarianceDto>, ProblemHttpResult>> GetMunicipalityVariance(int year, int quarter, string code,
        VarianceSnapshots variance, LumpsumConfigurations configurations, CancellationToken ct)
    {
        code = code.ToUpperInvariant();
        var (snapshot, result, problem) = await ReadAsync(year, quarter, variance, ct);
        if (problem is not null) return problem;
        var lines = result!.Lumpsums
            .SelectMany(l => l.Municipalities.Where(m => m.Code == code).Select(m => new MunicipalityLineDto(l.Agb, l.Segment, l.Bandwidth, m)))
            .ToList();
        var (setup, _, _) = await configurations.SetupAsync(ct);
        var municipality = setup.Find(code);
        if (municipality is null && lines.Count == 0)
            return Problems.Create(404, "municipality-not-found", $"Gemeente '{Shorten(code)}' is onbekend. Gebruik een CBS-code, bijvoorbeeld GM0197.");
        return TypedResults.Ok(new MunicipalityVarianceDto(snapshot!.SnapshotId, year, quarter, code, municipality?.Name, lines));
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportVariance(int year, int quarter, VarianceSnapshots variance,
        CancellationToken ct)
    {
        var (_, result, problem) = await ReadAsync(year, quarter, variance, ct);
        if (problem is not null) return problem;
        using var buffer = new MemoryStream();
        VarianceWorkbookWriter.Write(result!, buffer);
        return TypedResults.File(buffer.ToArray(), UploadBody.XlsxContentType, $"afwijking-{year}-k{quarter}.xlsx");
    }

    // ---- helpers ----

    private static async Task<(SnapshotHeader?, VarianceResult?, ProblemHttpResult?)> ReadAsync(int year, int quarter, VarianceSnapshots variance,
        CancellationToken ct)
    {
        if (YearAndQuarter(year, quarter) is { } bad) return (null, null, bad);
        var partition = VarianceSnapshots.Partition(year, quarter);
        var current = await variance.Store.GetCurrentAsync(partition, ct);
        var header = current is null ? null : await variance.Store.GetHeaderAsync(partition, current.SnapshotId, ct);
        var json = header is null ? null : await variance.Store.ReadContentAsync(partition, header.SnapshotId, ct);
        if (json is null)
            return (null, null, Problems.Create(404, "variance-not-found",
                $"Er is nog geen berekening van de afwijking over {year} tot en met kwartaal {quarter}. Start er een met POST /api/lumpsums/{year}/variance/{quarter}/recalculations."));
        return (header, JsonSerializer.Deserialize<VarianceResult>(json, ResultJson.Options), null);
    }

    private static async Task<(StoredLumpsums?, ProblemHttpResult?)> LoadAsync(int year, LumpsumConfigurations configurations, CancellationToken ct)
    {
        if (Year(year) is { } bad) return (null, bad);
        var stored = await configurations.LoadAsync(year, ct);
        if (stored is null) return (null, Problems.Create(404, "lumpsums-not-found", $"Er zijn geen lumpsums voor {year}. Leg ze vast met PUT /api/lumpsums/{year}."));
        if (stored.Configuration is null) return (null, Problems.StoredConfigurationInvalid(stored.Errors));
        return (stored, null);
    }

    private static bool HasSetup(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.EnumerateObject()
                .Any(p => p.Name.Equals("municipalities", StringComparison.OrdinalIgnoreCase) || p.Name.Equals("participation", StringComparison.OrdinalIgnoreCase));
        }
        catch (JsonException)
        {
            return false; // the parser reports it
        }
    }

    private static ProblemHttpResult? Year(int year) => RealisationSlot.IsValidYear(year)
        ? null
        : Problems.Create(400, "invalid-year", $"{year} is geen geldig jaar (2000-2100).");

    private static ProblemHttpResult? YearAndQuarter(int year, int quarter) => Year(year) ?? (quarter is >= 1 and <= 4
        ? null
        : Problems.Create(400, "invalid-quarter", $"Kwartaal {quarter} bestaat niet; een kwartaal is 1, 2, 3 of 4."));

    private static ProblemHttpResult? Slot(int year, int quarter, string agb, string segment) =>
        YearAndQuarter(year, quarter)
        ?? (StorageKeys.IsValidAgb(agb) ? null : Problems.InvalidAgb(agb))
        ?? (RealisationSlot.IsValidSegment(segment) ? null
            : Problems.Create(400, "invalid-segment", $"'{Shorten(segment)}' is geen geldige segmentcode (letters, cijfers en '-', bijvoorbeeld AMB)."));

    private static string Shorten(string s) => new(s.Take(40).Select(c => char.IsControl(c) ? '?' : c).ToArray());

    private static LumpsumsDto ToDto(StoredLumpsums stored)
    {
        var c = stored.Configuration!;
        return new LumpsumsDto(c.Year, c.Round, stored.Document.UpdatedAt, c.Lumpsums.Select(l => new LumpsumDto(l.Agb, l.Segment, l.Amount, l.Bandwidth,
            l.ContractTariffs, l.ExplicitAllocation ? "explicit" : "clients", l.Allocation, l.Profile)).ToList());
    }

    private static RealisationDto ToDto(RealisationVersion v, bool current, IReadOnlyList<Finding>? findings = null) => new(v.Slot.Year, v.Slot.Quarter,
        v.Slot.Agb, v.Slot.Segment, v.Version, v.FileName, v.Status, v.ErrorCount, v.WarningCount, v.UploadedAt, v.OriginalSha256, v.OriginalSize, current,
        findings ?? (v.FindingsJson is null ? [] : JsonSerializer.Deserialize<List<Finding>>(v.FindingsJson, ResultJson.Options)));
}
