using System.Net;
using System.Text.Json;
using Inkoop.Integration.Tests.Infrastructure;

namespace Inkoop.Integration.Tests;

/// <summary>
/// Issue 14, part 2: a flood of failed authentications (no key, wrong keys) is limited per client with 429 and
/// Retry-After, and counted in one audit row per client and window instead of one row per request. Its own app (under
/// the Functions host, so X-Forwarded-For from loopback names the client) with a small limit and a short window.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class FailedAuthenticationTests(AppFixture fixture) : IAsyncLifetime
{
    private const int Limit = 5;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(4);
    private FunctionApp app = null!;

    public async Task InitializeAsync() => app = await FunctionApp.StartAsync(new Dictionary<string, string?>
    {
        ["Storage__ConnectionString"] = fixture.Azurite.ConnectionString,
        ["Auth__AdminKey"] = fixture.Key,
        ["Timers__RunLocally"] = "false",
        ["Auth__Failures__Limit"] = Limit.ToString(),
        ["Auth__Failures__Window"] = Window.ToString("c"),
    });

    public Task DisposeAsync()
    {
        app.Dispose();
        return Task.CompletedTask;
    }

    private HttpClient From(string address, string? key = null)
    {
        var client = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        if (key is not null) client.DefaultRequestHeaders.Add(AppFixture.KeyHeader, key);
        return client;
    }

    [Fact]
    public async Task A_flood_of_failed_authentications_gets_429_per_client_and_one_audit_row_per_client_and_window()
    {
        var round = AppFixture.NewRoundId("flood");
        var attacker = $"198.51.100.{Random.Shared.Next(1, 250)}";
        var target = $"/api/rounds/{round}/recalculations"; // an audited route
        using var keyless = From(attacker);
        using var guessing = From(attacker, new string('A', 43));
        using var adminFromAttacker = From(attacker, fixture.Key);
        using var otherAnonymous = From("203.0.113.20");
        using var otherAdmin = From("203.0.113.20", fixture.Key);

        // Within the limit: 401, one answer for no key and a wrong key.
        for (var i = 0; i < Limit; i++)
            await Http.AssertProblemAsync(await (i % 2 == 0 ? keyless : guessing).PostAsync(target, null), HttpStatusCode.Unauthorized, "unauthorized");

        // Over it: 429 with Retry-After and a Dutch problem, for a wrong key, no key, and even a valid key from that client.
        foreach (var client in new[] { guessing, keyless, adminFromAttacker })
        {
            var response = await client.PostAsync(target, null);
            var problem = await Http.AssertProblemAsync(response, HttpStatusCode.TooManyRequests, "too-many-failed-authentications");
            var retryAfter = response.Headers.RetryAfter?.Delta;
            Assert.NotNull(retryAfter);
            Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), Window);
            Assert.Equal((int)retryAfter.Value.TotalSeconds, problem.GetProperty("retryAfter").GetInt32());
        }

        // Per client: another address is not limited by the attacker's failures.
        await Http.AssertProblemAsync(await otherAnonymous.PostAsync(target, null), HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal(HttpStatusCode.OK, (await otherAdmin.GetAsync("/api/rounds")).StatusCode);

        // The flood: 300 more at once, all 429.
        var flood = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => (i % 2 == 0 ? keyless : guessing).PostAsync(target, null)));
        Assert.All(flood, r => Assert.Equal(HttpStatusCode.TooManyRequests, r.StatusCode));
        var failures = Limit + 3 + flood.Length;

        // After the window the client may try again; the counts are written once the window has passed.
        await Task.Delay(Window + TimeSpan.FromSeconds(1));
        await Http.AssertProblemAsync(await keyless.PostAsync(target, null), HttpStatusCode.Unauthorized, "unauthorized");
        failures++;

        using var admin = From("203.0.113.30", fixture.Key);
        var rows = new List<JsonElement>();
        for (var wait = 0; wait < 40; wait++)
        {
            var audit = JsonDocument.Parse(await admin.GetStringAsync("/api/admin/audit?round=-&limit=1000")).RootElement;
            rows = audit.EnumerateArray().Where(e => e.GetProperty("action").GetString() == "authentication-failed"
                && e.GetProperty("remoteAddress").GetString() == attacker).ToList();
            if (rows.Sum(r => r.GetProperty("count").GetInt32()) >= failures) break;
            await Task.Delay(500);
        }
        Assert.Equal(failures, rows.Sum(r => r.GetProperty("count").GetInt32()));
        // 309 refused requests in at most three windows: at most three rows (today one row per request).
        Assert.InRange(rows.Count, 1, 3);
        Assert.All(rows, r => Assert.Equal(target, r.GetProperty("path").GetString()));
        Assert.Contains(rows, r => r.GetProperty("status").GetInt32() == 429 && r.GetProperty("target").GetString()!.Contains("rate-limited"));
        // No row of its own for any refused call of the audited route.
        var ofRound = JsonDocument.Parse(await admin.GetStringAsync($"/api/admin/audit?round={round}")).RootElement;
        Assert.Equal(0, ofRound.GetArrayLength());
    }

    [Fact]
    public async Task A_revoked_key_and_an_unknown_key_get_exactly_the_same_answer()
    {
        using var admin = From("203.0.113.40", fixture.Key);
        var issued = await admin.PostAsync("/api/admin/keys", Http.Json("""{ "role": "analyst", "name": "ingetrokken" }"""));
        var body = JsonDocument.Parse(await issued.Content.ReadAsStringAsync()).RootElement;
        var (id, key) = (body.GetProperty("id").GetString()!, body.GetProperty("key").GetString()!);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/admin/keys/{id}")).StatusCode);

        using var revoked = From("203.0.113.41", key);
        using var unknown = From("203.0.113.42", key[..^4] + "AAAA");
        var a = await revoked.GetAsync("/api/rounds");
        var b = await unknown.GetAsync("/api/rounds");
        Assert.Equal(HttpStatusCode.Unauthorized, a.StatusCode);
        Assert.Equal(a.StatusCode, b.StatusCode);
        Assert.Equal(a.Headers.WwwAuthenticate.ToString(), b.Headers.WwwAuthenticate.ToString());
        Assert.Equal(WithoutRequestIds(await a.Content.ReadAsStringAsync()), WithoutRequestIds(await b.Content.ReadAsStringAsync()));
    }

    /// <summary>The problem without what differs per request (its trace and correlation id).</summary>
    private static string WithoutRequestIds(string problem)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(problem)!.AsObject();
        node.Remove("traceId");
        node.Remove("correlationId");
        return node.ToJsonString();
    }
}
