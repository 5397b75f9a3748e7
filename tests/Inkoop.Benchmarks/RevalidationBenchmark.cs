using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Inkoop.Domain.Rounds;
using Inkoop.Excel;

namespace Inkoop.Benchmarks;

/// <summary>
/// Issue 7: a round of 1,000 stored formats (typical: 6 levels, 10 products) whose bands change. Measures, against
/// Azurite and the app over HTTP, the path a real round takes: the PUT (202, more than Revalidation:InlineLimit) and the
/// RevalidateFormats timer run that re-checks every format from its original, once tightening a band and once widening
/// it again; then an identical PUT (re-checks nothing).
/// `-- revalidation [--formats N]`; with --url/--key a running app is used as it is configured.
/// </summary>
public static class RevalidationBenchmark
{
    public static Task<int> RunAsync(string[] args)
    {
        var count = int.TryParse(args.SkipWhile(a => a != "--formats").Skip(1).FirstOrDefault(), out var n) ? n : 1000;
        // The timer budget is raised so one run finishes the round and its duration is the whole re-check.
        return ApiBenchmark.WithAppAsync(args, new Dictionary<string, string?> { ["Revalidation__TimerBudget"] = "00:30:00" },
            http => MeasureAsync(http, count));
    }

    private static async Task MeasureAsync(HttpClient http, int count)
    {
        var suffix = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3));
        var configuration = RoundConfigurationParser.Parse(DemoFormats.RoundJson);
        var template = new MemoryStream();
        TemplateWriter.Write(configuration, template);
        var products = configuration.Products.Select(p => p.Code).ToArray();
        var round = await ApiBenchmark.CreateRoundAsync(http, $"bench-reval-{suffix}");

        var watch = Stopwatch.StartNew();
        var random = new Random(7);
        var files = Enumerable.Range(1, count)
            .Select(i => ApiBenchmark.Fill(template, round, DemoFormats.Provider(random, i, DemoFormats.Kind.Ambulant, products).Values)).ToList();
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (file, _) => await ApiBenchmark.UploadAsync(http, round, file));
        Console.WriteLine($"stored {count} formats ({files[0].Length / 1024} KiB each) in {watch.Elapsed.TotalSeconds:F1} s");

        // Verzuim of the generated providers lies in 0.04-0.08: a band of at most 0.05 puts most of them in repair.
        foreach (var (change, json) in new[] { ("tightened", Banded(round, "0.05")), ("widened", Banded(round, "0.15")) })
        {
            var (status, answer, putMs) = await PutAsync(http, round, json);
            var timer = Stopwatch.StartNew();
            var run = await PostAsync(http, "/RevalidateFormats", """{ "Data": {}, "Metadata": {} }""");
            var timerMs = timer.Elapsed.TotalMilliseconds;
            var mine = run.GetProperty("ReturnValue").GetProperty("revalidated").EnumerateArray().Single(r => r.GetProperty("round").GetString() == round);
            var rechecked = mine.GetProperty("rechecked").GetInt32();
            var progress = JsonDocument.Parse(await http.GetStringAsync($"/api/rounds/{round}/revalidation")).RootElement;
            if (!progress.GetProperty("complete").GetBoolean()) throw new InvalidOperationException("Re-validation did not complete: " + progress);
            Console.WriteLine($"band {change}: PUT {(int)status} in {putMs:F0} ms (pending {answer.GetProperty("revalidation").GetProperty("pending").GetInt32()}), " +
                $"RevalidateFormats re-checked {rechecked} ({mine.GetProperty("statusChanged").GetInt32()} changed status) " +
                $"in {timerMs:F0} ms = {timerMs / Math.Max(1, rechecked):F1} ms per format");
        }

        var (_, same, sameMs) = await PutAsync(http, round, Banded(round, "0.15"));
        Console.WriteLine($"identical PUT: re-checked {same.GetProperty("revalidation").GetProperty("rechecked").GetInt32()} in {sameMs:F0} ms");
    }

    private static string Banded(string round, string max) => ApiBenchmark.RoundJson(round)
        .Replace("\"normalisation\": {", $$"""
            "bands": { "Verzuim": { "min": 0, "max": {{max}} } },
            "normalisation": {
            """);

    private static async Task<(System.Net.HttpStatusCode Status, JsonElement Body, double Ms)> PutAsync(HttpClient http, string round, string json)
    {
        var watch = Stopwatch.StartNew();
        using var response = await http.PutAsync($"/api/rounds/{round}", new StringContent(json, Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        var ms = watch.Elapsed.TotalMilliseconds;
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException(body);
        return (response.StatusCode, JsonDocument.Parse(body).RootElement.Clone(), ms);
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, string path, string json)
    {
        using var response = await http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException(body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
