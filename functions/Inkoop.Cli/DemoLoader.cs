using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Inkoop.Domain;
using Inkoop.Domain.Formats;
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

            // Nothing new and already final: run again, the demo reuses that snapshot instead of piling up final ones.
            using var list = JsonDocument.Parse(await (await SendAsync(http, HttpMethod.Get, $"/api/rounds/{round}/snapshots", null, ct)).Content.ReadAsStringAsync(ct));
            var final = list.RootElement.EnumerateArray().LastOrDefault(s => s.GetProperty("status").GetString() == "final");
            var reuse = todo.Count == 0 && final.ValueKind == JsonValueKind.Object;
            string id;
            if (reuse) id = final.GetProperty("id").GetString()!;
            else
            {
                using var recalculation = JsonDocument.Parse(await (await SendAsync(http, HttpMethod.Post, $"/api/rounds/{round}/recalculations", null, ct)).Content.ReadAsStringAsync(ct));
                id = recalculation.RootElement.GetProperty("id").GetString()!;
                // Final: a tender measures bids against the round's final snapshot.
                await SendAsync(http, HttpMethod.Post, $"/api/rounds/{round}/snapshots/{id}/final", null, ct);
            }
            var snapshot = await (await SendAsync(http, HttpMethod.Get, $"/api/rounds/{round}/snapshots/{id}", null, ct)).Content.ReadAsStringAsync(ct);
            var result = JsonSerializer.Deserialize<SnapshotTariffs>(snapshot, ResultJson.Options)!;
            stdout.WriteLine(reuse
                ? $"Demo: de tarieven staan al definitief in snapshot {id} ({result.Formats.Count} formats)."
                : $"Demo: herberekend in snapshot {id} ({result.Formats.Count} formats, {watch.Elapsed.TotalSeconds:F1} s).");
            stdout.WriteLine();
            Report.TariffTables($"Genormeerde tarieven {result.RoundName} ({round})", new TariffResult(result.Tariffs, result.Trajectories, []), stdout);
            stdout.WriteLine();
            stdout.WriteLine($"Formats:    {baseAddress.ToString().TrimEnd('/')}/api/rounds/{round}/formats");
            stdout.WriteLine($"Snapshot:   {baseAddress.ToString().TrimEnd('/')}/api/rounds/{round}/snapshots/current");
            stdout.WriteLine($"Werkmap:    {baseAddress.ToString().TrimEnd('/')}/api/rounds/{round}/snapshots/current/export");

            await LoadTenderAsync(http, id, result.Tariffs, baseAddress, stdout, ct);
            await LoadLumpsumsAsync(http, result.Tariffs, baseAddress, stdout, ct);
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

    /// <summary>
    /// The demo tender on the final snapshot: PUT the tender, download its bid template, fill it in for each demo bidder not
    /// there yet, upload, and print every lot's ranking.
    /// </summary>
    private static async Task LoadTenderAsync(HttpClient http, string snapshot, IReadOnlyList<ProductTariff> tariffs, Uri baseAddress,
        TextWriter stdout, CancellationToken ct)
    {
        var tender = DemoBids.TenderId;
        await SendAsync(http, HttpMethod.Put, $"/api/tenders/{tender}", new StringContent(DemoBids.TenderJson, Encoding.UTF8, "application/json"), ct);
        var template = await (await SendAsync(http, HttpMethod.Get, $"/api/tenders/{tender}/template", null, ct)).Content.ReadAsByteArrayAsync(ct);
        var bids = DemoBids.Bids(tariffs.ToDictionary(t => t.Product, t => t.Tariff));
        var uploaded = 0;
        foreach (var lot in bids.Select(b => b.Lot).Distinct())
        {
            using var existing = JsonDocument.Parse(await (await SendAsync(http, HttpMethod.Get, $"/api/tenders/{tender}/lots/{lot}/bids", null, ct)).Content.ReadAsStringAsync(ct));
            var present = existing.RootElement.GetProperty("bids").EnumerateArray().Select(b => b.GetProperty("agb").GetString()).ToHashSet();
            foreach (var bid in bids.Where(b => b.Lot == lot && !present.Contains(b.Agb)))
            {
                using var output = new MemoryStream();
                BidFiller.Fill(new MemoryStream(template, writable: false), bid.Values, output);
                var content = new ByteArrayContent(output.ToArray());
                content.Headers.ContentType = new MediaTypeHeaderValue(XlsxType);
                await SendAsync(http, HttpMethod.Post, $"/api/tenders/{tender}/bids", content, ct);
                uploaded++;
            }
        }
        stdout.WriteLine();
        stdout.WriteLine($"Demo: aanbesteding {tender} op snapshot {snapshot} (definitief), {uploaded} inschrijvingen geüpload.");
        foreach (var lot in bids.Select(b => b.Lot).Distinct())
        {
            using var list = JsonDocument.Parse(await (await SendAsync(http, HttpMethod.Get, $"/api/tenders/{tender}/lots/{lot}/bids", null, ct)).Content.ReadAsStringAsync(ct));
            var ranking = list.RootElement.GetProperty("ranking").EnumerateArray()
                .Select((r, i) => $"{i + 1}. {r.GetProperty("agb").GetString()} ({Report.Percentage(r.GetProperty("weightedDeviation").GetDecimal())})");
            stdout.WriteLine($"Rangorde {lot}: {string.Join(", ", ranking)}");
        }
        stdout.WriteLine($"Inschrijvingen: {baseAddress.ToString().TrimEnd('/')}/api/tenders/{tender}/lots/AMB/bids");
        stdout.WriteLine($"Analyse:        {baseAddress.ToString().TrimEnd('/')}/api/tenders/{tender}/lots/AMB/export");
    }

    private sealed record SnapshotTariffs(string RoundName, IReadOnlyList<ProductTariff> Tariffs, IReadOnlyList<TrajectoryTariff> Trajectories,
        IReadOnlyList<JsonElement> Formats);

    /// <summary>
    /// A year of lumpsums on the demo round: four providers in AMB valued at the final snapshot's tariffs, one in DYS at contract
    /// prices; quarterly realisation for Q1-Q4 (one provider's Q4 still missing), recalculated and printed up to Q4. Reports
    /// already there are not uploaded again.
    /// </summary>
    private static async Task LoadLumpsumsAsync(HttpClient http, IReadOnlyList<ProductTariff> tariffs, Uri baseAddress, TextWriter stdout,
        CancellationToken ct)
    {
        const int year = DemoLumpsums.Year;
        await SendAsync(http, HttpMethod.Put, $"/api/lumpsums/{year}", new StringContent(DemoLumpsums.ConfigurationJson, Encoding.UTF8, "application/json"), ct);

        using var existing = JsonDocument.Parse(await (await SendAsync(http, HttpMethod.Get, $"/api/lumpsums/{year}/realisation", null, ct)).Content.ReadAsStringAsync(ct));
        var uploaded = 0;
        if (existing.RootElement.GetArrayLength() == 0)
        {
            foreach (var (key, rows) in DemoLumpsums.Reports(tariffs.ToDictionary(t => t.Product, t => t.Tariff)))
            {
                using var file = new MemoryStream();
                RealisationWorkbookWriter.Write(key, rows, file);
                var content = new ByteArrayContent(file.ToArray());
                content.Headers.ContentType = new MediaTypeHeaderValue(XlsxType);
                await SendAsync(http, HttpMethod.Post, $"/api/lumpsums/{year}/realisation/{key.Quarter}/{key.Agb}/{key.Segment}", content, ct);
                uploaded++;
            }
        }
        await SendAsync(http, HttpMethod.Post, $"/api/lumpsums/{year}/variance/3/recalculations", null, ct);
        await SendAsync(http, HttpMethod.Post, $"/api/lumpsums/{year}/variance/4/recalculations", null, ct);
        var variance = JsonSerializer.Deserialize<Inkoop.Domain.Lumpsums.VarianceResult>(
            await (await SendAsync(http, HttpMethod.Get, $"/api/lumpsums/{year}/variance/4", null, ct)).Content.ReadAsStringAsync(ct), ResultJson.Options)!;
        stdout.WriteLine();
        stdout.WriteLine(uploaded == 0 ? "Demo: de realisatie van 2025 stond er al." : $"Demo: {uploaded} realisatierapporten over 2025 geüpload.");
        LumpsumRun.Print(variance, stdout);
        stdout.WriteLine();
        stdout.WriteLine($"Afwijking:  {baseAddress.ToString().TrimEnd('/')}/api/lumpsums/{year}/variance/4");
        stdout.WriteLine($"Werkmap:    {baseAddress.ToString().TrimEnd('/')}/api/lumpsums/{year}/variance/4/export");
    }

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
