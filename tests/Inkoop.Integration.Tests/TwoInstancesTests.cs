using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Inkoop.Domain.Formats;
using Inkoop.Domain.Lumpsums;
using Inkoop.Excel;
using Inkoop.Integration.Tests.Infrastructure;
using Inkoop.Storage;
using Xunit.Abstractions;

namespace Inkoop.Integration.Tests;

/// <summary>Two instances of the real app on one Azurite of their own, as two Functions instances share one storage account.</summary>
public sealed class TwoInstancesFixture : IAsyncLifetime
{
    public Azurite Azurite { get; private set; } = null!;
    public FunctionApp First { get; private set; } = null!;
    public FunctionApp Second { get; private set; } = null!;
    public HttpClient A { get; private set; } = null!;
    public HttpClient B { get; private set; } = null!;
    public StorageAccount Storage { get; private set; } = null!;
    public string Key { get; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>How long a run waits for a lease held elsewhere (short, so the busy and 409 tests are quick).</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(2);

    public async Task InitializeAsync()
    {
        Azurite = await Azurite.StartAsync();
        var environment = new Dictionary<string, string?>
        {
            ["Storage__ConnectionString"] = Azurite.ConnectionString,
            ["Auth__AdminKey"] = Key,
            ["Timers__RunLocally"] = "false",
            ["Auth__Failures__Limit"] = "1000000",
            ["Leases__Wait"] = Wait.ToString(),
        };
        var apps = await Task.WhenAll(FunctionApp.StartAsync(environment), FunctionApp.StartAsync(environment));
        (First, Second) = (apps[0], apps[1]);
        A = Client(First);
        B = Client(Second);
        Storage = new StorageAccount(new StorageOptions { ConnectionString = Azurite.ConnectionString });
    }

    private HttpClient Client(FunctionApp app)
    {
        var client = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add(AppFixture.KeyHeader, Key);
        return client;
    }

    public Task DisposeAsync()
    {
        A?.Dispose();
        B?.Dispose();
        First?.Dispose();
        Second?.Dispose();
        Azurite?.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>
/// Timers run at least once and may overlap on two instances: the same timer invoked on both at the same moment computes
/// each round (each lumpsum year) once; the other invocation finds it busy or already done, never a 500, never a second
/// snapshot. A manual start meeting a run elsewhere waits briefly, then answers 409.
/// </summary>
public sealed class TwoInstancesTests(TwoInstancesFixture fixture, ITestOutputHelper output) : IClassFixture<TwoInstancesFixture>
{
    private const int Formats = 40;

    private static async Task<(HttpStatusCode Status, JsonElement Body)> InvokeAsync(HttpClient client, string function)
    {
        var payload = $$"""
            { "Data": { "timer": { "Schedule": { "AdjustForDST": true }, "ScheduleStatus": null, "IsPastDue": false } },
              "Metadata": { "sys": { "MethodName": "{{function}}", "UtcNow": "{{DateTime.UtcNow:O}}", "RandGuid": "{{Guid.NewGuid()}}" } } }
            """;
        var response = await client.PostAsync("/" + function, Http.Json(payload));
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(body).RootElement.Clone());
    }

    /// <summary>Both instances at the same moment; both must answer 200.</summary>
    private async Task<JsonElement[]> InvokeBothAsync(string function)
    {
        var start = new TaskCompletionSource();
        var calls = new[] { fixture.A, fixture.B }.Select(async c => { await start.Task; return await InvokeAsync(c, function); }).ToList();
        start.SetResult();
        var answers = await Task.WhenAll(calls);
        foreach (var (status, body) in answers) Assert.True(status == HttpStatusCode.OK, $"{function}: {(int)status} {body}");
        return answers.Select(a => a.Body.GetProperty("ReturnValue")).ToArray();
    }

    private static List<string> Strings(JsonElement value, string property) =>
        value.GetProperty(property).EnumerateArray().Select(e => e.ToString()).ToList();

    /// <summary>A round with <paramref name="count"/> providers (the worked example's four, under fresh AGB-codes), uploaded through instance A.</summary>
    private async Task<string> RoundAsync(int count)
    {
        var round = AppFixture.NewRoundId("two");
        var json = TestFormats.RoundJson(round);
        Assert.Equal(HttpStatusCode.Created, (await fixture.A.PutAsync($"/api/rounds/{round}", Http.Json(json))).StatusCode);
        var configuration = Inkoop.Domain.Rounds.RoundConfigurationParser.Parse(json);
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
        {
            var values = TestFormats.Provider(round, i % 4);
            var agb = $"5{i:D7}";
            var names = new Dictionary<string, object?>(values.Names) { [FormatSchema.AanbiederAgb] = agb, [FormatSchema.AanbiederEmail] = $"tarieven@{agb}.nl" };
            var response = await fixture.A.PostAsync($"/api/rounds/{round}/formats", TestFormats.Xlsx(TestFormats.Build(configuration, values with { Names = names })), ct);
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(ct));
        });
        return round;
    }

    private async Task<IReadOnlyList<SnapshotHeader>> SnapshotsAsync(string round) => await new SnapshotStore(fixture.Storage).ListAsync(round);

    [Fact]
    public async Task RecalculateTariffs_on_two_instances_at_once_writes_one_snapshot_and_a_rerun_writes_nothing()
    {
        // Both instances warm (code paths compiled), so neither is behind the other by its first run.
        await InvokeBothAsync("RecalculateTariffs");
        var round = await RoundAsync(Formats);

        var answers = await InvokeBothAsync("RecalculateTariffs");
        foreach (var a in answers) output.WriteLine(a.ToString());

        var snapshot = Assert.Single(await SnapshotsAsync(round));
        var wrote = answers.Where(a => a.GetProperty("recalculated").EnumerateArray().Any(r => r.GetProperty("round").GetString() == round)).ToList();
        var written = Assert.Single(wrote);
        Assert.Equal(snapshot.SnapshotId, written.GetProperty("recalculated")[0].GetProperty("snapshot").GetString());
        Assert.Equal(Formats, written.GetProperty("recalculated")[0].GetProperty("formats").GetInt32());
        var other = answers.Single(a => !wrote.Contains(a));
        Assert.True(Strings(other, "busy").Contains(round) || Strings(other, "unchanged").Contains(round), other.ToString());
        Assert.All(answers, a => Assert.Empty(Strings(a, "failed")));

        // At least once: a second run on either instance finds the work done and writes nothing.
        var again = await InvokeBothAsync("RecalculateTariffs");
        Assert.All(again, a => Assert.True(Strings(a, "unchanged").Contains(round) || Strings(a, "busy").Contains(round), a.ToString()));
        Assert.Single(await SnapshotsAsync(round));
    }

    [Fact]
    public async Task A_round_held_elsewhere_is_skipped_by_the_timers_and_refused_to_a_manual_start_after_the_wait()
    {
        var round = await RoundAsync(4);
        var leases = new WorkLeases(fixture.Storage, new LeaseOptions());
        var held = await leases.AcquireAsync(WorkLeases.Round(round), TimeSpan.Zero);
        Assert.NotNull(held);
        await using (held)
        {
            foreach (var timer in new[] { "RecalculateTariffs", "RevalidateFormats" })
            {
                var waited = System.Diagnostics.Stopwatch.StartNew();
                var (status, body) = await InvokeAsync(fixture.B, timer);
                Assert.Equal(HttpStatusCode.OK, status);
                Assert.True(waited.Elapsed >= TwoInstancesFixture.Wait - TimeSpan.FromMilliseconds(300), $"{timer} gave up after {waited.Elapsed}");
                Assert.Contains(round, Strings(body.GetProperty("ReturnValue"), "busy"));
                Assert.Contains(body.GetProperty("Logs").EnumerateArray(), l => l.GetString()!.Contains($"Ronde {round}: wordt op dit moment elders al bijgewerkt"));
            }
            Assert.Empty(await SnapshotsAsync(round));

            var watch = System.Diagnostics.Stopwatch.StartNew();
            var problem = await Http.AssertProblemAsync(await fixture.A.PostAsync($"/api/rounds/{round}/recalculations", null), HttpStatusCode.Conflict,
                "work-in-progress");
            Assert.True(watch.Elapsed >= TwoInstancesFixture.Wait - TimeSpan.FromMilliseconds(300), $"answered after {watch.Elapsed}");
            Assert.Contains(round, problem.GetProperty("detail").GetString());
            Assert.Empty(await SnapshotsAsync(round));

            // A changed configuration is stored, and its re-validation is left to the timer (202) rather than run beside the holder.
            var changed = TestFormats.RoundJson(round, extraProduct: true);
            var put = await fixture.A.PutAsync($"/api/rounds/{round}", Http.Json(changed));
            Assert.Equal(HttpStatusCode.Accepted, put.StatusCode);
            Assert.Equal(4, JsonDocument.Parse(await put.Content.ReadAsStringAsync()).RootElement.GetProperty("revalidation").GetProperty("pending").GetInt32());
        }

        // Released: a manual start that meets a short run elsewhere waits for it and then computes.
        var brief = await leases.AcquireAsync(WorkLeases.Round(round), TimeSpan.Zero);
        var release = Task.Run(async () => { await Task.Delay(500); await brief!.DisposeAsync(); });
        var response = await fixture.A.PostAsync($"/api/rounds/{round}/recalculations", null);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        await release;
        Assert.Single(await SnapshotsAsync(round));
    }

    [Fact]
    public async Task RecalculateLumpsumVariance_on_two_instances_at_once_writes_one_variance_per_quarter()
    {
        const int year = 2041;
        const string agb = "41000001";
        string[] segments = ["TWOA", "TWOB"];
        var participation = JsonSerializer.Serialize(new { participation = segments.ToDictionary(s => s, _ => new[] { "GM0197", "GM0222" }) });
        Assert.Equal(HttpStatusCode.OK, (await fixture.A.PutAsync("/api/participation", Http.Json(participation))).StatusCode);
        var lumpsums = JsonSerializer.Serialize(new
        {
            year,
            lumpsums = segments.Select(s => new { agb, segment = s, amount = 100_000m, tariffs = new Dictionary<string, decimal> { ["45A11"] = 100m } }),
        });
        var put = await fixture.A.PutAsync($"/api/lumpsums/{year}", Http.Json(lumpsums));
        Assert.True(put.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        foreach (var segment in segments)
            for (var quarter = 1; quarter <= 4; quarter++)
            {
                using var buffer = new MemoryStream();
                RealisationWorkbookWriter.Write(new RealisationKey(year, quarter, agb, segment),
                    [new RealisationRow("GM0197", "45A11", 10 * quarter), new RealisationRow("GM0222", "45A11", 5 * quarter)], buffer);
                var content = new ByteArrayContent(buffer.ToArray());
                content.Headers.ContentType = new MediaTypeHeaderValue(TestFormats.XlsxType);
                var upload = await fixture.B.PostAsync($"/api/lumpsums/{year}/realisation/{quarter}/{agb}/{segment}", content);
                Assert.True(upload.StatusCode == HttpStatusCode.Created, await upload.Content.ReadAsStringAsync());
            }

        var answers = await InvokeBothAsync("RecalculateLumpsumVariance");
        foreach (var a in answers) output.WriteLine(a.ToString());

        var variance = new VarianceSnapshots(fixture.Storage);
        for (var quarter = 1; quarter <= 4; quarter++)
            Assert.Single(await variance.Store.ListAsync(VarianceSnapshots.Partition(year, quarter)));
        var wrote = answers.Where(a => a.GetProperty("recalculated").EnumerateArray().Any(r => r.GetProperty("year").GetInt32() == year)).ToList();
        Assert.Equal(4, Assert.Single(wrote).GetProperty("recalculated").EnumerateArray().Count(r => r.GetProperty("year").GetInt32() == year));
        var other = answers.Single(a => !wrote.Contains(a));
        Assert.True(Strings(other, "busy").Contains($"{year}") || Strings(other, "unchanged").Contains($"{year}-q4"), other.ToString());
        Assert.All(answers, a => Assert.Empty(Strings(a, "failed")));

        // A manual start meeting the year's lease held elsewhere: 409 after the wait, nothing written.
        var held = await new WorkLeases(fixture.Storage, new LeaseOptions()).AcquireAsync(WorkLeases.LumpsumYear(year), TimeSpan.Zero);
        await using (held)
            await Http.AssertProblemAsync(await fixture.B.PostAsync($"/api/lumpsums/{year}/variance/2/recalculations", null), HttpStatusCode.Conflict,
                "work-in-progress");

        var again = await InvokeBothAsync("RecalculateLumpsumVariance");
        Assert.All(again, a => Assert.DoesNotContain(a.GetProperty("recalculated").EnumerateArray(), r => r.GetProperty("year").GetInt32() == year));
        for (var quarter = 1; quarter <= 4; quarter++)
            Assert.Single(await variance.Store.ListAsync(VarianceSnapshots.Partition(year, quarter)));
    }
}
