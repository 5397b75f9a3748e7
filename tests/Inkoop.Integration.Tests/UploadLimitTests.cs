using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Inkoop.Integration.Tests.Infrastructure;

namespace Inkoop.Integration.Tests;

/// <summary>
/// Issue 19, part 3: per caller at most <see cref="AtOnce"/> uploads in progress and <see cref="PerWindow"/> per window (429 with
/// Retry-After), across all callers at most <see cref="InFlight"/> (the rest wait <see cref="Wait"/>, then 503), for every
/// upload route, and every place given back however an upload ends. Its own app with small limits. An upload is held open
/// with <c>Expect: 100-continue</c>: the client sends its body only once the app starts reading it, i.e. once the upload
/// was let in, so the test knows when it holds a place.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class UploadLimitTests(AppFixture fixture) : IAsyncLifetime
{
    private const int AtOnce = 2;
    private const int PerWindow = 4;
    private const int InFlight = 3;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(4);
    private FunctionApp app = null!;
    private string round = null!;

    public async Task InitializeAsync()
    {
        app = await FunctionApp.StartAsync(new Dictionary<string, string?>
        {
            ["Storage__ConnectionString"] = fixture.Azurite.ConnectionString,
            ["Auth__AdminKey"] = fixture.Key,
            ["Timers__RunLocally"] = "false",
            ["Auth__Failures__Limit"] = "1000000",
            ["Uploads__ConcurrentPerCaller"] = AtOnce.ToString(),
            ["Uploads__PerCallerPerWindow"] = PerWindow.ToString(),
            ["Uploads__Window"] = Window.ToString("c"),
            ["Uploads__InFlight"] = InFlight.ToString(),
            ["Uploads__InFlightQueue"] = "2",
            ["Uploads__InFlightWait"] = Wait.ToString("c"),
        });
        round = AppFixture.NewRoundId("limits");
        using var admin = Client(fixture.Key);
        var response = await admin.PutAsync($"/api/rounds/{round}", Http.Json(TestFormats.RoundJson(round)));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public Task DisposeAsync()
    {
        app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_provider_over_its_uploads_at_once_gets_429_on_every_upload_route_while_another_provider_uploads()
    {
        var (agb, other) = (TestFormats.Agbs[0], TestFormats.Agbs[1]);
        var key = (await fixture.IssueKeyAsync("provider", agb)).Key;
        await using var first = await HeldUpload.StartAsync(app, key, $"/api/rounds/{round}/formats", Format(0));
        await using var second = await HeldUpload.StartAsync(app, key, $"/api/rounds/{round}/formats", Format(0));

        using var provider = Client(key);
        var refusals = new[]
        {
            await provider.PostAsync($"/api/rounds/{round}/formats", TestFormats.Xlsx(Format(0))),
            await provider.PostAsync("/api/tenders/limits-tender/bids", TestFormats.Xlsx(Format(0))),
            await provider.PostAsync($"/api/lumpsums/2025/realisation/1/{agb}/AMB", TestFormats.Xlsx(Format(0))),
        };
        foreach (var response in refusals)
        {
            var problem = await Http.AssertProblemAsync(response, HttpStatusCode.TooManyRequests, "too-many-uploads-at-once");
            Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
            Assert.Equal(5, problem.GetProperty("retryAfter").GetInt32());
            Assert.Equal(AtOnce, problem.GetProperty("limit").GetInt32());
            Assert.Contains("te veel bestanden tegelijk", problem.GetProperty("detail").GetString());
            Assert.Contains("niet bewaard", problem.GetProperty("detail").GetString());
        }

        // Another provider's key is not limited by this one's uploads.
        using (var otherProvider = Client((await fixture.IssueKeyAsync("provider", other)).Key))
            Assert.Equal(HttpStatusCode.Created, (await otherProvider.PostAsync($"/api/rounds/{round}/formats", TestFormats.Xlsx(Format(1)))).StatusCode);

        // The held uploads go on and are stored; then the provider has its places back.
        Assert.Equal(HttpStatusCode.Created, await first.CompleteAsync());
        Assert.Equal(HttpStatusCode.Created, await second.CompleteAsync());
        Assert.Equal(HttpStatusCode.Created, (await provider.PostAsync($"/api/rounds/{round}/formats", TestFormats.Xlsx(Format(0)))).StatusCode);
        Assert.Equal(3, await VersionsAsync(agb));

        // Each refusal is audited as the caller's, with its reason.
        using var admin = Client(fixture.Key);
        var audit = JsonDocument.Parse(await admin.GetStringAsync($"/api/admin/audit?round={round}&limit=50")).RootElement.EnumerateArray()
            .Where(e => e.GetProperty("status").GetInt32() == 429).ToList();
        Assert.Contains(audit, e => e.GetProperty("action").GetString() == "upload" && e.GetProperty("target").GetString() == "too-many-uploads-at-once"
                                    && e.GetProperty("caller").GetString()!.StartsWith("key:") && e.GetProperty("outcome").GetString() == "refused");
    }

    [Fact]
    public async Task A_provider_over_its_uploads_per_window_gets_429_with_retry_after_and_nothing_is_stored()
    {
        var agb = TestFormats.Agbs[2];
        using var provider = Client((await fixture.IssueKeyAsync("provider", agb)).Key);
        for (var i = 0; i < PerWindow; i++)
            Assert.Equal(HttpStatusCode.Created, (await provider.PostAsync($"/api/rounds/{round}/formats", TestFormats.Xlsx(Format(2)))).StatusCode);

        var response = await provider.PostAsync($"/api/rounds/{round}/formats", TestFormats.Xlsx(Format(2, verzuim: 0.05m)));
        var problem = await Http.AssertProblemAsync(response, HttpStatusCode.TooManyRequests, "too-many-uploads");
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), Window);
        Assert.Equal((int)retryAfter.Value.TotalSeconds, problem.GetProperty("retryAfter").GetInt32());
        Assert.Equal(PerWindow, problem.GetProperty("limit").GetInt32());
        Assert.Contains($"hoogstens {PerWindow} per 20 seconden", problem.GetProperty("detail").GetString());
        Assert.Equal(PerWindow, await VersionsAsync(agb)); // the refused file is not a version

        // After Retry-After the provider may upload again.
        await Task.Delay(retryAfter.Value + TimeSpan.FromMilliseconds(300));
        Assert.Equal(HttpStatusCode.Created, (await provider.PostAsync($"/api/rounds/{round}/formats", TestFormats.Xlsx(Format(2)))).StatusCode);
    }

    [Fact]
    public async Task Uploads_over_the_global_bound_wait_for_a_place_and_get_503_when_none_comes_free()
    {
        var keys = new List<string>();
        for (var i = 0; i < 3; i++) keys.Add((await fixture.IssueKeyAsync("analyst")).Key);
        // Three uploads of two callers fill the bound.
        var held = new List<HeldUpload>
        {
            await HeldUpload.StartAsync(app, keys[0], $"/api/rounds/{round}/formats", Format(3)),
            await HeldUpload.StartAsync(app, keys[0], $"/api/rounds/{round}/formats", Format(3)),
            await HeldUpload.StartAsync(app, keys[1], $"/api/rounds/{round}/formats", Format(3)),
        };
        try
        {
            // A third caller waits, and gets 503 with Retry-After when no place comes free: nothing read, nothing stored.
            using var third = Client(keys[2]);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var busy = await third.PostAsync($"/api/rounds/{round}/formats", TestFormats.Xlsx(Format(1, verzuim: 0.07m)));
            var problem = await Http.AssertProblemAsync(busy, HttpStatusCode.ServiceUnavailable, "uploads-busy");
            Assert.True(watch.Elapsed >= Wait - TimeSpan.FromMilliseconds(200), watch.Elapsed.ToString());
            Assert.Equal(TimeSpan.FromSeconds(5), busy.Headers.RetryAfter?.Delta);
            Assert.Equal(InFlight, problem.GetProperty("limit").GetInt32());
            Assert.Contains("niet bewaard", problem.GetProperty("detail").GetString());

            // Waiting, it gets in when a place comes free.
            var waiting = third.PostAsync($"/api/rounds/{round}/formats", TestFormats.Xlsx(Format(1, verzuim: 0.07m)));
            await Task.Delay(300);
            Assert.False(waiting.IsCompleted);
            Assert.Equal(HttpStatusCode.Created, await held[2].CompleteAsync());
            var admitted = await waiting;
            Assert.True(admitted.StatusCode == HttpStatusCode.Created, await admitted.Content.ReadAsStringAsync());
        }
        finally
        {
            foreach (var upload in held) await upload.DisposeAsync();
        }
    }

    [Fact]
    public async Task Uploads_the_client_abandons_give_their_places_back()
    {
        var agb = TestFormats.Agbs[3];
        var key = (await fixture.IssueKeyAsync("provider", agb)).Key;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var first = await HeldUpload.StartAsync(app, key, $"/api/rounds/{round}/formats", Format(3));
            var second = await HeldUpload.StartAsync(app, key, $"/api/rounds/{round}/formats", Format(3));
            first.Abort();
            second.Abort();
            await first.DisposeAsync();
            await second.DisposeAsync();
        }
        // The app notices the aborts on its own time: both places (and those in flight) come back.
        await using var again = await HeldUpload.StartAsync(app, key, $"/api/rounds/{round}/formats", Format(3), retryWhileLimited: true);
        await using var andAgain = await HeldUpload.StartAsync(app, key, $"/api/rounds/{round}/formats", Format(3), retryWhileLimited: true);
        Assert.Equal(HttpStatusCode.Created, await again.CompleteAsync());
        Assert.Equal(HttpStatusCode.Created, await andAgain.CompleteAsync());
        Assert.Equal(2, await VersionsAsync(agb)); // the abandoned uploads stored nothing
    }

    private int _edition;

    /// <summary>Every call a file of its own: the same bytes again would be answered 200 as the version already stored.</summary>
    private byte[] Format(int provider, decimal? verzuim = null) =>
        TestFormats.Build(TestFormats.RoundJson(round),
            TestFormats.Provider(round, provider, verzuim ?? 0.05m + Interlocked.Increment(ref _edition) * 0.0001m));

    private HttpClient Client(string key)
    {
        var client = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add(AppFixture.KeyHeader, key);
        return client;
    }

    private async Task<int> VersionsAsync(string agb)
    {
        using var admin = Client(fixture.Key);
        var response = await admin.GetAsync($"/api/rounds/{round}/formats/{agb}/versions");
        if (response.StatusCode == HttpStatusCode.NotFound) return 0;
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetArrayLength();
    }

    /// <summary>
    /// An upload let in and held open: sent with <c>Expect: 100-continue</c>, so its body goes out only when the app starts
    /// reading it (after the limits let it in); the body then waits until <see cref="CompleteAsync"/> or <see cref="Abort"/>.
    /// </summary>
    private sealed class HeldUpload : IAsyncDisposable
    {
        private readonly HttpClient _client;
        private readonly CancellationTokenSource _abort = new();
        private readonly HeldContent _content;
        private Task<HttpResponseMessage> _response = null!;

        private HeldUpload(HttpClient client, HeldContent content)
        {
            _client = client;
            _content = content;
        }

        public static async Task<HeldUpload> StartAsync(FunctionApp app, string key, string path, byte[] file, bool retryWhileLimited = false)
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (true)
            {
                var handler = new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromMinutes(2) };
                var client = new HttpClient(handler) { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
                client.DefaultRequestHeaders.Add(AppFixture.KeyHeader, key);
                var content = new HeldContent(file);
                var upload = new HeldUpload(client, content);
                var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
                request.Headers.ExpectContinue = true;
                upload._response = client.SendAsync(request, upload._abort.Token);
                var first = await Task.WhenAny(content.Reading, upload._response);
                if (first == content.Reading) return upload;
                var answer = await upload._response;
                var body = await answer.Content.ReadAsStringAsync();
                await upload.DisposeAsync();
                if (!retryWhileLimited || answer.StatusCode != HttpStatusCode.TooManyRequests || DateTime.UtcNow > deadline)
                    throw new InvalidOperationException($"The upload was not let in: {(int)answer.StatusCode} {body}");
                await Task.Delay(200);
            }
        }

        public async Task<HttpStatusCode> CompleteAsync()
        {
            _content.Release.TrySetResult();
            using var response = await _response;
            return response.StatusCode;
        }

        public void Abort() => _abort.Cancel();

        public async ValueTask DisposeAsync()
        {
            if (!_response.IsCompleted) _abort.Cancel();
            try { (await _response).Dispose(); } catch (OperationCanceledException) { } catch (HttpRequestException) { }
            _client.Dispose();
            _abort.Dispose();
        }
    }

    /// <summary>A format's bytes: the first 100 as soon as the app reads, the rest once released.</summary>
    private sealed class HeldContent : HttpContent
    {
        private readonly byte[] file;
        private readonly TaskCompletionSource _reading = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public HeldContent(byte[] file)
        {
            this.file = file;
            Headers.ContentType = new MediaTypeHeaderValue(TestFormats.XlsxType);
        }

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public Task Reading => _reading.Task;

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, default);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken ct)
        {
            _reading.TrySetResult();
            await stream.WriteAsync(file.AsMemory(0, 100), ct);
            await stream.FlushAsync(ct);
            await Release.Task.WaitAsync(ct);
            await stream.WriteAsync(file.AsMemory(100), ct);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = file.Length;
            return true;
        }
    }
}
