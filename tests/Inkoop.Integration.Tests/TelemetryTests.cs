using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using Inkoop.Integration.Tests.Infrastructure;
using Inkoop.Storage;

namespace Inkoop.Integration.Tests;

/// <summary>
/// Issue 19, part 5: traces and metrics exported by OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (here to an
/// endpoint the test serves), and the correlation id in the response, the problem, the log lines, the timer run and the
/// audit row. Its own app for the exporter (the shared one runs without any, as on a machine with nothing configured).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class TelemetryTests(AppFixture fixture) : IAsyncLifetime
{
    private const string Header = "X-Correlation-Id";
    private readonly OtlpReceiver otlp = new();
    private FunctionApp app = null!;

    public async Task InitializeAsync() => app = await FunctionApp.StartAsync(new Dictionary<string, string?>
    {
        ["Storage__ConnectionString"] = fixture.Azurite.ConnectionString,
        ["Auth__AdminKey"] = fixture.Key,
        ["Timers__RunLocally"] = "false",
        ["Logging__LogLevel__Default"] = "Information",
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp.Endpoint,
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        // Export within a fraction of a second instead of every 5 s (spans, logs) and 60 s (metrics).
        ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        ["OTEL_BLRP_SCHEDULE_DELAY"] = "100",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "300",
    });

    public Task DisposeAsync()
    {
        app.Dispose();
        otlp.Dispose();
        return Task.CompletedTask;
    }

    private HttpClient Client(string? correlationId = null)
    {
        var client = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add(AppFixture.KeyHeader, fixture.Key);
        if (correlationId is not null) client.DefaultRequestHeaders.Add(Header, correlationId);
        return client;
    }

    /// <summary>True when <paramref name="span"/> is <paramref name="ancestor"/> or below it.</summary>
    private static bool Under(ExportedSpan span, ExportedSpan ancestor, IReadOnlyList<ExportedSpan> all)
    {
        var byId = all.GroupBy(s => s.SpanId).ToDictionary(g => g.Key, g => g.First());
        for (var s = span; s is not null; s = byId.GetValueOrDefault(s.ParentSpanId))
            if (s.SpanId == ancestor.SpanId) return true;
        return false;
    }

    [Fact]
    public async Task A_request_and_a_timer_run_are_traced_measured_and_logged_under_their_correlation_id()
    {
        var round = AppFixture.NewRoundId("otel");
        var json = TestFormats.RoundJson(round);
        using var client = Client();

        // A request in a caller's trace: its trace id is the correlation id, the server span its child, storage calls below.
        var traceId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        var parentId = Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.NextInt64()));
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/rounds/{round}") { Content = Http.Json(json) };
        put.Headers.Add("traceparent", $"00-{traceId}-{parentId}-01");
        var created = await client.SendAsync(put);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(traceId, created.Headers.GetValues(Header).Single());

        ExportedSpan? Server() => otlp.Spans.FirstOrDefault(s => s.TraceId == traceId && s.Kind == 2 && s.ParentSpanId == parentId);
        Assert.True(await otlp.WaitUntilAsync(r => Server() is { } server && r.Spans.Any(s => s.Scope.StartsWith("Azure.Data.Tables") && Under(s, server, r.Spans))),
            "No server span with a table storage span below it: " + string.Join(", ", otlp.Spans.Select(s => $"{s.Scope}/{s.Name}/{s.TraceId}")));
        var request = Server()!;
        Assert.Equal(traceId, request.Attributes["inkoop.correlation_id"]);
        Assert.All(otlp.Spans.Where(s => Under(s, request, otlp.Spans)), s => Assert.Equal(traceId, s.TraceId));

        // An upload: counted by kind and outcome; storage calls measured.
        using var uploader = Client("upload-" + Guid.NewGuid().ToString("N")[..8]);
        var upload = await uploader.PostAsync($"/api/rounds/{round}/formats", TestFormats.Xlsx(TestFormats.Build(json, TestFormats.Provider(round, 0))));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var refused = await uploader.PostAsync($"/api/rounds/{round}/formats", TestFormats.Xlsx("no workbook"u8.ToArray()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        bool Point(string metric, params (string Key, string Value)[] attributes) => otlp.Metrics.Any(m => m.Name == metric &&
            m.Points.Any(p => attributes.All(a => p.TryGetValue(a.Key, out var v) && v == a.Value)));
        Assert.True(await otlp.WaitUntilAsync(_ =>
                Point("inkoop.uploads", ("inkoop.upload.kind", "format"), ("inkoop.upload.outcome", "stored"))
                && Point("inkoop.uploads", ("inkoop.upload.kind", "format"), ("inkoop.upload.outcome", "file-unreadable"))
                && Point("inkoop.storage.duration", ("inkoop.storage.service", "table"), ("inkoop.storage.outcome", "succeeded"))
                && Point("inkoop.storage.duration", ("inkoop.storage.service", "blob"))
                && Point("http.server.request.duration")),
            "Metrics missing: " + string.Join(", ", otlp.Metrics.Select(m => m.Name).Distinct()));

        // A timer run: its correlation id in the answer, its logs, its span and each round's span; counted with its outcome,
        // which is partial when a round fails (here one whose stored configuration no longer parses).
        var broken = AppFixture.NewRoundId("otel-broken");
        Assert.Equal(HttpStatusCode.Created, (await client.PutAsync($"/api/rounds/{broken}", Http.Json(TestFormats.RoundJson(broken)))).StatusCode);
        var rounds = await fixture.Storage.TableAsync(StorageAccount.RoundsTable, default);
        var row = await rounds.QueryAsync<TableEntity>(e => e.RowKey == broken).FirstAsync();
        LargeText.Write(row, "Configuration", """{ "round": 1 }""");
        await rounds.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);
        var timerId = "timer-" + Guid.NewGuid().ToString("N")[..12];
        using var scheduler = Client(timerId);
        JsonElement answer;
        try
        {
            answer = await Http.InvokeTimerAsync(scheduler, "RecalculateTariffs");
        }
        finally
        {
            await rounds.DeleteEntityAsync(row.PartitionKey, row.RowKey); // other tests' timer runs need not meet it
        }
        var returned = answer.GetProperty("ReturnValue");
        Assert.Equal(timerId, returned.GetProperty("correlationId").GetString());
        Assert.Contains(timerId, answer.GetProperty("Logs")[0].GetString());
        Assert.Contains(round, returned.GetProperty("recalculated").EnumerateArray().Select(r => r.GetProperty("round").GetString()));
        Assert.Contains(broken, returned.GetProperty("failed").EnumerateArray().Select(r => r.GetString()));
        ExportedSpan? Timer() => otlp.Spans.FirstOrDefault(s => s.Scope == "Inkoop" && s.Name == "timer RecalculateTariffs"
                                                               && s.Attributes.GetValueOrDefault("inkoop.correlation_id") == timerId);
        ExportedSpan? RoundSpan(string id) => otlp.Spans.FirstOrDefault(s => s.Name == "RecalculateTariffs round"
                                                                            && s.Attributes.GetValueOrDefault("inkoop.round") == id && Under(s, Timer()!, otlp.Spans));
        Assert.True(await otlp.WaitUntilAsync(_ => Timer() is not null && RoundSpan(round) is not null && RoundSpan(broken) is not null
                && Point("inkoop.timer.runs", ("inkoop.timer.job", "RecalculateTariffs"), ("inkoop.timer.outcome", "partial"))
                && Point("inkoop.timer.duration", ("inkoop.timer.job", "RecalculateTariffs"), ("inkoop.timer.outcome", "partial"))),
            "No timer span with the rounds' spans below it, or no timer metrics: " + string.Join(", ", otlp.Spans.Where(s => s.Scope == "Inkoop").Select(s => s.Name)));
        Assert.Equal("partial", Timer()!.Attributes["inkoop.timer.outcome"]);
        Assert.Equal(2, RoundSpan(broken)!.Status); // error
        Assert.NotEqual(2, RoundSpan(round)!.Status);

        // Every log line of the run carries the id: on the console (one line per entry) and as an attribute of exported records.
        var lines = app.Output.Split('\n').Where(l => l.Contains("RecalculateTariffs:")).ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Contains($"CorrelationId:{timerId}", l));
        Assert.True(await otlp.WaitUntilAsync(r => r.Logs.Any(l => l.Attributes.GetValueOrDefault("CorrelationId") == timerId && l.Body.Contains("RecalculateTariffs:"))),
            "No exported log record with the correlation id.");
    }
}

/// <summary>The correlation id on the shared app (no exporter configured): answered, in every problem, in the audit row.</summary>
[Collection(AppCollection.Name)]
public sealed class CorrelationIdTests(AppFixture fixture)
{
    private const string Header = "X-Correlation-Id";

    [Fact]
    public async Task The_correlation_id_is_answered_and_in_every_problem_a_client_id_only_when_well_formed()
    {
        async Task<(string Header, JsonElement Problem)> BadRoundAsync(Action<HttpRequestMessage> headers)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/rounds/NOT_A_ROUND");
            headers(request);
            var response = await fixture.Client.SendAsync(request);
            var problem = await Http.AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid-round-id");
            var header = response.Headers.GetValues(Header).Single();
            Assert.Equal(header, problem.GetProperty("correlationId").GetString());
            return (header, problem);
        }

        static bool NewId(string id) => id.Length == 32 && id.All(Uri.IsHexDigit);

        // None supplied: a new one (the request's trace id), different per request.
        var (first, _) = await BadRoundAsync(_ => { });
        var (second, _) = await BadRoundAsync(_ => { });
        Assert.True(NewId(first) && NewId(second) && first != second, $"{first} {second}");

        // A well-formed client id is kept.
        var supplied = "ticket-42.retry_1:" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(supplied, (await BadRoundAsync(r => r.Headers.Add(Header, supplied))).Header);

        // Too long, characters outside the set, control characters, two of them: replaced by a new one.
        foreach (var bad in new[] { new string('a', 65), "<script>alert(1)</script>", "a b", "abc\u0001def", "a\tb" })
        {
            var (id, _) = await BadRoundAsync(r => r.Headers.TryAddWithoutValidation(Header, bad));
            Assert.True(NewId(id), $"'{bad}' gave '{id}'");
        }
        Assert.True(NewId((await BadRoundAsync(r => r.Headers.TryAddWithoutValidation(Header, ["one", "two"]))).Header));

        // A caller's trace wins over its X-Correlation-Id: the trace id, so the id matches the caller's own telemetry.
        var traceId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        Assert.Equal(traceId, (await BadRoundAsync(r =>
        {
            r.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");
            r.Headers.Add(Header, "ignored-id");
        })).Header);
        // A malformed traceparent is ignored.
        Assert.Equal("kept-id", (await BadRoundAsync(r =>
        {
            r.Headers.TryAddWithoutValidation("traceparent", "00-zz-yy-01");
            r.Headers.Add(Header, "kept-id");
        })).Header);
    }

    [Fact]
    public async Task An_audit_row_records_the_correlation_id_of_its_request()
    {
        var round = AppFixture.NewRoundId("corr");
        var id = "audit-" + Guid.NewGuid().ToString("N")[..12];
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/rounds/{round}") { Content = Http.Json(TestFormats.RoundJson(round)) };
        request.Headers.Add(Header, id);
        var response = await fixture.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(id, response.Headers.GetValues(Header).Single());

        var audit = JsonDocument.Parse(await fixture.Client.GetStringAsync($"/api/admin/audit?round={round}")).RootElement;
        var row = Assert.Single(audit.EnumerateArray(), e => e.GetProperty("path").GetString() == $"/api/rounds/{round}");
        Assert.Equal(id, row.GetProperty("correlationId").GetString());
    }
}
