using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Inkoop.Domain.Rounds;
using Inkoop.Excel;
using Inkoop.Integration.Tests.Infrastructure;

namespace Inkoop.Benchmarks;

/// <summary>
/// Issue 19, part 3: the app's memory around a burst of large uploads. Azurite (in memory) and the app; 20 providers, each
/// with a key of its own, upload at once a valid format padded to 10,000,000 bytes (an incompressible picture in the
/// package, as a logo would be; under <c>Uploads:MaxBytes</c>, 10 MiB). Prints the app's resident memory (VmRSS) before, its
/// peak during, right after, and every 10 s up to 60 s after, with the load average. <c>--uploads N</c> (20),
/// <c>--bytes N</c> (10,000,000), <c>--after S</c> (60), <c>--app DIR</c> (another build, e.g. of an older commit),
/// <c>--env NAME=VALUE</c> (repeatable: an environment variable for the app, e.g. <c>DOTNET_gcServer=0</c>).
/// </summary>
public static class UploadMemoryBenchmark
{
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static async Task<int> RunAsync(string[] args)
    {
        string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var count = int.Parse(Option("--uploads") ?? "20");
        var bytes = int.Parse(Option("--bytes") ?? "10000000");
        var after = int.Parse(Option("--after") ?? "60");
        var settings = LocalApp.Settings(args);
        using var local = await LocalApp.StartAsync(settings, Option("--app"));
        var app = local.App;
        Console.WriteLine($"Azurite (in memory) and the app ({Option("--app") ?? Repo.Configuration}) on {app.BaseAddress}" +
                          (settings.Count == 0 ? "" : $" with {string.Join(", ", settings.Select(s => $"{s.Key}={s.Value}"))}") +
                          $"; {count} concurrent uploads of {bytes:N0} bytes, one per provider key; load average {LoadAverage()}.");
        using var admin = local.Client(timeout: TimeSpan.FromMinutes(5));

        var round = await ApiBenchmark.CreateRoundAsync(admin, $"bench-memory-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3))}");
        var providers = new List<(HttpClient Client, byte[] Small, byte[] Large)>();
        foreach (var (format, small) in ApiBenchmark.AmbulantFormats(round, count, seed: 19))
        {
            var client = local.Client(await local.IssueKeyAsync("provider", $"aanbieder {format.Agb}", format.Agb), TimeSpan.FromMinutes(5));
            providers.Add((client, small, Pad(small, bytes, providers.Count + 1)));
        }

        // Warm-up: each provider uploads its plain format once (JIT, key cache, tables), then the app settles.
        foreach (var (client, small, _) in providers) await UploadAsync(client, round, small);
        await Task.Delay(TimeSpan.FromSeconds(10));
        var before = ResidentMiB(app.ProcessId);
        Console.WriteLine($"before: {before:F0} MiB resident");

        var peak = before;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, ResidentMiB(app.ProcessId));
                try { await Task.Delay(100, sampling.Token); } catch (OperationCanceledException) { }
            }
        });
        var statuses = new ConcurrentDictionary<int, int>();
        var times = new ConcurrentBag<double>();
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(providers.Select(p => Task.Run(async () =>
        {
            var started = Stopwatch.StartNew();
            var status = await UploadAsync(p.Client, round, p.Large, throwOnError: false);
            times.Add(started.Elapsed.TotalMilliseconds);
            statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
        })));
        var burst = watch.Elapsed;
        sampling.Cancel();
        await sampler;
        var rightAfter = ResidentMiB(app.ProcessId);
        var sorted = times.Order().ToList();
        Console.WriteLine($"burst: {count} uploads in {burst.TotalSeconds:F1} s (slowest {sorted[^1] / 1000:F1} s, median {sorted[sorted.Count / 2] / 1000:F1} s); " +
                          $"answers: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} x{s.Value}"))}");
        Console.WriteLine($"peak during: {peak:F0} MiB (+{peak - before:F0}); right after: {rightAfter:F0} MiB (+{rightAfter - before:F0}); load average {LoadAverage()}");
        var lastAfter = rightAfter;
        for (var s = 10; s <= after; s += 10)
        {
            await Task.Delay(TimeSpan.FromSeconds(10));
            lastAfter = ResidentMiB(app.ProcessId);
            Console.WriteLine($"{s,3} s after: {lastAfter:F0} MiB (+{lastAfter - before:F0})");
        }
        Console.WriteLine($"result: before {before:F0} MiB, peak {peak:F0} MiB, {after} s after {lastAfter:F0} MiB: " +
                          $"{lastAfter - before:+0;-0} MiB (target: within 100 MB); load average {LoadAverage()}");
        foreach (var p in providers) p.Client.Dispose();
        return 0;
    }

    /// <summary>The format with an incompressible picture added (stored, not deflated), so the package is <paramref name="size"/> bytes or just under.</summary>
    private static byte[] Pad(byte[] xlsx, int size, int seed)
    {
        var picture = new byte[Math.Max(0, size - xlsx.Length - 200)];
        new Random(seed).NextBytes(picture);
        using var output = new MemoryStream();
        output.Write(xlsx);
        using (var zip = new ZipArchive(output, ZipArchiveMode.Update, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("xl/media/image1.png", CompressionLevel.NoCompression).Open();
            entry.Write(picture);
        }
        return output.ToArray();
    }

    private static async Task<int> UploadAsync(HttpClient client, string round, byte[] file, bool throwOnError = true)
    {
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue(XlsxType);
        using var response = await client.PostAsync($"/api/rounds/{round}/formats", content);
        var body = await response.Content.ReadAsStringAsync();
        if (throwOnError && !response.IsSuccessStatusCode) throw new InvalidOperationException(body);
        if (!response.IsSuccessStatusCode) Console.WriteLine($"  {(int)response.StatusCode}: {body[..Math.Min(300, body.Length)]}");
        return (int)response.StatusCode;
    }

    private static string LoadAverage() => string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    internal static double ResidentMiB(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:"));
        return line is null ? double.NaN : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
    }
}
