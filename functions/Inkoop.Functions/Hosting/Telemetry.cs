using System.Diagnostics;
using System.Diagnostics.Metrics;
using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Inkoop.Functions.Hosting;

/// <summary>
/// The app's own traces and metrics (ActivitySource and Meter <c>Inkoop</c>), and where they go: OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, Azure Monitor when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set
/// (both may be), nothing otherwise — then no provider is registered at all, so nothing is collected, no span is
/// recorded and startup under the Functions host stays as fast as before. See docs/observability.md.
/// </summary>
public static class Telemetry
{
    public const string Name = "Inkoop";

    /// <summary>The Azure SDK's own spans per client call (<c>TableClient.AddEntity</c>, <c>BlobClient.Upload</c>, ...).</summary>
    private const string AzureSdkSources = "Azure.*";

    public static readonly ActivitySource Source = new(Name);
    private static readonly Meter Meter = new(Name);

    private static readonly Counter<long> TimerRuns = Meter.CreateCounter<long>("inkoop.timer.runs", "{run}",
        "Timer runs, by job and outcome (succeeded, partial: some rounds failed, failed).");
    private static readonly Histogram<double> TimerDuration = Meter.CreateHistogram<double>("inkoop.timer.duration", "s",
        "Duration of a timer run, by job and outcome.");
    private static readonly Counter<long> Uploads = Meter.CreateCounter<long>("inkoop.uploads", "{upload}",
        "Uploads, by kind (format, bid, realisation) and outcome (stored, unchanged, the problem's code, error).");
    private static readonly Histogram<double> StorageDuration = Meter.CreateHistogram<double>("inkoop.storage.duration", "s",
        "Duration of one storage call (an Azure SDK client operation), by service, operation and outcome.");
    private static readonly Counter<long> StorageFailures = Meter.CreateCounter<long>("inkoop.storage.failures", "{call}",
        "Storage calls that failed, by service, operation and error (HTTP status or exception type).");

    private static readonly AsyncLocal<TimerRunState?> CurrentRun = new();

    /// <summary>
    /// Registers OpenTelemetry when an exporter is configured. The Azure SDK's ActivitySource support is switched on
    /// then, before any client is created, so every storage call is a child span of the request or timer run.
    /// </summary>
    public static WebApplicationBuilder AddInkoopTelemetry(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var azureMonitor = configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"] is { Length: > 0 } connectionString ? connectionString : null;
        if (!otlp && azureMonitor is null) return builder;

        AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);
        var credential = azureMonitor is null ? null : AzureMonitorCredential(configuration["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
        void AzureMonitor(AzureMonitorExporterOptions o)
        {
            o.ConnectionString = azureMonitor;
            o.Credential = credential;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(Name, serviceVersion: typeof(Telemetry).Assembly.GetName().Version?.ToString()))
            .WithTracing(t =>
            {
                t.AddAspNetCoreInstrumentation(o => o.RecordException = true)
                    .AddSource(Name, AzureSdkSources)
                    .AddProcessor(new StorageCallMetrics());
                if (otlp) t.AddOtlpExporter();
                if (azureMonitor is not null) t.AddAzureMonitorTraceExporter(AzureMonitor);
            })
            .WithMetrics(m =>
            {
                // Request duration (http.server.request.duration) is ASP.NET Core's own; the runtime's GC, threads, memory.
                m.AddMeter(Name, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime");
                if (otlp) m.AddOtlpExporter();
                if (azureMonitor is not null) m.AddAzureMonitorMetricExporter(AzureMonitor);
            })
            .WithLogging(l =>
            {
                if (otlp) l.AddOtlpExporter();
                if (azureMonitor is not null) l.AddAzureMonitorLogExporter(AzureMonitor);
            }, o =>
            {
                // The correlation id is a logging scope (CorrelationIds): exported as an attribute of every record.
                o.IncludeScopes = true;
                o.IncludeFormattedMessage = true;
            });
        return builder;
    }

    /// <summary>
    /// Application Insights with local authentication off takes telemetry only with an Entra token: the setting the
    /// Functions host reads (<c>Authorization=AAD</c>, with <c>ClientId=</c> for a user-assigned identity) says so.
    /// </summary>
    public static TokenCredential? AzureMonitorCredential(string? authenticationString)
    {
        if (string.IsNullOrWhiteSpace(authenticationString)) return null;
        var parts = authenticationString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        if (!parts.TryGetValue("Authorization", out var kind) || !kind.Equals("AAD", StringComparison.OrdinalIgnoreCase)) return null;
        return parts.TryGetValue("ClientId", out var clientId) && !string.IsNullOrWhiteSpace(clientId)
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
    }

    /// <summary>
    /// One timer run: a span <c>timer {job}</c>, and <c>inkoop.timer.runs</c> / <c>inkoop.timer.duration</c> with its
    /// outcome: <c>failed</c> when it threw, <c>partial</c> when a round failed (<see cref="RoundFailed"/>), else <c>succeeded</c>.
    /// </summary>
    public static async Task<T> RunTimerAsync<T>(string job, string correlationId, Func<Task<T>> run)
    {
        using var activity = Source.StartActivity($"timer {job}");
        activity?.SetTag("inkoop.timer.job", job);
        activity?.SetTag("inkoop.correlation_id", correlationId);
        var state = CurrentRun.Value = new TimerRunState();
        var started = Stopwatch.GetTimestamp();
        var outcome = "failed";
        try
        {
            var result = await run();
            outcome = state.FailedRounds > 0 ? "partial" : "succeeded";
            return result;
        }
        catch (Exception e)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            throw;
        }
        finally
        {
            CurrentRun.Value = null;
            activity?.SetTag("inkoop.timer.outcome", outcome);
            var tags = new TagList { { "inkoop.timer.job", job }, { "inkoop.timer.outcome", outcome } };
            TimerRuns.Add(1, tags);
            TimerDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        }
    }

    /// <summary>A span for one round (or lumpsum year) of a timer run; dispose it when the round is done.</summary>
    public static Activity? StartRound(string job, string round)
    {
        var activity = Source.StartActivity($"{job} round");
        activity?.SetTag("inkoop.timer.job", job);
        activity?.SetTag("inkoop.round", round);
        return activity;
    }

    /// <summary>The current round of a timer run failed: its span says so, and the run's outcome becomes <c>partial</c>.</summary>
    public static void RoundFailed(string reason)
    {
        if (CurrentRun.Value is { } state) Interlocked.Increment(ref state.FailedRounds);
        if (Activity.Current is { } activity && activity.Source == Source && activity.GetTagItem("inkoop.round") is not null)
            activity.SetStatus(ActivityStatusCode.Error, reason);
    }

    /// <summary>
    /// Counts every call of an upload route in <c>inkoop.uploads</c>: kind <paramref name="kind"/>, outcome <c>stored</c>
    /// (201), <c>unchanged</c> (200, the version it already was), the problem's <c>code</c>, or <c>error</c> when it threw.
    /// </summary>
    public static RouteHandlerBuilder CountedAsUpload(this RouteHandlerBuilder builder, string kind) =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                var result = await next(context);
                Uploads.Add(1, new TagList { { "inkoop.upload.kind", kind }, { "inkoop.upload.outcome", UploadOutcome(result) } });
                return result;
            }
            catch
            {
                Uploads.Add(1, new TagList { { "inkoop.upload.kind", kind }, { "inkoop.upload.outcome", "error" } });
                throw;
            }
        });

    private static string UploadOutcome(object? result)
    {
        while (result is INestedHttpResult nested) result = nested.Result;
        return result switch
        {
            ProblemHttpResult p => p.ProblemDetails.Extensions.TryGetValue("code", out var code) && code is string c ? c : $"{p.StatusCode}",
            IStatusCodeHttpResult { StatusCode: 201 } => "stored",
            IStatusCodeHttpResult { StatusCode: 200 } => "unchanged",
            IStatusCodeHttpResult { StatusCode: { } status } => $"{status}",
            _ => "other",
        };
    }

    private sealed class TimerRunState
    {
        public int FailedRounds;
    }

    /// <summary>
    /// Storage call metrics from the Azure SDK's client spans (one per operation, e.g. <c>TableClient.AddEntity</c>), so
    /// there is one measurement per call without wrapping any store: a call is measured once, as the code made it.
    /// </summary>
    private sealed class StorageCallMetrics : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity activity)
        {
            // Only the storage clients' spans: not Azure.Core's HTTP spans below them, nor Azure.Identity's token requests.
            var source = activity.Source.Name;
            var service = source.StartsWith("Azure.Data.Tables.", StringComparison.Ordinal) ? "table"
                : source.StartsWith("Azure.Storage.Blobs.", StringComparison.Ordinal) ? "blob"
                : null;
            if (service is null) return;
            var failed = activity.Status == ActivityStatusCode.Error;
            var tags = new TagList
            {
                { "inkoop.storage.service", service },
                { "inkoop.storage.operation", activity.DisplayName },
                { "inkoop.storage.outcome", failed ? "failed" : "succeeded" },
            };
            StorageDuration.Record(activity.Duration.TotalSeconds, tags);
            if (!failed) return;
            var error = activity.GetTagItem("error.type") ?? activity.GetTagItem("http.response.status_code") ?? activity.StatusDescription ?? "unknown";
            StorageFailures.Add(1, new TagList
            {
                { "inkoop.storage.service", service },
                { "inkoop.storage.operation", activity.DisplayName },
                { "error.type", error.ToString() },
            });
        }
    }
}
