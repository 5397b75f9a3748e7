using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Inkoop.Integration.Tests.Infrastructure;

namespace Inkoop.Benchmarks;

/// <summary>
/// Issue 14, part 2: an anonymous flood against an audited route, then the admin audit view and the app's memory.
/// Azurite (in memory) and the app under the Functions host's settings (X-Forwarded-For from loopback names the client),
/// with the default limits (20 failures per client per minute). <c>--seconds N</c> (default 60), <c>--threads N</c>
/// (default 16), <c>--clients N</c> (default 1: one source as in the issue; more: each request from one of N addresses).
/// </summary>
public static class FloodBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var seconds = int.Parse(Option("--seconds") ?? "60");
        var threads = int.Parse(Option("--threads") ?? "16");
        var clients = int.Parse(Option("--clients") ?? "1");
        var adminKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        using var azurite = await Azurite.StartAsync();
        using var app = await FunctionApp.StartAsync(new Dictionary<string, string?>
        {
            ["Storage__ConnectionString"] = azurite.ConnectionString,
            ["Auth__AdminKey"] = adminKey,
            ["Timers__RunLocally"] = "false",
        });
        Console.WriteLine($"Azurite (in memory) and the app ({Repo.Configuration}) started on {app.BaseAddress}; " +
                          $"flood: {threads} threads, {seconds} s, {clients} client address(es).");
        using var admin = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        admin.DefaultRequestHeaders.Add("x-inkoop-key", adminKey);
        admin.DefaultRequestHeaders.Add("X-Forwarded-For", "192.0.2.1");
        using var anonymous = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };

        await AuditViewAsync(admin, "audit view before the flood");
        Console.WriteLine($"app memory before the flood: {ResidentMiB(app.ProcessId):F0} MiB resident");

        var statuses = new ConcurrentDictionary<int, int>();
        var watch = Stopwatch.StartNew();
        var until = DateTime.UtcNow.AddSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, threads).Select(t => Task.Run(async () =>
        {
            var random = new Random(t);
            while (DateTime.UtcNow < until)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/rounds/flood/recalculations");
                var n = random.Next(clients);
                request.Headers.Add("X-Forwarded-For", $"198.{18 + n / 65536}.{n / 256 % 256}.{n % 256}");
                if (random.Next(2) == 0) request.Headers.Add("x-inkoop-key", "gok-" + random.Next());
                using var response = await anonymous.SendAsync(request);
                statuses.AddOrUpdate((int)response.StatusCode, 1, (_, c) => c + 1);
            }
        })));
        var total = statuses.Values.Sum();
        Console.WriteLine($"flood: {total:N0} requests in {watch.Elapsed.TotalSeconds:F0} s ({total / watch.Elapsed.TotalSeconds:F0}/s): " +
                          string.Join(", ", statuses.OrderBy(p => p.Key).Select(p => $"{p.Key} x {p.Value:N0}")));
        Console.WriteLine($"app memory right after the flood: {ResidentMiB(app.ProcessId):F0} MiB resident");
        await AuditViewAsync(admin, "audit view right after the flood");

        // The counts are written once their window (one minute) has passed.
        var counted = 0;
        var rows = 0;
        for (var wait = 0; wait < 120 && counted < total; wait++)
        {
            await Task.Delay(1000);
            var audit = JsonDocument.Parse(await admin.GetStringAsync("/api/admin/audit?round=-&limit=1000")).RootElement;
            var failed = audit.EnumerateArray().Where(e => e.GetProperty("action").GetString() == "authentication-failed").ToList();
            rows = failed.Count;
            counted = failed.Sum(e => e.GetProperty("count").GetInt32());
        }
        Console.WriteLine($"audit: {rows:N0} row(s) authentication-failed counting {counted:N0} of {total:N0} requests");
        await AuditViewAsync(admin, "audit view once the counts are written");
        GC.Collect();
        Console.WriteLine($"app memory after the flood and the writes: {ResidentMiB(app.ProcessId):F0} MiB resident");
        return 0;
    }

    /// <summary>GET /api/admin/audit (every round, 200 newest) ten times; prints the median and the maximum.</summary>
    private static async Task AuditViewAsync(HttpClient admin, string what)
    {
        var times = new List<double>();
        var rows = 0;
        for (var i = 0; i < 11; i++)
        {
            var watch = Stopwatch.StartNew();
            var response = await admin.GetAsync("/api/admin/audit");
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"audit view: {(int)response.StatusCode} {body}");
            if (i > 0) times.Add(watch.Elapsed.TotalMilliseconds); // the first is a warm-up
            rows = JsonDocument.Parse(body).RootElement.GetArrayLength();
        }
        times.Sort();
        Console.WriteLine($"{what}: median {times[times.Count / 2]:F0} ms, max {times[^1]:F0} ms ({rows} entries shown)");
    }

    private static double ResidentMiB(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:"));
        return line is null ? double.NaN : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
    }
}
