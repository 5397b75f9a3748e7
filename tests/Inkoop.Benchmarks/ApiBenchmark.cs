using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Inkoop.Domain.Rounds;
using Inkoop.Excel;
using Inkoop.Integration.Tests.Infrastructure;

namespace Inkoop.Benchmarks;

/// <summary>
/// Issue 4's targets, over HTTP against Azurite and the function app on loopback: upload-to-findings p95 under 300 ms
/// for a typical format; recalculation of a ~60-format round under 3 s; snapshot GET under 100 ms. Starts its own
/// Azurite (in memory) and app (the Release build output) unless --url and --key point at a running one.
/// Sequential requests, wall-clock from the client, after a warm-up.
/// </summary>
public static class ApiBenchmark
{
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static async Task<string> IssueAdminKeyAsync(Uri baseAddress, string adminKey)
    {
        using var admin = new HttpClient { BaseAddress = baseAddress };
        admin.DefaultRequestHeaders.Add("x-inkoop-key", adminKey);
        var response = await admin.PostAsync("/api/admin/keys", new StringContent("""{ "role": "admin", "name": "benchmark" }""",
            System.Text.Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        return System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("key").GetString()!;
    }

    public static Task<int> RunAsync(string[] args) =>
        WithAppAsync(args, new Dictionary<string, string?>(), args.Contains("--load") ? LoadAsync : MeasureAsync);

    /// <summary>Runs <paramref name="measure"/> against a running app (--url, --key) or a fresh Azurite and app with <paramref name="settings"/>.</summary>
    internal static async Task<int> WithAppAsync(string[] args, Dictionary<string, string?> settings, Func<HttpClient, Task> measure)
    {
        string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var url = Option("--url");
        Azurite? azurite = null;
        FunctionApp? app = null;
        string key;
        Uri baseAddress;
        try
        {
            if (url is null)
            {
                var adminKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
                azurite = await Azurite.StartAsync();
                app = await FunctionApp.StartAsync(new Dictionary<string, string?>(settings)
                {
                    ["Storage__ConnectionString"] = azurite.ConnectionString,
                    ["Auth__AdminKey"] = adminKey,
                    ["Timers__RunLocally"] = "false",
                });
                baseAddress = app.BaseAddress;
                // Measured with an issued key (not the built-in one), so every request pays the key lookup in Table Storage.
                key = await IssueAdminKeyAsync(baseAddress, adminKey);
                Console.WriteLine($"Azurite (in memory) and the app ({Repo.Configuration}) started on {baseAddress}.");
            }
            else
            {
                baseAddress = new Uri(url);
                key = Option("--key") ?? Environment.GetEnvironmentVariable("INKOOP_KEY") ?? "";
            }
            // Generous: a timer run re-checking a large round takes minutes, as it may under the Functions host.
            using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(15) };
            http.DefaultRequestHeaders.Add("x-inkoop-key", key);
            await measure(http);
            return 0;
        }
        finally
        {
            app?.Dispose();
            azurite?.Dispose();
        }
    }

    private static async Task MeasureAsync(HttpClient http)
    {
        var suffix = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3));
        var configuration = RoundConfigurationParser.Parse(DemoFormats.RoundJson);
        var template = new MemoryStream();
        TemplateWriter.Write(configuration, template);
        var allProducts = configuration.Products.Select(p => p.Code).ToArray();

        // ---- 1. upload-to-findings: a typical format (6 levels, 10 products), 50 providers, several versions each ----
        var uploadRound = await CreateRoundAsync(http, $"bench-upload-{suffix}");
        var random = new Random(4);
        var typical = Enumerable.Range(1, 50).Select(i => Fill(template, uploadRound,
            DemoFormats.Provider(random, i, DemoFormats.Kind.Ambulant, allProducts).Values)).ToList();
        var uploads = await TimeAsync(warmup: 20, runs: 200, async i => await UploadAsync(http, uploadRound, Edition(typical[i % typical.Count])));
        Report($"upload-to-findings ({typical[0].Length / 1024} KiB format, 6 levels, 10 products)", uploads, "p95 < 300 ms");

        // ---- 2. recalculation of the demo round's 62 formats (38 ambulant, 21 residential, 3 day-care) ----
        var recalcRound = await CreateRoundAsync(http, $"bench-recalc-{suffix}");
        var research = DemoFormats.Research2023();
        foreach (var format in research) await UploadAsync(http, recalcRound, Fill(template, recalcRound, format.Values));
        string? snapshotId = null;
        var recalculations = await TimeAsync(warmup: 2, runs: 15, async _ =>
        {
            using var response = await http.PostAsync($"/api/rounds/{recalcRound}/recalculations", null);
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException(body);
            snapshotId = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString();
        });
        Report($"recalculation, {research.Count}-format round", recalculations, "< 3,000 ms");

        // ---- 3. snapshot GET: current (pointer + header + content) and by id ----
        var size = 0;
        var current = await TimeAsync(warmup: 20, runs: 200, async _ =>
        {
            var bytes = await GetBytesAsync(http, $"/api/rounds/{recalcRound}/snapshots/current");
            size = bytes.Length;
        });
        Report($"snapshot GET current ({size / 1024} KiB)", current, "< 100 ms");
        var byId = await TimeAsync(warmup: 20, runs: 200, async _ => await GetBytesAsync(http, $"/api/rounds/{recalcRound}/snapshots/{snapshotId}"));
        Report("snapshot GET by id", byId, "< 100 ms");
        var export = await TimeAsync(warmup: 3, runs: 30, async _ => await GetBytesAsync(http, $"/api/rounds/{recalcRound}/snapshots/{snapshotId}/export"));
        Report("snapshot export (.xlsx)", export, "no target");
    }

    /// <summary>
    /// Issue 8's load: 50 providers each uploading their format again and again, concurrently, for 60 seconds
    /// (bounded in count and time, loopback only). Reports latency percentiles, throughput and answers by status.
    /// </summary>
    private static async Task LoadAsync(HttpClient http)
    {
        const int providers = 50;
        var duration = TimeSpan.FromSeconds(60);
        var suffix = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3));
        var round = await CreateRoundAsync(http, $"bench-load-{suffix}");
        var files = AmbulantFormats(round, providers, seed: 8).Select(f => f.File).ToList();
        foreach (var file in files.Take(5)) await UploadAsync(http, round, file); // warm-up

        var times = new System.Collections.Concurrent.ConcurrentBag<double>();
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(files.Select(file => Task.Run(async () =>
        {
            while (clock.Elapsed < duration)
            {
                var content = new ByteArrayContent(Edition(file));
                content.Headers.ContentType = new MediaTypeHeaderValue(XlsxType);
                var watch = Stopwatch.StartNew();
                using var response = await http.PostAsync($"/api/rounds/{round}/formats", content);
                await response.Content.ReadAsByteArrayAsync();
                times.Add(watch.Elapsed.TotalMilliseconds);
                statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
            }
        })));
        var elapsed = clock.Elapsed.TotalSeconds;
        Report($"upload under load ({providers} concurrent providers, {elapsed:F0} s)", times.ToList(), "p95 < 300 ms");
        Console.WriteLine($"throughput {times.Count / elapsed:F1} uploads/s; answers: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} x{s.Value}"))}");
    }

    /// <summary>Filled formats of <paramref name="count"/> ambulant providers of the demo's shapes, for <paramref name="round"/>.</summary>
    internal static List<(DemoFormats.DemoFormat Provider, byte[] File)> AmbulantFormats(string round, int count, int seed)
    {
        var configuration = RoundConfigurationParser.Parse(DemoFormats.RoundJson);
        var template = new MemoryStream();
        TemplateWriter.Write(configuration, template);
        var products = configuration.Products.Select(p => p.Code).ToArray();
        var random = new Random(seed);
        return Enumerable.Range(1, count).Select(i => DemoFormats.Provider(random, i, DemoFormats.Kind.Ambulant, products))
            .Select(p => (p, Fill(template, round, p.Values))).ToList();
    }

    private static long _editions;

    /// <summary>
    /// The workbook with a ZIP comment naming upload <paramref name="n"/>: the same content, other bytes, so every upload is
    /// a new version (the same bytes again are answered 200 as the version already stored, which writes nothing).
    /// </summary>
    internal static byte[] Edition(byte[] xlsx) => Edition(xlsx, Interlocked.Increment(ref _editions));

    private static byte[] Edition(byte[] xlsx, long n)
    {
        const int endRecord = 22; // the end of central directory record, written without a comment
        var comment = Encoding.ASCII.GetBytes($"upload {n}");
        var file = new byte[xlsx.Length + comment.Length];
        xlsx.CopyTo(file, 0);
        if (BitConverter.ToUInt32(file, xlsx.Length - endRecord) != 0x06054b50 || BitConverter.ToUInt16(file, xlsx.Length - 2) != 0)
            throw new InvalidOperationException("the workbook does not end in a comment-less end of central directory record");
        BitConverter.TryWriteBytes(file.AsSpan(xlsx.Length - 2), (ushort)comment.Length);
        comment.CopyTo(file, xlsx.Length);
        return file;
    }

    internal static byte[] Fill(MemoryStream template, string round, FormatValues values)
    {
        var names = new Dictionary<string, object?>(values.Names) { ["Onderzoek_Ronde"] = round };
        using var output = new MemoryStream();
        FormatFiller.Fill(new MemoryStream(template.ToArray()), values with { Names = names }, output);
        return output.ToArray();
    }

    internal static string RoundJson(string round) => DemoFormats.RoundJson.Replace($"\"{DemoFormats.RoundId}\"", $"\"{round}\"");

    internal static async Task<string> CreateRoundAsync(HttpClient http, string round)
    {
        var json = RoundJson(round);
        using var response = await http.PutAsync($"/api/rounds/{round}", new StringContent(json, Encoding.UTF8, "application/json"));
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException(await response.Content.ReadAsStringAsync());
        return round;
    }

    internal static async Task UploadAsync(HttpClient http, string round, byte[] file)
    {
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue(XlsxType);
        using var response = await http.PostAsync($"/api/rounds/{round}/formats", content);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException(body);
        using var answer = JsonDocument.Parse(body);
        _ = answer.RootElement.GetProperty("findings").GetArrayLength(); // the findings are in the answer
    }

    private static async Task<byte[]> GetBytesAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException(Encoding.UTF8.GetString(bytes));
        return bytes;
    }

    internal static async Task<List<double>> TimeAsync(int warmup, int runs, Func<int, Task> action)
    {
        for (var i = 0; i < warmup; i++) await action(i);
        var times = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await action(warmup + i);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        return times;
    }

    internal static void Report(string what, List<double> times, string target)
    {
        var sorted = times.Order().ToList();
        double P(double p) => sorted[(int)Math.Round((sorted.Count - 1) * p)];
        Console.WriteLine($"{what}: n {sorted.Count}, median {P(0.5):F1} ms, p95 {P(0.95):F1} ms, max {sorted[^1]:F1} ms (target: {target})");
    }
}
