using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Inkoop.Integration.Tests.Infrastructure;

namespace Inkoop.Integration.Tests;

/// <summary>
/// Organisation sign-in: the app validates Entra ID access tokens itself (signature, issuer = the configured tenant,
/// audience = the API's registration, lifetime, scope) and maps the token's object id to a role through the principals
/// table. Against the real app and Azurite, with <see cref="LocalEntra"/> standing in for Entra ID (its OpenID
/// configuration and keys, and tokens signed with a key generated here): Entra itself cannot run in a test.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class EntraTokenTests(AppFixture fixture)
{
    [Fact]
    public async Task A_valid_token_of_a_mapped_principal_gets_its_role_and_any_other_token_is_401()
    {
        using var entra = new LocalEntra();
        var round = AppFixture.NewRoundId("entra");
        Assert.Equal(HttpStatusCode.Created, (await fixture.Client.PutAsync($"/api/rounds/{round}", TestFormatsRound(round))).StatusCode);
        var analyst = Guid.NewGuid().ToString("D");
        var provider = Guid.NewGuid().ToString("D");
        Assert.Equal(HttpStatusCode.Created, (await fixture.Client.PutAsJsonAsync($"/api/admin/principals/{analyst}",
            new { role = "analyst", name = "Analist (Entra)" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await fixture.Client.PutAsJsonAsync($"/api/admin/principals/{provider}",
            new { role = "provider", agb = TestFormats.Agbs[0], name = "Zorg BV (Entra)" })).StatusCode);

        using var app = await FunctionApp.StartAsync(new Dictionary<string, string?>
        {
            ["Storage__ConnectionString"] = fixture.Azurite.ConnectionString,
            ["Auth__AdminKey"] = fixture.Key,
            ["Auth__Entra__Instance"] = entra.Instance,
            ["Auth__Entra__TenantId"] = entra.TenantId,
            ["Auth__Entra__ClientId"] = entra.ClientId,
            ["Timers__RunLocally"] = "false",
        });
        using var client = new HttpClient { BaseAddress = app.BaseAddress };
        Task<HttpResponseMessage> Get(string path, string token) =>
            client.SendAsync(new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } });

        // The mapped roles, as with a key: an analyst reads the round's formats, a provider only its own.
        Assert.Equal(HttpStatusCode.OK, (await Get($"/api/rounds/{round}/formats", entra.Token(analyst))).StatusCode);
        // (its own format is not uploaded yet: the handler's 404, past access control)
        await Http.AssertProblemAsync(await Get($"/api/rounds/{round}/formats/{TestFormats.Agbs[0]}", entra.Token(provider)), HttpStatusCode.NotFound);
        await Http.AssertProblemAsync(await Get($"/api/rounds/{round}/formats/{TestFormats.Agbs[1]}", entra.Token(provider)),
            HttpStatusCode.Forbidden, "agb-mismatch");
        await Http.AssertProblemAsync(await Get($"/api/rounds/{round}/formats", entra.Token(provider)), HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.OK, (await Get($"/api/rounds/{round}/formats", entra.Token(analyst, audience: $"api://{entra.ClientId}"))).StatusCode);
        Assert.True(entra.KeySetRequests > 0, "the app validated against the stand-in's published keys");

        // A valid token of a principal without a role: signed in, but no access.
        await Http.AssertProblemAsync(await Get("/api/rounds", entra.Token(Guid.NewGuid().ToString("D"))), HttpStatusCode.Forbidden, "no-role");

        // Everything else is 401 problem+json with a Bearer challenge.
        using var otherKey = RSA.Create(2048);
        var otherTenant = Guid.NewGuid().ToString("D");
        var refused = new Dictionary<string, string>
        {
            ["another audience"] = entra.Token(analyst, audience: Guid.NewGuid().ToString("D")),
            ["another tenant"] = entra.Token(analyst, tenant: otherTenant),
            ["another tenant's tid under this issuer"] = entra.Token(analyst, tenant: otherTenant, issuer: entra.Issuer(entra.TenantId)),
            ["expired"] = entra.Token(analyst, expires: DateTimeOffset.UtcNow.AddMinutes(-10)),
            ["signed with another key"] = entra.Token(analyst, signingKey: otherKey),
            ["without the API's scope"] = entra.Token(analyst, scope: "User.Read"),
            ["not a token"] = "not-a-token",
        };
        foreach (var (why, token) in refused)
        {
            var response = await Get("/api/rounds", token);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{why}: {(int)response.StatusCode}");
            await Http.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "invalid-token");
            Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString());
        }

        // What the add-in needs to sign in (nested app authentication), anonymous like the manifests.
        var signIn = JsonDocument.Parse(await client.GetStringAsync("/api/addin/sign-in.json")).RootElement;
        Assert.Equal(entra.ClientId, signIn.GetProperty("clientId").GetString());
        Assert.Equal(entra.TenantId, signIn.GetProperty("tenantId").GetString());
        Assert.Equal($"{entra.Instance}{entra.TenantId}", signIn.GetProperty("authority").GetString());
        Assert.Equal($"api://{entra.ClientId}/access_as_user", signIn.GetProperty("scope").GetString());

        // The key path stays as it is on the same app.
        using var withKey = new HttpRequestMessage(HttpMethod.Get, "/api/rounds") { Headers = { { AppFixture.KeyHeader, fixture.Key } } };
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(withKey)).StatusCode);
    }

    [Fact]
    public async Task Without_entra_configuration_a_bearer_token_counts_for_nothing()
    {
        using var entra = new LocalEntra();
        var analyst = Guid.NewGuid().ToString("D");
        Assert.Equal(HttpStatusCode.Created, (await fixture.Client.PutAsJsonAsync($"/api/admin/principals/{analyst}",
            new { role = "analyst", name = "Analist (Entra)" })).StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/rounds")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", entra.Token(analyst)) },
        };
        await Http.AssertProblemAsync(await fixture.Anonymous.SendAsync(request), HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal(0, entra.KeySetRequests);
        // ... and the add-in is told to use its key.
        await Http.AssertProblemAsync(await fixture.Anonymous.GetAsync("/api/addin/sign-in.json"), HttpStatusCode.NotFound, "sign-in-not-configured");
    }

    private static StringContent TestFormatsRound(string round) => Http.Json(TestFormats.RoundJson(round));
}
