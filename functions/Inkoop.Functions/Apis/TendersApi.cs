using Inkoop.Domain;
using System.Text.Json;
using System.Text.Json.Serialization;
using Inkoop.Domain.Bids;
using Inkoop.Domain.Formats;
using Inkoop.Excel;
using Inkoop.Functions.Access;
using Inkoop.Functions.Hosting;
using Inkoop.Functions.Services;
using Inkoop.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Inkoop.Functions.Apis;

/// <summary>
/// Tenders and their bids: the tender configuration, the bid template, bid uploads (validated and analysed at once, one
/// version per upload), per lot the bids with their ranking and an export, one bid's analysis, and re-analysis on request.
/// </summary>
public static class TendersApi
{
    public static IEndpointRouteBuilder MapTendersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/tenders").WithTags("Aanbestedingen").ProducesProblem(400).ProducesProblem(401).ProducesProblem(404).ProducesProblem(500);
        api.MapGet("/", List).WithName("ListTenders").AllowRoles(Role.Analyst, Role.Admin).WithSummary("Alle aanbestedingen");
        api.MapPut("/{tender}", Put).WithName("PutTender").AllowRoles(Role.Admin).Audited("tender-configuration").WithSummary("Aanbesteding aanmaken of bijwerken vanuit haar configuratie (JSON)")
            .Accepts<JsonElement>("application/json").ProducesProblem(409).ProducesProblem(413);
        api.MapGet("/{tender}", Get).WithName("GetTender").AllowRoles(Role.Analyst, Role.Admin, Role.Provider).WithSummary("Eén aanbesteding met haar configuratie");
        api.MapGet("/{tender}/template", Template).WithName("GetTenderTemplate").AllowRoles(Role.Analyst, Role.Admin, Role.Provider).WithSummary("Het lege prijsblad (.xlsx) van de aanbesteding")
            .Produces(200, contentType: UploadBody.XlsxContentType).ProducesProblem(409);
        api.MapPost("/{tender}/bids", Upload).WithName("UploadBid").AllowRoles(Role.Provider, Role.Analyst, Role.Admin).Audited("bid-upload").CountedAsUpload("bid")
            .WithSummary("Prijsblad uploaden (.xlsx): wordt meteen gecontroleerd, geanalyseerd en als nieuwe versie bewaard")
            .WithDescription("Body: het .xlsx-bestand zelf of één bestand in multipart/form-data. Een aanbieder kan alleen een prijsblad " +
                             "van zijn eigen AGB-code indienen; een prijsblad van een andere AGB-code wordt geweigerd (403) en niet bewaard. " +
                             UploadPipeline.RepeatDescription)
            .AcceptsUpload();
        api.MapPost("/{tender}/analyses", Reanalyse).WithName("ReanalyseBids").AllowRoles(Role.Analyst, Role.Admin).Audited("bid-reanalysis")
            .WithSummary("Alle huidige inschrijvingen opnieuw analyseren tegen de laatste definitieve snapshot van de ronde").ProducesProblem(409);
        api.MapGet("/{tender}/lots/{lot}/bids", ListBids).WithName("ListBids").AllowRoles(Role.Analyst, Role.Admin).WithSummary("De huidige inschrijvingen op een perceel, met de rangorde");
        api.MapGet("/{tender}/lots/{lot}/bids/{agb}", GetBid).WithName("GetBid").AllowRoles(Role.Analyst, Role.Admin, Role.Provider).WithSummary("De analyse van één inschrijving").ProducesProblem(403);
        api.MapGet("/{tender}/lots/{lot}/export", Export).WithName("ExportBids").AllowRoles(Role.Analyst, Role.Admin).WithSummary("De analyse van de inschrijvingen op een perceel als werkmap (.xlsx)")
            .Produces(200, contentType: UploadBody.XlsxContentType);
        return app;
    }

    public sealed record TenderDto(string Tender, string Name, string Round, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, JsonElement Configuration);

    /// <summary>
    /// One stored bid: its version and the final snapshot its analysis was made against; without one, <c>snapshot</c> is null
    /// and <c>reason</c> says why every line is notComputable.
    /// </summary>
    public sealed record BidDto(string Tender, string Lot, string Agb, int Version, DateTimeOffset UploadedAt, string? Sha256, long Size,
        string? Snapshot, string? Reason, DateTimeOffset AnalysedAt, BidReport Analysis,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Unchanged = null);

    public sealed record LotBidsDto(string Tender, string Lot, IReadOnlyList<RankedBidReport> Ranking, IReadOnlyList<BidDto> Bids);

    public sealed record ReanalysisDto(string Tender, string? Snapshot, string? Reason, int Analysed, int Changed);

    public static async Task<Ok<IReadOnlyList<TenderDto>>> List(ITenderStore tenders, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<TenderDto>>((await tenders.ListAsync(ct)).Select(ToDto).ToList());

    public static async Task<Results<Ok<TenderDto>, ProblemHttpResult>> Get(string tender, ITenderStore tenders, CancellationToken ct)
    {
        var lookup = await TenderLookup.FindAsync(tenders, tender, ct);
        return Problems.Of(lookup) is { } problem ? problem : TypedResults.Ok(ToDto(lookup.Record!));
    }

    public static async Task<Results<Created<TenderDto>, Ok<TenderDto>, ProblemHttpResult>> Put(string tender, HttpRequest request,
        ITenderStore tenders, IRoundStore rounds, CancellationToken ct)
    {
        if (!StorageKeys.IsValidTender(tender)) return Problems.InvalidTenderId(tender);
        var json = await RequestText.ReadAsync(request, TenderConfigurationParser.MaxLength, ct);
        if (json is null) return Problems.TooLarge(TenderConfigurationParser.MaxLength);
        TenderConfiguration configuration;
        try
        {
            configuration = TenderConfigurationParser.Parse(json);
        }
        catch (ConfigurationException e)
        {
            return Problems.InvalidConfiguration("invalid-tender-configuration", "De aanbestedingsconfiguratie", e.Errors);
        }
        if (configuration.Tender != tender)
            return Problems.Create(400, "tender-mismatch",
                $"De configuratie hoort bij aanbesteding '{configuration.Tender}', maar is verstuurd naar '{tender}'. Die moeten gelijk zijn.");
        if (await rounds.GetAsync(configuration.Round, ct) is null)
            return Problems.Create(409, "round-not-found", $"De aanbesteding verwijst naar ronde '{configuration.Round}', die niet bestaat. Maak eerst de ronde aan.");
        var (stored, created) = await tenders.SaveAsync(new TenderRecord(configuration.Tender, configuration.Name, configuration.Round, json), ct);
        return created ? TypedResults.Created($"/api/tenders/{tender}", ToDto(stored)) : TypedResults.Ok(ToDto(stored));
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Template(string tender, ITenderStore tenders, IRoundStore rounds,
        CancellationToken ct)
    {
        var lookup = await TenderLookup.FindAsync(tenders, tender, ct);
        if (Problems.Of(lookup) is { } problem) return problem;
        var round = await RoundLookup.FindAsync(rounds, lookup.Configuration!.Round, ct);
        if (Problems.Of(round) is { } roundProblem) return roundProblem;
        using var buffer = new MemoryStream();
        BidTemplateWriter.Write(lookup.Configuration, round.Configuration!, buffer);
        return TypedResults.File(buffer.ToArray(), UploadBody.XlsxContentType, $"prijsblad-{tender}.xlsx");
    }

    public static Task<Results<Created<BidDto>, Ok<BidDto>, ProblemHttpResult>> Upload(string tender, HttpRequest request, Caller caller,
        ITenderStore tenders, BidAnalyses analyses, IOptions<UploadOptions> options, CancellationToken ct) =>
        UploadPipeline.RunAsync(request, options.Value, new UploadPipeline.Route<TenderConfiguration, Bid, BidDto>(
            Check: () => StorageKeys.IsValidTender(tender) ? null : Problems.InvalidTenderId(tender),
            Find: async c =>
            {
                var lookup = await TenderLookup.FindAsync(tenders, tender, c);
                return (lookup.Configuration, Problems.Of(lookup));
            },
            Intake: (configuration, file, c) => BidIntake.Validate(file.Open(), configuration, file.Limits, c),
            Refuse: bid => bid.IsRejected
                ? UploadPipeline.Rejected(bid.Findings, "bid-rejected",
                    "Het prijsblad is niet verwerkt en niet bewaard: het is niet aan een inschrijver en perceel van deze aanbesteding toe te wijzen. ")
                : caller.MayActFor(bid.Agb!) ? null : UploadPipeline.OtherAgb(caller.Agb, "prijsblad", "een inschrijving"),
            Store: async (configuration, bid, file, c) =>
            {
                var stored = await analyses.StoreAsync(configuration, bid, file.Bytes, UploadBody.XlsxContentType, c);
                return new UploadPipeline.Stored<BidDto>(ToDto(configuration, stored.Row) with { Unchanged = stored.Unchanged ? true : null },
                    $"/api/tenders/{tender}/lots/{stored.Row.Lot}/bids/{stored.Row.Agb}", stored.Unchanged);
            },
            TooLarge: Problems.Create(422, "bid-too-large",
                "Het prijsblad bevat te veel gegevens of te lange teksten (bijvoorbeeld de naam van de inschrijver) om te bewaren en is niet bewaard. " +
                "Gebruikt u het lege prijsblad van deze aanbesteding, met alleen de producten die u aanbiedt.")), ct);

    public static async Task<Results<Ok<ReanalysisDto>, ProblemHttpResult>> Reanalyse(string tender, ITenderStore tenders, BidAnalyses analyses,
        CancellationToken ct)
    {
        var lookup = await TenderLookup.FindAsync(tenders, tender, ct);
        if (Problems.Of(lookup) is { } problem) return problem;
        var (reference, analysed, changed) = await analyses.ReanalyseAsync(lookup.Configuration!, ct);
        return TypedResults.Ok(new ReanalysisDto(tender, reference.Snapshot, reference.Unavailable, analysed, changed));
    }

    public static async Task<Results<Ok<LotBidsDto>, ProblemHttpResult>> ListBids(string tender, string lot, ITenderStore tenders, IBidStore bids,
        CancellationToken ct)
    {
        var (configuration, found, current, problem) = await LotAsync(tender, lot, tenders, bids, ct);
        if (problem is not null) return problem;
        var ranking = Ranking(configuration!, found!, current!);
        return TypedResults.Ok(new LotBidsDto(tender, found!.Code, ranking.Ranking, current!.Select(b => ToDto(configuration!, b)).ToList()));
    }

    /// <summary>A provider's own AGB-code is enforced by <see cref="AccessControl"/> (route value <c>agb</c>).</summary>
    public static async Task<Results<Ok<BidDto>, ProblemHttpResult>> GetBid(string tender, string lot, string agb,
        ITenderStore tenders, IBidStore bids, CancellationToken ct)
    {
        if (!StorageKeys.IsValidAgb(agb)) return Problems.InvalidAgb(agb);
        var (configuration, found, _, problem) = await LotAsync(tender, lot, tenders, null, ct);
        if (problem is not null) return problem;
        var latest = await bids.GetLatestAsync(tender, found!.Code, agb, ct);
        return latest is null ? Problems.BidNotFound(tender, lot, agb) : TypedResults.Ok(ToDto(configuration!, latest));
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Export(string tender, string lot, ITenderStore tenders, IBidStore bids,
        CancellationToken ct)
    {
        var (configuration, found, current, problem) = await LotAsync(tender, lot, tenders, bids, ct);
        if (problem is not null) return problem;
        var report = new BidsReport(tender, current!.Select(BidAnalyses.ReportOf).ToList(), [Ranking(configuration!, found!, current!)]);
        using var buffer = new MemoryStream();
        BidAnalysisWorkbookWriter.Write(configuration!, report, buffer);
        return TypedResults.File(buffer.ToArray(), UploadBody.XlsxContentType, $"inschrijvingen-{tender}-{report.Lots[0].Code}.xlsx");
    }

    /// <summary>The tender's configuration and (with <paramref name="bids"/>) the lot's current bids, or the problem.</summary>
    private static async Task<(TenderConfiguration?, Lot?, IReadOnlyList<BidVersion>?, ProblemHttpResult?)> LotAsync(string tender, string lot,
        ITenderStore tenders, IBidStore? bids, CancellationToken ct)
    {
        var lookup = await TenderLookup.FindAsync(tenders, tender, ct);
        if (Problems.Of(lookup) is { } problem) return (null, null, null, problem);
        if (!StorageKeys.IsValidLot(lot)) return (null, null, null, Problems.InvalidLot(lot));
        var found = lookup.Configuration!.FindLot(lot);
        if (found is null) return (null, null, null, Problems.LotNotFound(tender, lot));
        return (lookup.Configuration, found, bids is null ? null : await bids.ListLatestAsync(tender, found.Code, ct), null);
    }

    private static LotRankingReport Ranking(TenderConfiguration tender, Lot lot, IReadOnlyList<BidVersion> current) =>
        LotRankingReport.Of(BidRanking.Rank(tender, current.Select(b => ((string?)b.Lot, (string?)b.Agb, b.WeightedDeviation))).Single(l => l.Lot == lot.Code));

    private static TenderDto ToDto(TenderRecord r)
    {
        using var document = JsonDocument.Parse(r.ConfigurationJson, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return new TenderDto(r.Tender, r.Name, r.Round, r.CreatedAt, r.UpdatedAt, document.RootElement.Clone());
    }

    private static BidDto ToDto(TenderConfiguration tender, BidVersion v) => new(v.Tender, v.Lot, v.Agb, v.Version, v.UploadedAt,
        v.OriginalSha256, v.OriginalSize, v.AnalysisSnapshot, v.AnalysisSnapshot is null ? BidAnalyses.NoFinalSnapshot(tender.Round) : null,
        v.AnalysedAt, BidAnalyses.ReportOf(v));
}
