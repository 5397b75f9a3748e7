using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Inkoop.Domain;
using Inkoop.Domain.Tariffs;
using Inkoop.Excel;

namespace Inkoop.Cli;

/// <summary>
/// `inkoop demo`: loads the demo round into a running function app through its HTTP API, the way a region and its
/// providers would: PUT the round, download its template, fill it in for each of the 62 generated providers
/// (<see cref="DemoFormats.Research2023"/>), upload them, recalculate and print the tariffs. Providers already
/// uploaded are skipped, so running it again only recalculates.
/// </summary>
public static class DemoLoader
{
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static async Task<int> RunAsync(Uri baseAddress, string? key, TextWriter stdout, TextWriter stderr, CancellationToken ct = default)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (!string.IsNullOrWhiteSpace(key)) http.DefaultRequestHeaders.Add("x-inkoop-key", key.Trim());
        var round = DemoFormats.RoundId;
        var watch = Stopwatch.StartNew();
        try
        {
            await SendAsync(http, HttpMethod.Put, $"/api/rounds/{round}", new StringContent(DemoFormats.RoundJson, Encoding.UTF8, "application/json"), ct);
            stdout.WriteLine($"Demo: ronde {round} staat klaar.");

            var template = await (await SendAsync(http, HttpMethod.Get, $"/api/rounds/{round}/template", null, ct)).Content.ReadAsByteArrayAsync(ct);
            using var existing = JsonDocument.Parse(await (await SendAsync(http, HttpMethod.Get, $"/api/rounds/{round}/formats", null, ct)).Content.ReadAsStringAsync(ct));
            var present = existing.RootElement.GetProperty("formats").EnumerateArray().Select(f => f.GetProperty("agb").GetString()).ToHashSet();

            var formats = DemoFormats.Research2023();
            var todo = formats.Where(f => !present.Contains(f.Agb)).ToList();
            var statuses = new Dictionary<string, int>();
            await Parallel.ForEachAsync(todo, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (format, c) =>
            {
                using var output = new MemoryStream();
                FormatFiller.Fill(new MemoryStream(template, writable: false), format.Values, output);
                var content = new ByteArrayContent(output.ToArray());
                content.Headers.ContentType = new MediaTypeHeaderValue(XlsxType);
                using var answer = JsonDocument.Parse(await (await SendAsync(http, HttpMethod.Post, $"/api/rounds/{round}/formats", content, c)).Content.ReadAsStringAsync(c));
                var status = answer.RootElement.GetProperty("status").GetString() ?? "?";
                lock (statuses) statuses[status] = statuses.GetValueOrDefault(status) + 1;
            });
            stdout.WriteLine(todo.Count == 0
                ? $"Demo: alle {formats.Count} formats stonden er al."
                : $"Demo: {todo.Count} formats geüpload ({string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Value} {s.Key}"))}).");

            using var recalculation = JsonDocument.Parse(await (await SendAsync(http, HttpMethod.Post, $"/api/rounds/{round}/recalculations", null, ct)).Content.ReadAsStringAsync(ct));
            var id = recalculation.RootElement.GetProperty("id").GetString();
            var snapshot = await (await SendAsync(http, HttpMethod.Get, $"/api/rounds/{round}/snapshots/{id}", null, ct)).Content.ReadAsStringAsync(ct);
            var result = JsonSerializer.Deserialize<SnapshotTariffs>(snapshot, ResultJson.Options)!;
            stdout.WriteLine($"Demo: herberekend in snapshot {id} ({result.Formats.Count} formats, {watch.Elapsed.TotalSeconds:F1} s).");
            stdout.WriteLine();
            Report.TariffTables($"Genormeerde tarieven {result.RoundName} ({round})", new TariffResult(result.Tariffs, result.Trajectories, []), stdout);
            stdout.WriteLine();
            stdout.WriteLine($"Formats:    {baseAddress.ToString().TrimEnd('/')}/api/rounds/{round}/formats");
            stdout.WriteLine($"Snapshot:   {baseAddress.ToString().TrimEnd('/')}/api/rounds/{round}/snapshots/current");
            stdout.WriteLine($"Werkmap:    {baseAddress.ToString().TrimEnd('/')}/api/rounds/{round}/snapshots/current/export");
            return 0;
        }
        catch (HttpRequestException e)
        {
            await stderr.WriteLineAsync($"inkoop demo: {e.Message}");
            return 1;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            await stderr.WriteLineAsync($"inkoop demo: de app op {baseAddress} antwoordt niet op tijd.");
            return 1;
        }
    }

    private sealed record SnapshotTariffs(string RoundName, IReadOnlyList<ProductTariff> Tariffs, IReadOnlyList<TrajectoryTariff> Trajectories,
        IReadOnlyList<JsonElement> Formats);

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, HttpContent? content, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (HttpRequestException e)
        {
            throw new HttpRequestException($"de app op {http.BaseAddress} is niet bereikbaar ({e.Message}). Draait ./run.sh?", e);
        }
        if (response.IsSuccessStatusCode) return response;
        var body = await response.Content.ReadAsStringAsync(ct);
        var detail = body;
        try
        {
            using var problem = JsonDocument.Parse(body);
            if (problem.RootElement.TryGetProperty("detail", out var d)) detail = d.GetString() ?? body;
        }
        catch (JsonException)
        {
        }
        var hint = response.StatusCode == HttpStatusCode.Unauthorized ? " Geef de beheersleutel mee (--key of INKOOP_KEY; ./run.sh drukt hem af)." : "";
        throw new HttpRequestException($"{method} {path}: {(int)response.StatusCode} {detail}{hint}");
    }
}
