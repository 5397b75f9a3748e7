using Inkoop.Domain;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Inkoop.Domain.Rounds;
using Inkoop.Excel;
using Inkoop.Functions.Access;
using Inkoop.Functions.Hosting;
using Inkoop.Functions.Services;
using Inkoop.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Inkoop.Functions.Apis;

public static class RoundsApi
{
    public static IEndpointRouteBuilder MapRoundsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/rounds").WithTags("Rondes").ProducesProblem(401).ProducesProblem(500);
        api.MapGet("/", ListRounds).WithName("ListRounds").AllowRoles(Role.Analyst, Role.Admin, Role.Provider).WithSummary("Alle rondes");
        api.MapGet("/{round}", GetRound).WithName("GetRound").AllowRoles(Role.Analyst, Role.Admin, Role.Provider).WithSummary("Eén ronde met haar configuratie")
            .ProducesProblem(400).ProducesProblem(404);
        api.MapPut("/{round}", PutRound).WithName("PutRound").AllowRoles(Role.Admin).Audited("round-configuration")
            .WithSummary("Ronde aanmaken of bijwerken vanuit haar configuratie (JSON)")
            .WithDescription("Een gewijzigde configuratie controleert de opgeslagen formats opnieuw: meteen als het er weinig zijn " +
                             "(200/201), anders (of als er elders al aan de ronde gewerkt wordt) 202 met in Location de voortgang; " +
                             "de timer RevalidateFormats maakt het af.")
            .Accepts<JsonElement>("application/json").ProducesProblem(400).ProducesProblem(409).ProducesProblem(413).ProducesProblem(415);
        api.MapGet("/{round}/revalidation", GetRevalidation).WithName("GetRoundRevalidation").AllowRoles(Role.Analyst, Role.Admin)
            .WithSummary("Voortgang van het opnieuw controleren van de formats na een gewijzigde configuratie").ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        api.MapGet("/{round}/template", GetTemplate).WithName("GetRoundTemplate").AllowRoles(Role.Analyst, Role.Admin, Role.Provider).WithSummary("Het lege format (.xlsx) van de ronde")
            .Produces(200, contentType: UploadBody.XlsxContentType).ProducesProblem(400).ProducesProblem(404);
        return app;
    }

    public sealed record RoundSummaryDto(string Round, string Name, int ReferenceYear, DateOnly? RepairDeadline,
        DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

    public sealed record RoundDto(string Round, string Name, int ReferenceYear, DateOnly? RepairDeadline,
        DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, JsonElement Configuration,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RevalidationDto? Revalidation = null);

    /// <summary>The answer to a PUT about the stored formats: how many were re-checked now, how many changed status, how many are left.</summary>
    public sealed record RevalidationDto(string ConfigurationHash, int Rechecked, int StatusChanged, int Pending);

    public sealed record RevalidationProgressDto(string Round, string ConfigurationHash, int Formats, int Current, int Pending, bool Complete);

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

    public static async Task<Results<Created<RoundDto>, Ok<RoundDto>, Accepted<RoundDto>, ProblemHttpResult>> PutRound(
        string round, HttpRequest request, IRoundStore rounds, FormatRevalidation revalidation, IWorkLeases leases, CancellationToken ct)
    {
        if (!StorageKeys.IsValidRound(round)) return Problems.InvalidRoundId(round);
        var json = await RequestText.ReadAsync(request, RoundConfigurationParser.MaxLength, ct);
        if (json is null) return Problems.TooLarge(RoundConfigurationParser.MaxLength);

        RoundConfiguration configuration;
        try
        {
            configuration = RoundConfigurationParser.Parse(json);
        }
        catch (ConfigurationException e)
        {
            return Problems.InvalidConfiguration("invalid-round-configuration", "De rondeconfiguratie", e.Errors);
        }
        if (configuration.Round != round)
            return Problems.Create(400, "round-mismatch",
                $"De configuratie hoort bij ronde '{configuration.Round}', maar is verstuurd naar ronde '{round}'. Die moeten gelijk zijn.");

        var record = new RoundRecord(configuration.Round, configuration.Name, configuration.ReferenceYear, configuration.RepairDeadline, json);
        try
        {
            RoundStore.EnsureStorable(record);
        }
        catch (StorageLimitException)
        {
            return Problems.Create(413, "round-configuration-too-large",
                $"De rondeconfiguratie ({json.Length:N0} tekens) is te groot om te bewaren. Houd haar onder de {MaxStorableChars:N0} tekens, " +
                "bijvoorbeeld zonder overbodige witruimte of lange omschrijvingen. Er is niets opgeslagen.");
        }
        var (stored, created) = await rounds.SaveAsync(record, ct: ct);

        // Formats validated against another configuration are re-checked: now when few and no one else works on the round
        // (under its lease, as the timers), else by the RevalidateFormats timer.
        var hash = ConfigurationHash.ForValidation(configuration);
        var pending = await revalidation.PendingAsync(configuration, ct);
        LeasedRun<RevalidationPass>? leased = pending.Count > revalidation.Options.InlineLimit ? null
            : await leases.RunAsync(WorkLeases.Round(round), TimeSpan.Zero, c => revalidation.RecheckAsync(configuration, pending, c), ct);
        if (leased is not { Outcome: LeaseOutcome.Done, Result: { } pass })
            return TypedResults.Accepted($"/api/rounds/{round}/revalidation", ToDto(stored) with
            {
                Revalidation = new RevalidationDto(hash, 0, 0, (await revalidation.PendingAsync(configuration, ct)).Count),
            });
        var dto = ToDto(stored) with { Revalidation = new RevalidationDto(hash, pass.Rechecked, pass.StatusChanged, pass.Pending) };
        return created ? TypedResults.Created($"/api/rounds/{round}", dto) : TypedResults.Ok(dto);
    }

    public static async Task<Results<Ok<RevalidationProgressDto>, ProblemHttpResult>> GetRevalidation(string round, IRoundStore rounds,
        FormatRevalidation revalidation, CancellationToken ct)
    {
        var lookup = await RoundLookup.FindAsync(rounds, round, ct);
        if (Problems.Of(lookup) is { } problem) return problem;
        var p = await revalidation.ProgressAsync(lookup.Configuration!, ct);
        return TypedResults.Ok(new RevalidationProgressDto(p.Round, p.ConfigurationHash, p.Formats, p.Current, p.Pending, p.Complete));
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
        catch (ConfigurationException e)
        {
            return Problems.StoredConfigurationInvalid(e.Errors);
        }
        using var buffer = new MemoryStream();
        TemplateWriter.Write(configuration, buffer);
        return TypedResults.File(buffer.ToArray(), UploadBody.XlsxContentType, $"format-{round}.xlsx");
    }

    /// <summary>What one round row holds of plain (ASCII) configuration JSON; the parser accepts up to 1 MiB.</summary>
    private const int MaxStorableChars = 400_000;

    private static RoundDto ToDto(RoundRecord r)
    {
        using var document = JsonDocument.Parse(r.ConfigurationJson,
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return new RoundDto(r.Round, r.Name, r.ReferenceYear, r.RepairDeadline, r.CreatedAt, r.UpdatedAt, document.RootElement.Clone());
    }
}
