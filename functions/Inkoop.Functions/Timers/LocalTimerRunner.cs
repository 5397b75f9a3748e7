using System.Net.Http.Json;
using Cronos;
using Inkoop.Functions.Access;
using Inkoop.Functions.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Inkoop.Functions.Timers;

public sealed class TimerOptions
{
    public const string Section = "Timers";

    /// <summary><c>Timers:RunLocally</c>: run the timers ourselves. Default: only when not under the Functions host.</summary>
    public bool? RunLocally { get; set; }

    /// <summary><c>Timers:TimeZone</c> the schedules are read in (Azure's default is UTC; WEBSITE_TIME_ZONE changes it there).</summary>
    public string TimeZone { get; set; } = "UTC";
}

public static class TimerRegistration
{
    /// <summary>The timer jobs, and the local runner unless under the Functions host or <c>Timers:RunLocally=false</c>.</summary>
    public static IServiceCollection AddTimers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<Services.TimerJobs>();
        services.AddSingleton<Services.LumpsumVarianceJob>();
        services.AddOptions<TimerOptions>().Bind(configuration.GetSection(TimerOptions.Section));
        if (configuration.GetValue<bool?>("Timers:RunLocally") ?? !configuration.UnderFunctionsHost())
        {
            services.AddSingleton<LocalTimerRunner>();
            services.AddHostedService(sp => sp.GetRequiredService<LocalTimerRunner>());
        }
        return services;
    }
}

/// <summary>
/// Locally the Functions host is absent, so this runs its timers: it reads the NCRONTAB schedules (six
/// fields, with seconds) from the same function.json files and POSTs the same invocation payload to the
/// same <c>/{FunctionName}</c> endpoints, over HTTP, with its own in-memory scheduler key. <see cref="InvokeAsync"/> runs
/// one on demand.
/// </summary>
public sealed class LocalTimerRunner(
    IServer server,
    IHostApplicationLifetime lifetime,
    ApiKeys keys,
    IOptions<TimerOptions> options,
    ILogger<LocalTimerRunner> logger) : BackgroundService
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromMinutes(10) };

    public static IReadOnlyList<(FunctionDefinition Function, CronExpression Schedule)> ReadSchedules(string appDirectory) =>
        FunctionManifest.Read(appDirectory)
            .Where(f => f.TriggerType.Equals("timerTrigger", StringComparison.OrdinalIgnoreCase))
            .Select(f => (f, CronExpression.Parse(f.Schedule ?? throw new InvalidDataException($"{f.Name}: timer without schedule."),
                CronFormat.IncludeSeconds)))
            .ToList();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled()))
        {
            try { await started.Task; }
            catch (OperationCanceledException) { return; }
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);
        var timers = ReadSchedules(AppContext.BaseDirectory);
        foreach (var (function, schedule) in timers)
            logger.LogInformation("Local timer {Function}: {Schedule} ({Zone}), next at {Next:u}.", function.Name, function.Schedule,
                zone.Id, schedule.GetNextOccurrence(DateTimeOffset.UtcNow, zone));
        await Task.WhenAll(timers.Select(t => RunAsync(t.Function, t.Schedule, zone, stoppingToken)));
    }

    private async Task RunAsync(FunctionDefinition function, CronExpression schedule, TimeZoneInfo zone, CancellationToken ct)
    {
        DateTimeOffset? last = null;
        while (!ct.IsCancellationRequested)
        {
            var next = schedule.GetNextOccurrence(DateTimeOffset.UtcNow, zone);
            if (next is null) return;
            try
            {
                // Task.Delay caps at ~49 days: wait in steps.
                while (next.Value - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero)
                    await Task.Delay(wait < TimeSpan.FromDays(1) ? wait : TimeSpan.FromDays(1), ct);
                await InvokeAsync(function.Name, function.BindingName ?? "timer", last, next.Value, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Local timer {Function} failed.", function.Name);
            }
            last = next;
        }
    }

    /// <summary>Invokes a timer function now, exactly as the Functions host would. Returns the response body.</summary>
    public async Task<string> InvokeAsync(string functionName, string bindingName = "timer", DateTimeOffset? last = null,
        DateTimeOffset? next = null, CancellationToken ct = default)
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                      ?? throw new InvalidOperationException("The server has no address yet.");
        var baseUri = new Uri(address.Replace("://+", "://127.0.0.1").Replace("://*", "://127.0.0.1")
            .Replace("://0.0.0.0", "://127.0.0.1").Replace("://[::]", "://127.0.0.1"));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUri, "/" + functionName))
        {
            Content = JsonContent.Create(TimerPayload.Create(functionName, bindingName, last, next ?? DateTimeOffset.UtcNow, false)),
        };
        request.Headers.Add(ApiKeys.Header, keys.LocalTimerKey);
        logger.LogInformation("Local timer: invoking {Function}.", functionName);
        using var response = await _http.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"{functionName} answered {(int)response.StatusCode}: {body}");
        return body;
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }
}
