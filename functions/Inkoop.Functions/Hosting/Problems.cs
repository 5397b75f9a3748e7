using Inkoop.Functions.Services;
using Inkoop.Domain.Formats;
using Inkoop.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Inkoop.Functions.Hosting;

/// <summary>
/// Every error is RFC 9457 problem+json with a Dutch <c>title</c> and <c>detail</c> and a stable
/// machine-readable <c>code</c> extension (the add-in switches on it, people read the detail), and the request's
/// <c>correlationId</c> (<see cref="CorrelationIds"/>).
/// </summary>
public static class Problems
{
    public static ProblemHttpResult Create(int status, string code, string detail, IDictionary<string, object?>? extensions = null)
    {
        var all = new Dictionary<string, object?>(extensions ?? new Dictionary<string, object?>()) { ["code"] = code };
        return TypedResults.Problem(detail: detail, statusCode: status, title: Title(status), extensions: all);
    }

    public static ProblemHttpResult InvalidRoundId(string round) => Create(400, "invalid-round-id",
        $"'{Shorten(round)}' is geen geldige ronde-id. Gebruik kleine letters, cijfers en '-' (bijvoorbeeld jeugd-2025), hoogstens 63 tekens.");

    public static ProblemHttpResult RoundNotFound(string round) =>
        Create(404, "round-not-found", $"Ronde '{Shorten(round)}' bestaat niet.");

    public static ProblemHttpResult TooLarge(long limit) => Create(413, "payload-too-large",
        $"Het verzoek is te groot: hoogstens {limit / 1024} KiB.", new Dictionary<string, object?> { ["limit"] = limit });

    public static ProblemHttpResult UploadTooLarge(long limit) => Create(413, "payload-too-large",
        $"Het bestand is te groot: hoogstens {FormatSize(limit)}. Gebruikt u het lege format van deze ronde, zonder extra gegevens of afbeeldingen.",
        new Dictionary<string, object?> { ["limit"] = limit });

    /// <summary>A configuration (round, tender, lumpsums) with errors: every error at once, in Dutch, also as <c>errors</c>.</summary>
    public static ProblemHttpResult InvalidConfiguration(string code, string what, IReadOnlyList<string> errors) => Create(400, code,
        $"{what} bevat {errors.Count} {(errors.Count == 1 ? "fout" : "fouten")}: {string.Join(" ", errors)}",
        new Dictionary<string, object?> { ["errors"] = errors });

    public static ProblemHttpResult StoredConfigurationInvalid(IReadOnlyList<string> errors) => Create(409, "stored-configuration-invalid",
        "De opgeslagen configuratie van deze ronde is niet meer geldig; stuur haar opnieuw (PUT).",
        new Dictionary<string, object?> { ["errors"] = errors });

    public static ProblemHttpResult InvalidAgb(string agb) => Create(400, "invalid-agb",
        $"'{Shorten(agb)}' is geen geldige AGB-code. Een AGB-code bestaat uit precies 8 cijfers (bijvoorbeeld 01234567).");

    public static ProblemHttpResult FormatNotFound(string round, string agb) => Create(404, "format-not-found",
        $"Er is in ronde '{Shorten(round)}' geen format van AGB-code {Shorten(agb)}.");

    public static ProblemHttpResult InvalidSnapshotId(string id) => Create(400, "invalid-snapshot-id",
        $"'{Shorten(id)}' is geen geldige snapshot-id.");

    public static ProblemHttpResult SnapshotNotFound(string round, string? id) => Create(404, "snapshot-not-found", id is null
        ? $"Ronde '{Shorten(round)}' heeft nog geen berekening. Start er een met POST /api/rounds/{Shorten(round)}/recalculations."
        : $"Snapshot '{Shorten(id)}' bestaat niet in ronde '{Shorten(round)}'.");

    /// <summary>The problem of a round that was not found (or cannot be used); null when it was.</summary>
    public static ProblemHttpResult? Of(RoundLookup lookup) => lookup.Failure switch
    {
        null => null,
        LookupFailure.InvalidId => InvalidRoundId(lookup.Round),
        LookupFailure.NotFound => RoundNotFound(lookup.Round),
        _ => StoredConfigurationInvalid(lookup.Errors),
    };

    /// <summary>The problem of a tender that was not found (or cannot be used); null when it was.</summary>
    public static ProblemHttpResult? Of(TenderLookup lookup) => lookup.Failure switch
    {
        null => null,
        LookupFailure.InvalidId => InvalidTenderId(lookup.Tender),
        LookupFailure.NotFound => TenderNotFound(lookup.Tender),
        _ => StoredConfigurationInvalid(lookup.Errors),
    };

    public static ProblemHttpResult NoPublishedSnapshot(string round) => Create(404, "snapshot-not-found",
        $"Ronde '{Shorten(round)}' heeft nog geen definitief vastgestelde berekening.");

    public static ProblemHttpResult SnapshotNotPublished(string round) => Create(403, "snapshot-not-published",
        $"Aanbieders zien alleen de gepubliceerde berekening van een ronde: GET /api/rounds/{Shorten(round)}/snapshots/published.");

    public static ProblemHttpResult InvalidTenderId(string tender) => Create(400, "invalid-tender-id",
        $"'{Shorten(tender)}' is geen geldige aanbestedings-id. Gebruik kleine letters, cijfers en '-' (bijvoorbeeld jeugd-2025-t1), hoogstens 63 tekens.");

    public static ProblemHttpResult TenderNotFound(string tender) =>
        Create(404, "tender-not-found", $"Aanbesteding '{Shorten(tender)}' bestaat niet.");

    public static ProblemHttpResult InvalidLot(string lot) => Create(400, "invalid-lot",
        $"'{Shorten(lot)}' is geen geldige perceelcode (letters, cijfers, '-' of '_', hoogstens 20 tekens).");

    public static ProblemHttpResult LotNotFound(string tender, string lot) =>
        Create(404, "lot-not-found", $"Aanbesteding '{Shorten(tender)}' heeft geen perceel '{Shorten(lot)}'.");

    public static ProblemHttpResult BidNotFound(string tender, string lot, string agb) => Create(404, "bid-not-found",
        $"Er is voor perceel '{Shorten(lot)}' van aanbesteding '{Shorten(tender)}' geen inschrijving van AGB-code {Shorten(agb)}.");

    private static string FormatSize(long bytes) => bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0
        ? $"{bytes / (1024 * 1024)} MB"
        : bytes >= 1024 ? $"{bytes / 1024} KB" : $"{bytes} bytes";

    /// <summary>Dutch defaults for problems that carry no detail of their own (status code pages, binding errors).</summary>
    public static void Configure(ProblemDetailsOptions options) => options.CustomizeProblemDetails = context =>
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        if (context.Exception is { } exception)
        {
            (status, var code, var detail) = FromException(exception);
            problem.Status = status;
            problem.Detail = detail;
            problem.Extensions["code"] = code;
            problem.Extensions.Remove("exception");
            if (code == StorageUnavailableCode) SetRetryAfter(context.HttpContext);
        }
        else if (context.HttpContext.GetEndpoint() is null && status == 404)
        {
            // No endpoint matched: the route itself is unknown (contract tests tell this from "round not found").
            problem.Detail ??= "Deze route bestaat niet.";
            problem.Extensions["code"] = "route-not-found";
        }
        else if (status == 415)
        {
            problem.Detail ??= "Dit mediatype wordt niet ondersteund. Stuur JSON met Content-Type: application/json.";
        }
        problem.Title = Title(status);
        problem.Detail ??= DefaultDetail(status);
        problem.Extensions.TryAdd("code", DefaultCode(status));
        // The id support staff look the request up by (logs, traces, audit): the same as the X-Correlation-Id header.
        problem.Extensions["correlationId"] = CorrelationIds.Of(context.HttpContext);
    };

    /// <summary>The code of a 503 while storage is down or too slow; such answers carry Retry-After.</summary>
    public const string StorageUnavailableCode = "storage-unavailable";

    /// <summary>
    /// Retry-After of a storage outage: the circuit breaker's break duration, after which it lets a call through again
    /// (so a client that waits that long finds the storage back, or the circuit open anew).
    /// </summary>
    public static void SetRetryAfter(HttpContext context)
    {
        var storage = context.RequestServices.GetService<Microsoft.Extensions.Options.IOptions<StorageOptions>>()?.Value ?? new StorageOptions();
        var seconds = Math.Max(1, (int)Math.Ceiling(storage.BreakDuration.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Which status an unhandled exception gets; everything unknown is a 500 without details.</summary>
    public static int StatusFor(Exception exception) => FromException(exception).Status;

    private static (int Status, string Code, string Detail) FromException(Exception exception) => exception switch
    {
        StorageConflictException => (409, "conflict",
            "Iemand anders heeft dit tegelijk gewijzigd. Haal de gegevens opnieuw op en probeer het nog eens."),
        BadHttpRequestException { StatusCode: 413 } => (413, "payload-too-large", "Het verzoek is te groot."),
        BadHttpRequestException b => (b.StatusCode, DefaultCode(b.StatusCode), DefaultDetail(b.StatusCode)),
        StorageNotConfiguredException => (503, "storage-not-configured",
            "De opslag is niet geconfigureerd: zet Storage:ConnectionString, of Storage:BlobServiceUri en Storage:TableServiceUri."),
        Polly.Timeout.TimeoutRejectedException => (503, StorageUnavailableCode,
            "De opslag reageerde niet op tijd. Probeer het over enkele seconden opnieuw."),
        _ when StorageResilience.IsUnavailable(exception) => (503, StorageUnavailableCode,
            "De opslag is nu niet bereikbaar. Probeer het over enkele seconden opnieuw."),
        OperationCanceledException or TimeoutException => (503, "unavailable",
            "De dienst reageerde niet op tijd. Probeer het over een ogenblik opnieuw."),
        _ => (500, "internal-error",
            "Er is een onverwachte fout opgetreden. Probeer het later opnieuw; blijft het misgaan, meld dan de correlatie-id (correlationId)."),
    };

    public static string Title(int status) => status switch
    {
        400 => "Ongeldig verzoek",
        401 => "Niet geautoriseerd",
        403 => "Geen toegang",
        404 => "Niet gevonden",
        405 => "Methode niet toegestaan",
        409 => "Conflict",
        412 => "Voorwaarde niet vervuld",
        413 => "Verzoek te groot",
        415 => "Niet-ondersteund mediatype",
        422 => "Niet verwerkbaar",
        429 => "Te veel verzoeken",
        503 => "Dienst niet beschikbaar",
        >= 500 => "Interne fout",
        _ => "Fout",
    };

    private static string DefaultDetail(int status) => status switch
    {
        400 => "Het verzoek is ongeldig. Controleer de parameters en de inhoud (JSON).",
        401 => "Een geldige sleutel ontbreekt. Geef uw sleutel mee in de header x-inkoop-key.",
        403 => "U hebt geen toegang tot deze bron.",
        404 => "De gevraagde bron bestaat niet.",
        405 => "Deze methode is niet toegestaan voor deze route.",
        409 => "Het verzoek botst met de huidige toestand van de bron.",
        413 => "Het verzoek is te groot.",
        415 => "Dit mediatype wordt niet ondersteund.",
        503 => "De dienst is tijdelijk niet beschikbaar. Probeer het over een ogenblik opnieuw.",
        >= 500 => "Er is een onverwachte fout opgetreden. Probeer het later opnieuw; blijft het misgaan, meld dan de correlatie-id (correlationId).",
        _ => "Het verzoek kon niet worden verwerkt.",
    };

    private static string DefaultCode(int status) => status switch
    {
        400 => "bad-request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not-found",
        405 => "method-not-allowed",
        409 => "conflict",
        413 => "payload-too-large",
        415 => "unsupported-media-type",
        429 => "too-many-requests",
        503 => "unavailable",
        >= 500 => "internal-error",
        _ => "error",
    };

    internal static string Shorten(string s) =>
        new(s.Take(80).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
