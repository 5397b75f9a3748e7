using System.Net;
using System.Text.Json;
using Inkoop.Integration.Tests.Infrastructure;

namespace Inkoop.Integration.Tests;

[Collection(AppCollection.Name)]
public sealed class HealthAndAuthTests(AppFixture fixture)
{
    [Fact]
    public async Task Liveness_answers_without_a_key()
    {
        var response = await fixture.Anonymous.GetAsync("/api/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Readiness_reaches_table_and_blob_storage()
    {
        var response = await fixture.Anonymous.GetAsync("/api/health/ready");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ready", body.GetProperty("status").GetString());
        Assert.Equal("ok", body.GetProperty("table").GetString());
        Assert.Equal("ok", body.GetProperty("blob").GetString());
    }

    [Fact]
    public async Task OpenApi_document_answers_without_a_key()
    {
        var response = await fixture.Anonymous.GetAsync("/api/openapi.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("wrong-key")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Missing_or_wrong_key_is_401_problem(string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/rounds");
        if (key is not null) request.Headers.TryAddWithoutValidation(AppFixture.KeyHeader, key);
        var response = await fixture.Anonymous.SendAsync(request);
        await Http.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task A_key_almost_right_is_still_wrong()
    {
        var almost = fixture.Key[..^1] + (fixture.Key[^1] == 'a' ? 'b' : 'a');
        using var client = fixture.ClientWith(almost);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/rounds")).StatusCode);
    }

    [Fact]
    public async Task The_key_counts_only_in_its_header_not_in_the_query_or_the_old_function_key_header()
    {
        Assert.Equal(HttpStatusCode.OK, (await fixture.Client.GetAsync("/api/rounds")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Anonymous.GetAsync($"/api/rounds?code={fixture.Key}")).StatusCode);
        using var old = new HttpRequestMessage(HttpMethod.Get, "/api/rounds");
        old.Headers.Add("x-functions-key", fixture.Key);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Anonymous.SendAsync(old)).StatusCode);
    }

    [Fact]
    public async Task Unknown_routes_need_a_key_too_and_are_404_problem_with_it()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Anonymous.GetAsync("/api/nope")).StatusCode);
        await Http.AssertProblemAsync(await fixture.Client.GetAsync("/api/nope"), HttpStatusCode.NotFound, "route-not-found");
    }

    [Fact]
    public async Task The_add_in_origin_passes_cors_preflight_without_a_key()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/rounds/x");
        preflight.Headers.Add("Origin", AppFixture.AddInOrigin);
        preflight.Headers.Add("Access-Control-Request-Method", "PUT");
        preflight.Headers.Add("Access-Control-Request-Headers", "x-inkoop-key,content-type");
        var response = await fixture.Anonymous.SendAsync(preflight);
        Assert.True(response.IsSuccessStatusCode, response.ToString());
        Assert.Equal(AppFixture.AddInOrigin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());

        using var other = new HttpRequestMessage(HttpMethod.Get, "/api/rounds");
        other.Headers.Add("Origin", "https://elders.example");
        other.Headers.Add(AppFixture.KeyHeader, fixture.Key);
        Assert.False((await fixture.Anonymous.SendAsync(other)).Headers.Contains("Access-Control-Allow-Origin"));
    }
}
