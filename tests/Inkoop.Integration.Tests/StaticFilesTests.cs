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

    [Theory]
    [InlineData("/api/web", "/api/web/")]
    [InlineData("/api/web/provider", "/api/web/provider/")]
    [InlineData("/api/web/addin", "/api/web/addin/")]
    [InlineData("/", "/api/web/")]
    [InlineData("/api", "/api/web/")]
    [InlineData("/api/", "/api/web/")]
    public async Task A_folder_without_its_slash_and_the_apps_own_address_lead_to_a_page(string path, string target)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Anonymous.BaseAddress };
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(target, response.Headers.Location!.OriginalString);
        var page = await fixture.Anonymous.GetAsync(target);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
    }

    [Theory]
    [InlineData("/api/web/")]
    [InlineData("/api/web/provider/")]
    [InlineData("/api/web/addin/")]
    public async Task The_pages_name_the_region_and_its_contact_and_every_link_of_the_start_page_resolves(string path)
    {
        var html = await fixture.Anonymous.GetStringAsync(path);
        Assert.Contains(AppFixture.RegionName, html);
        Assert.Contains($"mailto:{AppFixture.RegionContact}", html);
        Assert.DoesNotContain("%REGIO_", html);
        foreach (var href in System.Text.RegularExpressions.Regex.Matches(html, "href=\"([^\"#:]+)\"").Select(m => m.Groups[1].Value))
        {
            var response = await fixture.Anonymous.GetAsync(new Uri(new Uri(fixture.Anonymous.BaseAddress!, path), href));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} links to {href}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task The_favicon_and_the_table_of_Dutch_labels_are_served_without_a_key()
    {
        var icon = await fixture.Anonymous.GetAsync("/favicon.ico");
        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType!.MediaType);
        var labels = System.Text.Json.JsonDocument.Parse(await fixture.Anonymous.GetStringAsync("/api/web/labels.nl.json")).RootElement;
        Assert.Equal("herstel nodig", labels.GetProperty("formatStatus").GetProperty("repairNeeded").GetString());
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
