using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Azure.Data.Tables;
using Inkoop.Domain.Formats;
using Inkoop.Integration.Tests.Infrastructure;
using Inkoop.Storage;
using Xunit.Abstractions;

namespace Inkoop.Integration.Tests;

/// <summary>
/// Faults, with real Azurite on disk and the real app: storage stopped and started again in the middle of uploads, of a
/// recalculation and of a re-validation, and the app killed in the middle of a recalculation. Every acknowledged upload
/// is there with its original, nothing is half visible, nothing answers 500, and the next run succeeds, without
/// restarting the app when storage comes back.
/// </summary>
[Collection(StorageFaultCollection.Name)]
public sealed class StorageFaultTests(StorageFaultFixture fixture, ITestOutputHelper output)
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task While_storage_is_down_requests_answer_503_with_Retry_After_at_once_and_succeed_again_when_it_is_back()
    {
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/api/rounds")).StatusCode);
        await fixture.Azurite.StopAsync();
        try
        {
            // The first call still tries (retries until the circuit opens); the next are refused without waiting.
            var timings = new List<TimeSpan>();
            for (var i = 0; i < 3; i++)
            {
                var watch = Stopwatch.StartNew();
                var response = await Client.GetAsync("/api/rounds");
                timings.Add(watch.Elapsed);
                await Http.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, "storage-unavailable");
                Assert.Equal(TimeSpan.FromSeconds(Math.Ceiling(StorageFaultFixture.BreakDuration.TotalSeconds)), response.Headers.RetryAfter?.Delta);
            }
            output.WriteLine($"503 while storage is down after {string.Join(", ", timings.Select(t => $"{t.TotalMilliseconds:F0} ms"))}");
            // Bounds generous against a loaded machine; the target is 1 s (the measured values are in the output).
            Assert.All(timings, t => Assert.True(t < TimeSpan.FromSeconds(3), $"503 took {t.TotalMilliseconds:F0} ms"));

            var ready = await Client.GetAsync("/api/health/ready");
            var problem = await Http.AssertProblemAsync(ready, HttpStatusCode.ServiceUnavailable, "storage-unavailable");
            Assert.NotEqual("ok", problem.GetProperty("table").GetString());
            Assert.NotEqual("ok", problem.GetProperty("blob").GetString());
            Assert.NotNull(ready.Headers.RetryAfter);
        }
        finally
        {
            await fixture.Azurite.StartAgainAsync();
        }
        var recovered = await fixture.WaitUntilReadyAsync(TimeSpan.FromSeconds(30));
        output.WriteLine($"Ready again {recovered.TotalMilliseconds:F0} ms after storage came back (same app process)");
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/api/rounds")).StatusCode);
    }

    [Fact]
    public async Task Uploads_while_storage_goes_away_and_comes_back_are_acknowledged_only_when_stored_with_their_original()
    {
        var (round, json) = await CreateRoundAsync("fu");
        const int count = 48;
        var files = Enumerable.Range(0, count).Select(i => Format(json, round, i)).ToList();
        var answers = new ConcurrentDictionary<string, (HttpStatusCode Status, string Body)>();
        var next = -1;
        var stopped = new TaskCompletionSource();

        async Task WorkerAsync()
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                if (i == count / 3) _ = StopAndStartAsync(stopped, TimeSpan.FromSeconds(2));
                var (agb, bytes) = files[i];
                var response = await Client.PostAsync($"/api/rounds/{round}/formats", TestFormats.Xlsx(bytes));
                answers[agb] = (response.StatusCode, await response.Content.ReadAsStringAsync());
            }
        }
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => WorkerAsync()));
        await stopped.Task;
        await fixture.WaitUntilReadyAsync(TimeSpan.FromSeconds(30));

        var statuses = answers.Values.GroupBy(a => (int)a.Status).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine("Answers: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}")));
        Assert.Equal(count, answers.Count);
        Assert.All(answers.Values, a => Assert.True(a.Status is HttpStatusCode.Created or HttpStatusCode.ServiceUnavailable, $"{(int)a.Status}: {a.Body}"));
        Assert.Contains(answers.Values, a => a.Status == HttpStatusCode.ServiceUnavailable); // storage did go away mid-way
        Assert.Contains(answers.Values, a => a.Status == HttpStatusCode.Created);

        // Every acknowledged upload is listed, as version 1, with the SHA-256 of exactly the bytes sent; its original is there.
        var listed = await ListedFormatsAsync(round);
        var originals = new OriginalStore(fixture.Storage);
        foreach (var (agb, bytes) in files)
        {
            if (answers[agb].Status != HttpStatusCode.Created) continue;
            Assert.True(listed.TryGetValue(agb, out var format), $"Acknowledged upload {agb} is not listed");
            Assert.Equal(Sha256(bytes), format.Sha256);
            var original = await originals.ReadAsync(new OriginalKey(round, agb, format.Version));
            Assert.NotNull(original);
            Assert.Equal(Sha256(bytes), Sha256(original.ToArray()));
        }
        // Nothing half visible: whatever is listed (also an upload whose answer was lost) has its complete original.
        foreach (var (agb, format) in listed)
        {
            var original = await originals.ReadAsync(new OriginalKey(round, agb, format.Version));
            Assert.True(original is not null, $"Listed {agb} v{format.Version} has no original");
            Assert.Equal(format.Sha256, Sha256(original.ToArray()));
        }

        // The next upload of each refused provider succeeds.
        foreach (var (agb, bytes) in files.Where(f => answers[f.Agb].Status != HttpStatusCode.Created))
        {
            var response = await Client.PostAsync($"/api/rounds/{round}/formats", TestFormats.Xlsx(bytes));
            Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"{agb}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        Assert.Equal(count, (await ListedFormatsAsync(round)).Count);
    }

    [Fact]
    public async Task A_recalculation_cut_off_by_storage_leaves_the_current_snapshot_complete_and_the_next_run_succeeds()
    {
        const int count = 60;
        var round = await RoundWithSnapshotAsync("fr", count);

        // Storage goes away as soon as the recalculation writes its first row (the last tries: as soon as it starts).
        for (var attempt = 0; ; attempt++)
        {
            Assert.True(attempt < 6, "the recalculation could not be cut off");
            var before = await CurrentSnapshotAsync(round);
            if (await CatchRecalculationAsync(round, attempt) is not (var recalculation, var writing)) continue;
            var midRun = !recalculation.IsCompleted;
            await fixture.Azurite.StopAsync();
            HttpResponseMessage cut;
            try
            {
                cut = await recalculation;
            }
            finally
            {
                await fixture.Azurite.StartAgainAsync();
            }
            output.WriteLine($"Stopped storage {(writing ? "at the recalculation's first write" : "as the recalculation started")} " +
                             $"({(midRun ? "while it ran" : "after it answered")}): {(int)cut.StatusCode}");
            Assert.True(cut.StatusCode is HttpStatusCode.Created or HttpStatusCode.ServiceUnavailable, $"{(int)cut.StatusCode}: {await cut.Content.ReadAsStringAsync()}");
            if (cut.StatusCode == HttpStatusCode.ServiceUnavailable)
                await Http.AssertProblemAsync(cut, HttpStatusCode.ServiceUnavailable, "storage-unavailable");
            await fixture.WaitUntilReadyAsync(TimeSpan.FromSeconds(30));

            // Current is the old snapshot or the complete new one, never half of one; every listed snapshot opens.
            var current = await CurrentSnapshotAsync(round);
            Assert.Equal(count, current.GetProperty("formats").GetArrayLength());
            if (cut.StatusCode == HttpStatusCode.ServiceUnavailable)
                Assert.Equal(before.GetProperty("id").GetString(), current.GetProperty("id").GetString());
            await AssertEverySnapshotOpensAsync(round);
            if (cut.StatusCode == HttpStatusCode.ServiceUnavailable) break;
        }

        var again = await Client.PostAsync($"/api/rounds/{round}/recalculations", null);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        var latest = await CurrentSnapshotAsync(round);
        Assert.Equal(JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString(), latest.GetProperty("id").GetString());
        Assert.Equal(count, latest.GetProperty("formats").GetArrayLength());
        await AssertSweptAsync(round);
    }

    [Fact]
    public async Task A_re_validation_cut_off_by_storage_is_finished_by_the_next_run_each_format_validated_once_against_the_new_configuration()
    {
        var (round, json) = await CreateRoundAsync("fv");
        const int count = 40;
        await UploadAsync(round, json, count);
        // The same round with a band on the HBO share: every format is validated against another configuration now.
        var tightened = json.Replace("\"normalisation\": {", """
            "bands": { "Aandeel_HBO[45A11]": { "min": 0, "max": 0.75 } },
            "normalisation": {
            """);
        var put = await Client.PutAsync($"/api/rounds/{round}", Http.Json(tightened));
        Assert.Equal(HttpStatusCode.Accepted, put.StatusCode);
        var hash = JsonDocument.Parse(await put.Content.ReadAsStringAsync()).RootElement.GetProperty("revalidation").GetProperty("configurationHash").GetString();

        var run = InvokeTimerAsync("RevalidateFormats");
        var progressAtStop = await WaitForProgressAsync(round, atLeast: 4, run);
        await fixture.Azurite.StopAsync();
        HttpResponseMessage cut;
        try
        {
            cut = await run;
        }
        finally
        {
            await fixture.Azurite.StartAgainAsync();
        }
        var cutBody = await cut.Content.ReadAsStringAsync();
        output.WriteLine($"Stopped storage with {progressAtStop} of {count} re-validated: {(int)cut.StatusCode} {cutBody}");
        // The run reports the round as failed (200) or, when storage went before it could list the rounds, 503; never 500.
        Assert.True(cut.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"{(int)cut.StatusCode}: {cutBody}");
        if (cut.StatusCode == HttpStatusCode.OK)
            Assert.Contains(round, JsonDocument.Parse(cutBody).RootElement.GetProperty("ReturnValue").GetProperty("failed").EnumerateArray().Select(e => e.GetString()));
        await fixture.WaitUntilReadyAsync(TimeSpan.FromSeconds(30));

        var progress = await GetJsonAsync($"/api/rounds/{round}/revalidation");
        var done = progress.GetProperty("current").GetInt32();
        Assert.True(done < count, "storage was stopped before the run finished");
        var rerun = await InvokeTimerAsync("RevalidateFormats");
        var rerunBody = JsonDocument.Parse(await rerun.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, rerun.StatusCode);
        var mine = Assert.Single(rerunBody.GetProperty("ReturnValue").GetProperty("revalidated").EnumerateArray(),
            r => r.GetProperty("round").GetString() == round);
        // Exactly the ones the cut-off run had not done, each once; then none left, and a third run re-checks nothing.
        Assert.Equal(count - done, mine.GetProperty("rechecked").GetInt32());
        Assert.Equal(0, mine.GetProperty("pending").GetInt32());
        var third = JsonDocument.Parse(await (await InvokeTimerAsync("RevalidateFormats")).Content.ReadAsStringAsync()).RootElement;
        Assert.DoesNotContain(third.GetProperty("ReturnValue").GetProperty("revalidated").EnumerateArray(), r => r.GetProperty("round").GetString() == round);

        // Every format is validated against the new configuration, still version 1 with its original.
        var formats = new FormatStore(fixture.Storage);
        var latest = await formats.ListLatestAsync(round);
        Assert.Equal(count, latest.Count);
        Assert.All(latest, f => Assert.Equal((hash, 1), (f.ConfigurationHash, f.Version)));
        // The band refuses an HBO share above 0.75 (0.80: the second of each four providers): their status changed.
        Assert.Contains(latest, f => f.Status != "accepted");
    }

    [Fact]
    public async Task An_app_killed_mid_recalculation_leaves_the_current_snapshot_complete_and_a_new_app_sweeps_and_runs_again()
    {
        const int count = 60;
        var round = await RoundWithSnapshotAsync("fk", count);

        // The app dies as soon as the recalculation writes its first row (the last tries: as soon as it starts).
        for (var attempt = 0; ; attempt++)
        {
            Assert.True(attempt < 6, "the recalculation could not be caught running");
            if (await CatchRecalculationAsync(round, attempt) is not (var recalculation, var writing)) continue;
            fixture.KillApp();
            var outcome = await Record.ExceptionAsync(() => recalculation);
            await fixture.StartAnotherAppAsync();
            var killed = outcome is HttpRequestException;
            output.WriteLine($"Killed the app {(writing ? "at the recalculation's first write" : "as the recalculation started")} " +
                             $"({(killed ? "before it answered" : "after it answered")})");
            Assert.True(outcome is null or HttpRequestException, outcome?.ToString());

            // The new process serves a complete current snapshot (the old one, or the new one if the pointer had flipped).
            var current = await CurrentSnapshotAsync(round);
            Assert.Equal(count, current.GetProperty("formats").GetArrayLength());
            await AssertEverySnapshotOpensAsync(round);
            if (killed) break;
        }
        var leftovers = await HeaderlessSnapshotsAsync(round);
        output.WriteLine($"Snapshot content without a header left by the killed app: {leftovers.Count}");

        // The killed app never released the round's lease: it expires by itself within Leases:Duration, then the round is free.
        var lease = fixture.Storage.BlobService.GetBlobContainerClient(WorkLeases.Container).GetBlobClient(WorkLeases.Round(round));
        var waited = Stopwatch.StartNew();
        while ((await lease.GetPropertiesAsync()).Value.LeaseState == Azure.Storage.Blobs.Models.LeaseState.Leased)
        {
            Assert.True(waited.Elapsed < StorageFaultFixture.LeaseDuration + TimeSpan.FromSeconds(5), $"the round's lease is still held after {waited.Elapsed}");
            await Task.Delay(250);
        }
        output.WriteLine($"The killed app's lease on the round expired after {waited.Elapsed.TotalSeconds:0.0} s");

        // The nightly run sweeps what the killed app left (past Cleanup:MinimumAge) and a recalculation succeeds.
        await AssertSweptAsync(round);
        var again = await Client.PostAsync($"/api/rounds/{round}/recalculations", null);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(count, (await CurrentSnapshotAsync(round)).GetProperty("formats").GetArrayLength());
        await AssertEverySnapshotOpensAsync(round);
    }

    /// <summary>A round of <paramref name="count"/> formats with a current snapshot.</summary>
    private async Task<string> RoundWithSnapshotAsync(string prefix, int count)
    {
        var (round, json) = await CreateRoundAsync(prefix);
        await UploadAsync(round, json, count);
        Assert.Equal(HttpStatusCode.Created, (await Client.PostAsync($"/api/rounds/{round}/recalculations", null)).StatusCode);
        return round;
    }

    /// <summary>
    /// Starts a recalculation and returns as soon as it writes its first row (from the fifth attempt on, as soon as it has
    /// started), or null when it answered before a write was seen: then it succeeded, and the caller tries again.
    /// </summary>
    private async Task<(Task<HttpResponseMessage> Run, bool Writing)?> CatchRecalculationAsync(string round, int attempt)
    {
        var known = await SnapshotRowsAsync(round);
        var recalculation = Client.PostAsync($"/api/rounds/{round}/recalculations", null);
        var writing = attempt < 4 && await WritingAsync(round, known, recalculation);
        if (attempt < 4 && !writing)
        {
            Assert.Equal(HttpStatusCode.Created, (await recalculation).StatusCode);
            output.WriteLine("The recalculation answered before its first write was seen; again.");
            return null;
        }
        return (recalculation, writing);
    }

    private async Task StopAndStartAsync(TaskCompletionSource done, TimeSpan down)
    {
        try
        {
            await fixture.Azurite.StopAsync();
            await Task.Delay(down);
            await fixture.Azurite.StartAgainAsync();
            done.SetResult();
        }
        catch (Exception e)
        {
            done.SetException(e);
        }
    }

    private async Task<(string Round, string Json)> CreateRoundAsync(string prefix)
    {
        var round = AppFixture.NewRoundId(prefix);
        var json = TestFormats.RoundJson(round);
        Assert.Equal(HttpStatusCode.Created, (await Client.PutAsync($"/api/rounds/{round}", Http.Json(json))).StatusCode);
        return (round, json);
    }

    /// <summary>Provider <paramref name="i"/>: the worked example's providers 0-3 in turn, each under an AGB-code of its own.</summary>
    private static (string Agb, byte[] Bytes) Format(string json, string round, int i)
    {
        var values = TestFormats.Provider(round, i % 4);
        var agb = $"{71000000 + i}";
        var names = new Dictionary<string, object?>(values.Names) { [FormatSchema.AanbiederAgb] = agb, [FormatSchema.AanbiederNaam] = $"Aanbieder {agb}" };
        return (agb, TestFormats.Build(json, values with { Names = names }));
    }

    private async Task UploadAsync(string round, string json, int count) =>
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            var response = await Client.PostAsync($"/api/rounds/{round}/formats", TestFormats.Xlsx(Format(json, round, i).Bytes));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        });

    /// <summary>The row keys of the round's snapshots (pointer, headers, content).</summary>
    private async Task<HashSet<string>> SnapshotRowsAsync(string round)
    {
        var table = await fixture.Storage.TableAsync(StorageAccount.SnapshotsTable, default);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var e in table.QueryAsync<TableEntity>(e => e.PartitionKey == round, select: ["RowKey"])) keys.Add(e.RowKey);
        return keys;
    }

    /// <summary>Watches the round's snapshots until a row appears that was not in <paramref name="known"/> (true), or <paramref name="run"/> ends (false).</summary>
    private async Task<bool> WritingAsync(string round, HashSet<string> known, Task run)
    {
        while (!run.IsCompleted)
            if ((await SnapshotRowsAsync(round)).Any(k => !known.Contains(k))) return true;
        return false;
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        var response = await Client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private Task<JsonElement> CurrentSnapshotAsync(string round) => GetJsonAsync($"/api/rounds/{round}/snapshots/current");

    private async Task AssertEverySnapshotOpensAsync(string round)
    {
        foreach (var snapshot in (await GetJsonAsync($"/api/rounds/{round}/snapshots")).EnumerateArray())
            await GetJsonAsync($"/api/rounds/{round}/snapshots/{snapshot.GetProperty("id").GetString()}");
    }

    /// <summary>Ids of snapshots whose content rows are stored without a header (a write cut off half-way).</summary>
    private async Task<IReadOnlyList<string>> HeaderlessSnapshotsAsync(string round)
    {
        var table = await fixture.Storage.TableAsync(StorageAccount.SnapshotsTable, default);
        var keys = new List<string>();
        await foreach (var e in table.QueryAsync<TableEntity>(e => e.PartitionKey == round, select: ["RowKey"])) keys.Add(e.RowKey);
        var headers = keys.Where(k => k.StartsWith("H|", StringComparison.Ordinal)).Select(k => k[2..]).ToHashSet();
        return keys.Where(k => k.StartsWith("P|", StringComparison.Ordinal)).Select(k => k.Split('|')[1]).Distinct().Where(id => !headers.Contains(id)).ToList();
    }

    /// <summary>After the nightly run's sweep (past Cleanup:MinimumAge): no content without a header is left.</summary>
    private async Task AssertSweptAsync(string round)
    {
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        Assert.Equal(HttpStatusCode.OK, (await InvokeTimerAsync("RecalculateTariffs")).StatusCode);
        Assert.Empty(await HeaderlessSnapshotsAsync(round));
    }

    private Task<HttpResponseMessage> InvokeTimerAsync(string function)
    {
        var payload = $$"""
            { "Data": { "timer": { "Schedule": { "AdjustForDST": true }, "ScheduleStatus": null, "IsPastDue": false } },
              "Metadata": { "sys": { "MethodName": "{{function}}", "UtcNow": "{{DateTime.UtcNow:O}}", "RandGuid": "{{Guid.NewGuid()}}" } } }
            """;
        return Client.PostAsync("/" + function, Http.Json(payload));
    }

    /// <summary>Polls the round's re-validation until at least <paramref name="atLeast"/> formats are done; returns how many were.</summary>
    private async Task<int> WaitForProgressAsync(string round, int atLeast, Task run)
    {
        while (true)
        {
            var current = (await GetJsonAsync($"/api/rounds/{round}/revalidation")).GetProperty("current").GetInt32();
            if (current >= atLeast) return current;
            Assert.False(run.IsCompleted, "the re-validation run finished before storage could be stopped");
            await Task.Delay(20);
        }
    }

    private async Task<Dictionary<string, (int Version, string Sha256)>> ListedFormatsAsync(string round) =>
        (await GetJsonAsync($"/api/rounds/{round}/formats")).GetProperty("formats").EnumerateArray()
        .ToDictionary(f => f.GetProperty("agb").GetString()!, f => (f.GetProperty("version").GetInt32(), f.GetProperty("sha256").GetString()!));

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
