using System.Net;
using Inkoop.Integration.Tests.Infrastructure;

namespace Inkoop.Integration.Tests;

[Collection(AppCollection.Name)]
public sealed class StaticFilesTests(AppFixture fixture)
{
    [Fact]
    public async Task The_start_page_is_served_without_a_key_as_html()
    {
        var response = await fixture.Anonymous.GetAsync("/api/web/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("<html lang=\"nl\">", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_folder_without_its_slash_is_redirected_to_it()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Anonymous.BaseAddress };
        var response = await client.GetAsync("/api/web");
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, response.StatusCode.ToString());
        if (response.StatusCode == HttpStatusCode.Redirect) Assert.Equal("/api/web/", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("/api/web/nope.html")]
    [InlineData("/api/web/..%2Fappsettings.json")]
    [InlineData("/api/web/%2E%2E/appsettings.json")]
    [InlineData("/api/web/..%5Cappsettings.json")]
    [InlineData("/api/web/.hidden")]
    [InlineData("/api/web/index.html%00.js")]
    public async Task Nothing_outside_wwwroot_or_missing_is_served(string path)
    {
        var response = await fixture.Anonymous.GetAsync(path);
        // A dot-dot the client normalises away lands on an unknown route, which needs a key (401): never a file.
        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized,
            $"{path}: {response.StatusCode}");
        Assert.DoesNotContain("Storage", await response.Content.ReadAsStringAsync());
    }
}
