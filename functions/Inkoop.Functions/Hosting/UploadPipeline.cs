using Inkoop.Domain.Formats;
using Inkoop.Excel;
using Inkoop.Functions.Access;
using Inkoop.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Inkoop.Functions.Hosting;

/// <summary>An uploaded file as read from the request: its bytes, the name it came with (multipart) and whether it is JSON.</summary>
public sealed record ReceivedFile(byte[] Bytes, string? FileName, bool Json, WorkbookLimits Limits)
{
    public MemoryStream Open() => new(Bytes, writable: false);
}

/// <summary>
/// The one way an upload route takes in a file, for formats, bids and realisation reports alike: check the request
/// before reading it (media type, size), let it in under the upload limits (<see cref="UploadLimits"/>: per caller, and all
/// uploads in progress together), find what it is uploaded to (the round, tender or lumpsum, and whether the
/// caller may), read the body bounded, run the intake (reader and validator), refuse what cannot be stored (one
/// problem per kind of refusal: <c>file-refused</c>, <c>file-unreadable</c>, or the route's own for a document that
/// cannot be attributed), and let the service store the rest as a new version (<c>201</c>), or answer the version that holds
/// these bytes already (<c>200</c>, the same body with <c>unchanged: true</c>, nothing written). A row too large to store is
/// refused whole before anything is written (<see cref="VersionedUploads"/>).
/// </summary>
public static class UploadPipeline
{
    /// <summary>What one upload route does at each step.</summary>
    /// <param name="Check">Checks the route's values (ids, and whether the caller may upload there), before anything else.</param>
    /// <param name="Find">Finds the target (round, tender, lumpsum) or the problem: after the precheck, before the body is read.</param>
    /// <param name="Intake">Reads and validates the file against the target; a file we cannot read is a rejected document with its finding.</param>
    /// <param name="Refuse">The problem that keeps a validated document from being stored (rejected, another AGB-code), or null.</param>
    /// <param name="Store">Stores the document as a new version, or finds the version that holds it already: the answer's body and place.</param>
    /// <param name="TooLarge">The problem for a document too large to store as one row.</param>
    public sealed record Route<TTarget, TDocument, TDto>(
        Func<ProblemHttpResult?> Check,
        Func<CancellationToken, Task<(TTarget? Target, ProblemHttpResult? Problem)>> Find,
        Func<TTarget, ReceivedFile, CancellationToken, TDocument> Intake,
        Func<TDocument, ProblemHttpResult?> Refuse,
        Func<TTarget, TDocument, ReceivedFile, CancellationToken, Task<Stored<TDto>>> Store,
        ProblemHttpResult TooLarge,
        bool AcceptsJson = false,
        int MaxJsonChars = 0);

    /// <summary>What every upload route's description says about a repeat, for integrators (Dutch, as the API reference).</summary>
    public const string RepeatDescription =
        "Precies hetzelfde bestand nog eens (bijvoorbeeld een nieuwe poging na een time-out) is geen nieuwe versie: het antwoord is 200 " +
        "met de bestaande versie en unchanged: true, en er wordt niets opnieuw bewaard.";

    /// <summary>What a route's store step answers: the body of the version, where it is, and whether it was there already.</summary>
    public sealed record Stored<TDto>(TDto Body, string Location, bool Unchanged);

    public static async Task<Results<Created<TDto>, Ok<TDto>, ProblemHttpResult>> RunAsync<TTarget, TDocument, TDto>(HttpRequest request,
        UploadOptions options, Route<TTarget, TDocument, TDto> route, CancellationToken ct)
    {
        if (route.Check() is { } invalid) return invalid;
        var json = route.AcceptsJson && IsJson(request);
        if (!json && UploadBody.Precheck(request, options.MaxBytes) is { } refused) return refused;
        // Before anything is looked up or read; the places are given back however the upload ends (also when the client goes away).
        // Limits per caller for providers; the region's staff (the demo, formats received on paper) load in bulk.
        var caller = Caller.Of(request.HttpContext);
        using var admission = await request.HttpContext.RequestServices.GetRequiredService<UploadLimits>()
            .AdmitAsync(caller is { IsProvider: true } ? caller.Id : null, ct);
        if (admission.Refusal is { } limited) return Limited(request.HttpContext, limited, admission.RetryAfter, options);
        var (target, problem) = await route.Find(ct);
        if (problem is not null) return problem;

        var (file, unreadable) = await ReadAsync(request, options.MaxBytes, json, route.MaxJsonChars, ct);
        if (unreadable is not null) return unreadable;
        admission.Received(file!.Bytes.Length);
        var document = route.Intake(target!, file!, ct);
        if (route.Refuse(document) is { } refusal) return refusal;
        try
        {
            var stored = await route.Store(target!, document, file!, ct);
            return stored.Unchanged ? TypedResults.Ok(stored.Body) : TypedResults.Created(stored.Location, stored.Body);
        }
        catch (StorageLimitException)
        {
            return route.TooLarge;
        }
    }

    /// <summary>
    /// A document refused whole (nothing stored), with its findings: a file we cannot read (<c>file-unreadable</c>) or
    /// will not read (<c>file-refused</c>), or one that cannot be attributed (<paramref name="rejectedCode"/>, explained by
    /// <paramref name="rejectedIntro"/>).
    /// </summary>
    public static ProblemHttpResult Rejected(IReadOnlyList<Finding> findings, string rejectedCode, string rejectedIntro)
    {
        var codes = findings.Where(f => f.Severity == Severity.Error).Select(f => f.Code).ToHashSet();
        var code = codes.Contains(FindingCodes.FileRefused) ? "file-refused" : codes.Contains(FindingCodes.FileUnreadable) ? "file-unreadable" : rejectedCode;
        var intro = code == rejectedCode ? rejectedIntro : "Het bestand is niet verwerkt en niet bewaard. ";
        return Problems.Create(422, code, intro + string.Join(" ", findings.Select(f => f.Message)), new Dictionary<string, object?> { ["findings"] = findings });
    }

    /// <summary>An upload over a limit (<see cref="UploadLimits"/>): 429 for the caller's own, 503 for all uploads together; nothing read or stored.</summary>
    private static ProblemHttpResult Limited(HttpContext context, UploadRefusal refusal, TimeSpan retryAfter, UploadOptions options)
    {
        var seconds = (int)retryAfter.TotalSeconds;
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (status, code, detail, limit) = refusal switch
        {
            UploadRefusal.TooManyAtOnce => (429, "too-many-uploads-at-once",
                $"U uploadt te veel bestanden tegelijk: hoogstens {options.ConcurrentPerCaller} tegelijk per sleutel of account. " +
                $"Dit bestand is niet verwerkt en niet bewaard. Wacht tot uw andere upload klaar is en probeer het over {seconds} seconden opnieuw.",
                options.ConcurrentPerCaller),
            UploadRefusal.TooManyInWindow => (429, "too-many-uploads",
                $"U hebt te veel bestanden kort na elkaar geüpload: hoogstens {options.PerCallerPerWindow} per {DutchDuration(options.Window)} " +
                $"per sleutel of account. Dit bestand is niet verwerkt en niet bewaard. Probeer het over {seconds} seconden opnieuw.",
                options.PerCallerPerWindow),
            _ => (503, "uploads-busy",
                $"Er worden nu veel bestanden tegelijk geüpload. Dit bestand is niet verwerkt en niet bewaard. Probeer het over {seconds} seconden opnieuw.",
                options.InFlight),
        };
        AuditLog.Note(context, code);
        return Problems.Create(status, code, detail, new Dictionary<string, object?> { ["retryAfter"] = seconds, ["limit"] = limit });
    }

    private static string DutchDuration(TimeSpan window) =>
        window == TimeSpan.FromMinutes(1) ? "minuut"
        : window.TotalMinutes >= 1 && window.TotalMinutes % 1 == 0 ? $"{window.TotalMinutes:0} minuten"
        : $"{window.TotalSeconds:0} seconden";

    /// <summary>The caller uploaded another provider's document: 403, nothing stored.</summary>
    public static ProblemHttpResult OtherAgb(string? callerAgb, string what, string own) => Problems.Create(403, "agb-mismatch",
        $"Dit {what} is van een andere AGB-code dan de uwe ({callerAgb}) en is niet bewaard. U kunt alleen {own} van uw eigen organisatie uploaden.");

    private static async Task<(ReceivedFile?, ProblemHttpResult?)> ReadAsync(HttpRequest request, long maxBytes, bool json, int maxJsonChars,
        CancellationToken ct)
    {
        var limits = WorkbookLimits.Default with { MaxInputBytes = maxBytes };
        if (json)
        {
            var text = await RequestText.ReadAsync(request, maxJsonChars, ct);
            return text is null
                ? (null, Problems.TooLarge(maxJsonChars))
                : (new ReceivedFile(System.Text.Encoding.UTF8.GetBytes(text), null, true, limits), null);
        }
        var (upload, problem) = await UploadBody.ReadAsync(request, maxBytes, ct);
        return upload is null ? (null, problem) : (new ReceivedFile(upload.Bytes, upload.FileName, false, limits), null);
    }

    private static bool IsJson(HttpRequest request) =>
        request.ContentType?.Split(';')[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase) == true;
}
