using System.Text.Json.Serialization;
using Inkoop.Functions.Access;
using Inkoop.Functions.Hosting;
using Inkoop.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Inkoop.Functions.Apis;

public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/health").WithTags("Health");
        api.MapGet("/", Live).WithName("Health").AllowWithoutKey().WithSummary("Leeft de app? (liveness, zonder opslag)");
        api.MapGet("/ready", Ready).WithName("HealthReady").AllowWithoutKey().WithSummary("Kan de app bij Table en Blob Storage? (readiness)")
            .ProducesProblem(503);
        return app;
    }

    public sealed record HealthStatus(
        string Status,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Table = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Blob = null);

    public static Ok<HealthStatus> Live() => TypedResults.Ok(new HealthStatus("ok"));

    public static async Task<Results<Ok<HealthStatus>, ProblemHttpResult>> Ready(HttpContext context, IServiceProvider services, CancellationToken ct)
    {
        StorageReadiness readiness;
        try
        {
            var account = services.GetRequiredService<StorageAccount>();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            readiness = await account.CheckAsync(timeout.Token);
        }
        catch (StorageNotConfiguredException)
        {
            return Problems.Create(503, "storage-not-configured",
                "De opslag is niet geconfigureerd: zet Storage:ConnectionString, of Storage:BlobServiceUri en Storage:TableServiceUri.");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            readiness = new StorageReadiness(false, false, "timeout", "timeout");
        }

        if (readiness.Ready) return TypedResults.Ok(new HealthStatus("ready", "ok", "ok"));
        Problems.SetRetryAfter(context);
        return Problems.Create(503, Problems.StorageUnavailableCode,
            $"De opslag is niet bereikbaar (Table: {readiness.TableError ?? "ok"}, Blob: {readiness.BlobError ?? "ok"}).",
            new Dictionary<string, object?> { ["table"] = readiness.TableError ?? "ok", ["blob"] = readiness.BlobError ?? "ok" });
    }
}
