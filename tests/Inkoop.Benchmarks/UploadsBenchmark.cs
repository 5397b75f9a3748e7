using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Inkoop.Domain.Rounds;
using Inkoop.Excel;
using Inkoop.Integration.Tests.Infrastructure;

namespace Inkoop.Benchmarks;

/// <summary>
/// Issue 19, part 2: format uploads against the storage floor, in the same run and with the same concurrency.
/// One Azurite (in memory) and the app (the Release build, or <c>--app DIR</c>); N providers, each with its own issued key.
/// The floor: N workers making, with the app's SDKs and nothing else, the storage calls one format upload needs — the
/// key row, the round row, the provider's latest row (its summary columns), the blob (create-if-absent), the version
/// transaction (add the version row, replace the latest row If-Match) and the audit row — with rows of the app's own
/// size (copied from what the app stored for that provider). The app: the same N providers posting their real format
/// workbooks over HTTP, back to back. For each: latency percentiles, throughput, and CPU per upload of the process doing
/// the work (this process for the floor, the app's for the app) and of Azurite, from /proc/&lt;pid&gt;/stat.
/// <c>--providers N</c> (default 50), <c>--seconds N</c> per phase (default 20), <c>--repeat N</c> alternations of
/// floor and app (default 2, pooled), <c>--warmup N</c> seconds of each before it is measured (default 15), <c>--app DIR</c>, <c>--env K=V</c> (app
/// setting, repeatable, e.g. <c>DOTNET_gcServer=0</c>).
/// </summary>
public static class UploadsBenchmark
{
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The columns the app reads of the latest row when it plans the next version (FormatStore's summary columns).</summary>
    private static readonly string[] SummaryColumns =
    [
        "PartitionKey", "RowKey", "Agb", "Version", "Status", "ProviderName", "UploadedAt", "OriginalBlobName",
        "OriginalSha256", "OriginalSize", "ErrorCount", "WarningCount", "ConfigurationHash",
    ];

    private sealed record Provider(string Agb, string Key, string KeyHash, byte[] File, string Sha256);

    private sealed record Phase(string Name, List<double> Times, int Failures, double Seconds, double WorkerCpu, double AzuriteCpu)
    {
        public int Count => Times.Count;
        public Phase Plus(Phase other) => new(Name, [.. Times, .. other.Times], Failures + other.Failures, Seconds + other.Seconds,
            WorkerCpu + other.WorkerCpu, AzuriteCpu + other.AzuriteCpu);
        public double PerSecond => Count / Seconds;
        public double WorkerCpuPerUpload => WorkerCpu * 1000 / Count;
        public double AzuriteCpuPerUpload => AzuriteCpu * 1000 / Count;
        public double P(double p)
        {
            var sorted = Times.Order().ToList();
            return sorted.Count == 0 ? double.NaN : sorted[(int)Math.Round((sorted.Count - 1) * p)];
        }
    }

    public static async Task<int> RunAsync(string[] args)
    {
        string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var count = int.Parse(Option("--providers") ?? "50");
        var seconds = int.Parse(Option("--seconds") ?? "20");
        var warmup = int.Parse(Option("--warmup") ?? "15");
        var repeat = int.Parse(Option("--repeat") ?? "2");
        var settings = LocalApp.Settings(args);
        // Back to back for minutes, each provider is far over a provider's 30 uploads a minute: that limit is not measured here.
        settings.TryAdd("Uploads__PerCallerPerWindow", "1000000");

        using var local = await LocalApp.StartAsync(settings, Option("--app"));
        var (azurite, app) = (local.Azurite, local.App);
        var azuritePid = AzuritePid(azurite.ConnectionString);
        Console.WriteLine($"Azurite (in memory, pid {azuritePid}) and the app ({Option("--app") ?? Repo.Configuration}, pid {app.ProcessId}" +
                          $"{string.Concat(settings.Select(s => $", {s.Key}={s.Value}"))}) on {app.BaseAddress}; {count} providers, {seconds} s per phase; " +
                          $"{Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Trim()}.");

        using var admin = local.Client();
        var suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
        var round = await ApiBenchmark.CreateRoundAsync(admin, $"bench-uploads-{suffix}");
        var providers = await ProvidersAsync(local, round, count);

        // Every provider uploads once (so the app has each provider's rows, which the floor copies), then both warm up as
        // they are measured: tiered compilation has settled in the app and in this process before anything is counted.
        using var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        foreach (var p in providers) await UploadAsync(http, round, p);
        var floor = new Floor(azurite.ConnectionString, round, $"floor-{suffix}");
        await floor.PrepareAsync(providers);
        Console.WriteLine($"a format: original {providers.Average(p => p.File.Length) / 1024:F0} KiB, its row (version and latest alike) {floor.RowBytes / 1024:F0} KiB (Table Storage's size), " +
                          "storage calls of the floor per upload: 6 (3 point reads, 1 blob, 1 transaction of 2 rows, 1 audit row)");
        await RunPhaseAsync("app warm-up", providers, TimeSpan.FromSeconds(warmup), (p, _) => UploadAsync(http, round, p));
        await RunPhaseAsync("floor warm-up", providers, TimeSpan.FromSeconds(warmup), floor.UploadAsync);

        // Alternated, so a change in the shared machine's load falls on both alike.
        Task<Phase> Floor() => MeasureAsync("floor", providers, TimeSpan.FromSeconds(seconds), Environment.ProcessId, azuritePid, floor.UploadAsync);
        Task<Phase> App() => MeasureAsync("app", providers, TimeSpan.FromSeconds(seconds), app.ProcessId, azuritePid, (p, _) => UploadAsync(http, round, p));
        var floorPhase = await Floor();
        var appPhase = await App();
        for (var r = 1; r < repeat; r++)
        {
            floorPhase = floorPhase.Plus(await Floor());
            appPhase = appPhase.Plus(await App());
        }

        Print(floorPhase, "this process");
        Print(appPhase, "the app");
        Console.WriteLine($"app/floor: CPU per upload {appPhase.WorkerCpuPerUpload / floorPhase.WorkerCpuPerUpload:F2}x (target <= 1.3x), " +
                          $"p95 {appPhase.P(0.95) / floorPhase.P(0.95):F2}x (target <= 1.2x at 50), p50 {appPhase.P(0.5) / floorPhase.P(0.5):F2}x, " +
                          $"throughput {appPhase.PerSecond / floorPhase.PerSecond:F2}x; Azurite CPU per upload {appPhase.AzuriteCpuPerUpload / floorPhase.AzuriteCpuPerUpload:F2}x. " +
                          $"App p95 {appPhase.P(0.95):F0} ms (target at 10: < 300 ms). Load average after: {File.ReadAllText("/proc/loadavg").Trim()}.");
        Console.WriteLine($"app memory: {FloodBenchmark.ResidentMiB(app.ProcessId):F0} MiB resident");
        return floorPhase.Failures + appPhase.Failures == 0 ? 0 : 1;
    }

    /// <summary>One key and one filled format per provider (its own AGB-code, so every upload is attributable and stored).</summary>
    private static async Task<List<Provider>> ProvidersAsync(LocalApp local, string round, int count)
    {
        var providers = new List<Provider>();
        foreach (var (demo, file) in ApiBenchmark.AmbulantFormats(round, count, seed: 19))
        {
            var key = await local.IssueKeyAsync("provider", demo.Name, demo.Agb);
            providers.Add(new Provider(demo.Agb, key, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))), file,
                Convert.ToHexStringLower(SHA256.HashData(file))));
        }
        return providers;
    }

    private static async Task UploadAsync(HttpClient http, string round, Provider provider)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/rounds/{round}/formats");
        request.Headers.Add("x-inkoop-key", provider.Key);
        request.Content = new ByteArrayContent(ApiBenchmark.Edition(provider.File));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(XlsxType);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode != 201) throw new InvalidOperationException($"{(int)response.StatusCode}: {body}");
    }

    private static async Task<Phase> MeasureAsync(string name, List<Provider> providers, TimeSpan duration, int workerPid, int azuritePid,
        Func<Provider, int, Task> upload)
    {
        Console.WriteLine($"{name}: measuring for {duration.TotalSeconds:F0} s");
        var (worker, storage) = (CpuSeconds(workerPid), CpuSeconds(azuritePid));
        var phase = await RunPhaseAsync(name, providers, duration, upload);
        return phase with { WorkerCpu = CpuSeconds(workerPid) - worker, AzuriteCpu = CpuSeconds(azuritePid) - storage };
    }

    /// <summary>Every provider uploading back to back until <paramref name="duration"/> has passed; a failed upload is counted, not timed.</summary>
    private static async Task<Phase> RunPhaseAsync(string name, List<Provider> providers, TimeSpan duration, Func<Provider, int, Task> upload)
    {
        var times = new ConcurrentBag<double>();
        var failures = 0;
        string? firstFailure = null;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(providers.Select((p, worker) => Task.Run(async () =>
        {
            while (clock.Elapsed < duration)
            {
                var watch = Stopwatch.StartNew();
                try
                {
                    await upload(p, worker);
                    times.Add(watch.Elapsed.TotalMilliseconds);
                }
                catch (Exception e)
                {
                    Interlocked.Increment(ref failures);
                    Interlocked.CompareExchange(ref firstFailure, e.Message, null);
                }
            }
        })));
        var elapsed = clock.Elapsed.TotalSeconds;
        if (firstFailure is not null) Console.WriteLine($"{name}: {failures} failed, the first: {firstFailure}");
        return new Phase(name, times.ToList(), failures, elapsed, 0, 0);
    }

    private static void Print(Phase phase, string worker) => Console.WriteLine(
        $"{phase.Name,-5}: {phase.Count} uploads in {phase.Seconds:F1} s ({phase.PerSecond:F1}/s), p50 {phase.P(0.5):F1} ms, p95 {phase.P(0.95):F1} ms, " +
        $"p99 {phase.P(0.99):F1} ms, max {phase.P(1):F1} ms; CPU per upload: {worker} {phase.WorkerCpuPerUpload:F2} ms, Azurite {phase.AzuriteCpuPerUpload:F2} ms" +
        (phase.Failures > 0 ? $"; {phase.Failures} failed" : ""));

    /// <summary>
    /// The storage calls of one format upload, made directly with the SDKs against the same Azurite, in a round partition
    /// of their own: what the app cannot do with fewer calls.
    /// </summary>
    private sealed class Floor(string connectionString, string appRound, string floorRound)
    {
        private readonly TableServiceClient _tables = new(connectionString, Options(new TableClientOptions()));
        private readonly BlobServiceClient _blobs = new(connectionString, Options(new BlobClientOptions()));
        private readonly Dictionary<string, TableEntity> _rows = new();
        private TableClient Keys => _tables.GetTableClient("Keys");
        private TableClient Rounds => _tables.GetTableClient("Rounds");
        private TableClient Formats => _tables.GetTableClient("Formats");
        private TableClient Audit => _tables.GetTableClient("Audit");
        private BlobContainerClient Originals => _blobs.GetBlobContainerClient("originals");

        // As the app's StorageAccount: no retries in the SDK (the app retries with Polly, which a floor run never needs).
        private static T Options<T>(T options) where T : ClientOptions
        {
            options.Retry.MaxRetries = 0;
            options.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
            return options;
        }

        /// <summary>The average size of the rows copied, as Table Storage counts it.</summary>
        public double RowBytes => _rows.Values.Average(r => (double)Inkoop.Storage.EntitySize.Of(r));

        /// <summary>Copies each provider's latest row as the app stored it, so the floor writes rows of the app's size.</summary>
        public async Task PrepareAsync(List<Provider> providers)
        {
            foreach (var p in providers) _rows[p.Agb] = (await Formats.GetEntityAsync<TableEntity>(appRound, $"L|{p.Agb}")).Value;
        }

        public async Task UploadAsync(Provider provider, int worker)
        {
            var key = await Keys.GetEntityIfExistsAsync<TableEntity>("key", provider.KeyHash);
            if (!key.HasValue) throw new InvalidOperationException("key row missing");
            var round = await Rounds.GetEntityIfExistsAsync<TableEntity>("round", appRound);
            if (!round.HasValue) throw new InvalidOperationException("round row missing");
            var latest = await Formats.GetEntityIfExistsAsync<TableEntity>(floorRound, $"L|{provider.Agb}", SummaryColumns);
            var version = (latest.HasValue ? latest.Value!.GetInt32("Version") ?? 0 : 0) + 1;

            var blobName = $"{floorRound}/{provider.Agb}/{version:D6}.xlsx";
            try
            {
                await Originals.GetBlobClient(blobName).UploadAsync(BinaryData.FromBytes(provider.File), new BlobUploadOptions
                {
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                    HttpHeaders = new BlobHttpHeaders { ContentType = XlsxType },
                    Metadata = new Dictionary<string, string> { ["sha256"] = provider.Sha256 },
                });
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                // An earlier attempt timed out after its blob was written (a loaded machine): the same content, go on.
            }

            var template = _rows[provider.Agb];
            TableEntity Row(string rowKey)
            {
                var e = new TableEntity(template) { PartitionKey = floorRound, RowKey = rowKey, ETag = default };
                e["Version"] = version;
                e["OriginalBlobName"] = blobName;
                e["UploadedAt"] = DateTimeOffset.UtcNow;
                return e;
            }
            TableTransactionAction[] actions =
            [
                new(TableTransactionActionType.Add, Row($"V|{provider.Agb}|{version:D6}")),
                latest.HasValue
                    ? new(TableTransactionActionType.UpdateReplace, Row($"L|{provider.Agb}"), latest.Value!.ETag)
                    : new(TableTransactionActionType.Add, Row($"L|{provider.Agb}")),
            ];
            await Formats.SubmitTransactionAsync(actions);

            var at = DateTimeOffset.UtcNow;
            await Audit.UpsertEntityAsync(new TableEntity(floorRound,
                $"{DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks:D19}|{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}")
            {
                ["At"] = at, ["Action"] = "upload", ["Method"] = "POST", ["Path"] = $"/api/rounds/{floorRound}/formats", ["Status"] = 201,
                ["Outcome"] = "success", ["Caller"] = "key:0123456789abcdef", ["Role"] = "provider", ["Agb"] = provider.Agb,
                ["Target"] = $"agb {provider.Agb} version {version}", ["RemoteAddress"] = "127.0.0.1",
            }, TableUpdateMode.Replace);
        }
    }

    /// <summary>utime + stime of a process in seconds (Linux /proc/&lt;pid&gt;/stat, clock ticks of 1/100 s).</summary>
    private static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0; // fields 14 and 15 of stat(5), counted after the name
    }

    /// <summary>Azurite's node process, found by its blob port on its command line.</summary>
    private static int AzuritePid(string connectionString)
    {
        var port = new Uri(connectionString.Split(';').First(p => p.StartsWith("BlobEndpoint=")).Split('=', 2)[1]).Port;
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var arguments = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
                if (arguments.Any(a => a.EndsWith("azurite.js")) && arguments.SkipWhile(a => a != "--blobPort").Skip(1).FirstOrDefault() == $"{port}") return pid;
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        throw new InvalidOperationException("Azurite's process not found.");
    }
}
