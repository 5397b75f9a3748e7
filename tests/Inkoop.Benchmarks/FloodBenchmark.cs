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
/// (default 16), <c>--clients N</c> (default 1: one source as in the issue; more: each request from one of N addresses),
/// <c>--app DIR</c> (another build of the app, e.g. of an older commit, to compare).
/// </summary>
public static class FloodBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var seconds = int.Parse(Option("--seconds") ?? "60");
        var threads = int.Parse(Option("--threads") ?? "16");
        var clients = int.Parse(Option("--clients") ?? "1");
        using var local = await LocalApp.StartAsync(LocalApp.Settings(args), Option("--app"));
        var app = local.App;
        var table = new Azure.Data.Tables.TableClient(local.Azurite.ConnectionString, "Audit");
        Console.WriteLine($"Azurite (in memory) and the app ({Repo.Configuration}) started on {app.BaseAddress}; " +
                          $"flood: {threads} threads, {seconds} s, {clients} client address(es).");
        using var admin = local.Client();
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

        // Failed authentications are written once their window (one minute) has passed: wait until the table stops growing.
        var (rows, counted) = (0, 0L);
        for (var wait = 0; wait < 150; wait++)
        {
            await Task.Delay(1000);
            var (r, c) = (0, 0L);
            await foreach (var e in table.QueryAsync<Azure.Data.Tables.TableEntity>(select: ["Count"]))
            {
                r++;
                c += e.GetInt32("Count") ?? 1;
            }
            if (r == rows && c == counted && c >= total) break;
            (rows, counted) = (r, c);
        }
        Console.WriteLine($"audit table: {rows:N0} row(s) standing for {counted:N0} requests (the flood: {total:N0})");
        await AuditViewAsync(admin, "audit view once the counts are written");
        GC.Collect();
        Console.WriteLine($"app memory after the flood and the writes: {ResidentMiB(app.ProcessId):F0} MiB resident");
        return 0;
    }

    /// <summary>GET /api/admin/audit (every round, 200 newest) ten times after a warm-up; prints the median, the maximum and any failures.</summary>
    private static async Task AuditViewAsync(HttpClient admin, string what)
    {
        var times = new List<double>();
        var failures = new List<int>();
        var rows = 0;
        for (var i = 0; i < 11; i++)
        {
            var watch = Stopwatch.StartNew();
            var response = await admin.GetAsync("/api/admin/audit");
            var body = await response.Content.ReadAsStringAsync();
            if (i == 0) continue;
            times.Add(watch.Elapsed.TotalMilliseconds);
            if (response.StatusCode == HttpStatusCode.OK) rows = JsonDocument.Parse(body).RootElement.GetArrayLength();
            else failures.Add((int)response.StatusCode);
        }
        times.Sort();
        Console.WriteLine($"{what}: median {times[times.Count / 2]:F0} ms, max {times[^1]:F0} ms ({rows} entries shown" +
                          (failures.Count == 0 ? ")" : $"; {failures.Count} of {times.Count} failed: {string.Join(", ", failures)})"));
    }

    internal static double ResidentMiB(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:"));
        return line is null ? double.NaN : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
    }
}
