using System.Text;
using System.Text.Json;
using Inkoop.Domain.Rounds;
using Inkoop.Excel;
using Inkoop.Functions.Access;
using Inkoop.Functions.Hosting;
using Inkoop.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Inkoop.Functions.Apis;

public static class RoundsApi
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static IEndpointRouteBuilder MapRoundsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/rounds").WithTags("Rondes").ProducesProblem(401).ProducesProblem(500);
        api.MapGet("/", ListRounds).WithName("ListRounds").AllowRoles(Role.Analyst, Role.Admin, Role.Provider).WithSummary("Alle rondes");
        api.MapGet("/{round}", GetRound).WithName("GetRound").AllowRoles(Role.Analyst, Role.Admin, Role.Provider).WithSummary("Eén ronde met haar configuratie")
            .ProducesProblem(400).ProducesProblem(404);
        api.MapPut("/{round}", PutRound).WithName("PutRound").AllowRoles(Role.Admin).Audited("round-configuration").WithSummary("Ronde aanmaken of bijwerken vanuit haar configuratie (JSON)")
            .Accepts<JsonElement>("application/json").ProducesProblem(400).ProducesProblem(409).ProducesProblem(413).ProducesProblem(415);
        api.MapGet("/{round}/template", GetTemplate).WithName("GetRoundTemplate").AllowRoles(Role.Analyst, Role.Admin, Role.Provider).WithSummary("Het lege format (.xlsx) van de ronde")
            .Produces(200, contentType: XlsxContentType).ProducesProblem(400).ProducesProblem(404);
        return app;
    }

    public sealed record RoundSummaryDto(string Round, string Name, int ReferenceYear, DateOnly? RepairDeadline,
        DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

    public sealed record RoundDto(string Round, string Name, int ReferenceYear, DateOnly? RepairDeadline,
        DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, JsonElement Configuration);

    public static async Task<Ok<IReadOnlyList<RoundSummaryDto>>> ListRounds(IRoundStore rounds, CancellationToken ct)
    {
        var list = await rounds.ListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<RoundSummaryDto>>(list
            .Select(r => new RoundSummaryDto(r.Round, r.Name, r.ReferenceYear, r.RepairDeadline, r.CreatedAt, r.UpdatedAt)).ToList());
    }

    public static async Task<Results<Ok<RoundDto>, ProblemHttpResult>> GetRound(string round, IRoundStore rounds, CancellationToken ct)
    {
        if (!StorageKeys.IsValidRound(round)) return Problems.InvalidRoundId(round);
        var record = await rounds.GetAsync(round, ct);
        return record is null ? Problems.RoundNotFound(round) : TypedResults.Ok(ToDto(record));
    }

    public static async Task<Results<Created<RoundDto>, Ok<RoundDto>, ProblemHttpResult>> PutRound(
        string round, HttpRequest request, IRoundStore rounds, CancellationToken ct)
    {
        if (!StorageKeys.IsValidRound(round)) return Problems.InvalidRoundId(round);
        var json = await ReadTextAsync(request, RoundConfigurationParser.MaxLength, ct);
        if (json is null) return Problems.TooLarge(RoundConfigurationParser.MaxLength);

        RoundConfiguration configuration;
        try
        {
            configuration = RoundConfigurationParser.Parse(json);
        }
        catch (RoundConfigurationException e)
        {
            return Problems.Create(400, "invalid-round-configuration",
                $"De rondeconfiguratie bevat {e.Errors.Count} {(e.Errors.Count == 1 ? "fout" : "fouten")}: {string.Join(" ", e.Errors)}",
                new Dictionary<string, object?> { ["errors"] = e.Errors });
        }
        if (configuration.Round != round)
            return Problems.Create(400, "round-mismatch",
                $"De configuratie hoort bij ronde '{configuration.Round}', maar is verstuurd naar ronde '{round}'. Die moeten gelijk zijn.");

        var (stored, created) = await rounds.SaveAsync(new RoundRecord(configuration.Round, configuration.Name,
            configuration.ReferenceYear, configuration.RepairDeadline, json), ct: ct);
        var dto = ToDto(stored);
        return created ? TypedResults.Created($"/api/rounds/{round}", dto) : TypedResults.Ok(dto);
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetTemplate(string round, IRoundStore rounds, CancellationToken ct)
    {
        if (!StorageKeys.IsValidRound(round)) return Problems.InvalidRoundId(round);
        var record = await rounds.GetAsync(round, ct);
        if (record is null) return Problems.RoundNotFound(round);
        RoundConfiguration configuration;
        try
        {
            configuration = RoundConfigurationParser.Parse(record.ConfigurationJson);
        }
        catch (RoundConfigurationException e)
        {
            return Problems.StoredConfigurationInvalid(e.Errors);
        }
        using var buffer = new MemoryStream();
        TemplateWriter.Write(configuration, buffer);
        return TypedResults.File(buffer.ToArray(), XlsxContentType, $"format-{round}.xlsx");
    }

    private static RoundDto ToDto(RoundRecord r)
    {
        using var document = JsonDocument.Parse(r.ConfigurationJson,
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return new RoundDto(r.Round, r.Name, r.ReferenceYear, r.RepairDeadline, r.CreatedAt, r.UpdatedAt, document.RootElement.Clone());
    }

    /// <summary>The body as UTF-8 text, or null when it is longer than <paramref name="maxChars"/>.</summary>
    internal static async Task<string?> ReadTextAsync(HttpRequest request, int maxChars, CancellationToken ct)
    {
        if (request.ContentLength > maxChars * 4L) return null;
        using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var buffer = new char[8192];
        var sb = new StringBuilder();
        int read;
        while ((read = await reader.ReadAsync(buffer, ct)) > 0)
        {
            sb.Append(buffer, 0, read);
            if (sb.Length > maxChars) return null;
        }
        return sb.ToString();
    }
}
