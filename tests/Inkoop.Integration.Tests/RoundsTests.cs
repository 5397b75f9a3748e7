using System.IO.Compression;
using System.Net;
using System.Text.Json;
using Inkoop.Integration.Tests.Infrastructure;

namespace Inkoop.Integration.Tests;

[Collection(AppCollection.Name)]
public sealed class RoundsTests(AppFixture fixture)
{
    [Fact]
    public async Task Put_creates_then_updates_and_get_returns_the_original_configuration()
    {
        var round = AppFixture.NewRoundId();
        var json = Http.RoundJson(round);

        var created = await fixture.Client.PutAsync($"/api/rounds/{round}", Http.Json(json));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/rounds/{round}", created.Headers.Location?.OriginalString);

        var updated = await fixture.Client.PutAsync($"/api/rounds/{round}", Http.Json(json.Replace("2023-09-15", "2023-10-01")));
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);

        var got = JsonDocument.Parse(await fixture.Client.GetStringAsync($"/api/rounds/{round}")).RootElement;
        Assert.Equal(round, got.GetProperty("round").GetString());
        Assert.Equal("2023-10-01", got.GetProperty("repairDeadline").GetString());
        Assert.Equal(2023, got.GetProperty("referenceYear").GetInt32());
        Assert.Equal(5, got.GetProperty("configuration").GetProperty("products").GetArrayLength());

        var list = JsonDocument.Parse(await fixture.Client.GetStringAsync("/api/rounds")).RootElement;
        Assert.Contains(list.EnumerateArray(), r => r.GetProperty("round").GetString() == round);
    }

    [Fact]
    public async Task Invalid_json_is_400_problem_in_dutch_listing_every_error()
    {
        var round = AppFixture.NewRoundId();
        var response = await fixture.Client.PutAsync($"/api/rounds/{round}", Http.Json($$"""{ "round": "{{round}}" }"""));
        var problem = await Http.AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid-round-configuration");
        Assert.True(problem.GetProperty("errors").GetArrayLength() >= 2, problem.ToString());

        var syntax = await fixture.Client.PutAsync($"/api/rounds/{round}", Http.Json("{ \"round\": "));
        await Http.AssertProblemAsync(syntax, HttpStatusCode.BadRequest, "invalid-round-configuration");

        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Client.GetAsync($"/api/rounds/{round}")).StatusCode);
    }

    [Fact]
    public async Task A_configuration_too_large_to_store_is_413_and_nothing_is_stored()
    {
        // Valid JSON between what one round row holds and the parser's 1 MiB limit.
        var round = AppFixture.NewRoundId();
        var json = Http.RoundJson(round).Replace("\"referenceYear\"", new string(' ', 600_000) + "\"referenceYear\"");
        Assert.InRange(json.Length, 450_000, 1024 * 1024);

        var response = await fixture.Client.PutAsync($"/api/rounds/{round}", Http.Json(json));

        var problem = await Http.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "round-configuration-too-large");
        Assert.Contains("niets opgeslagen", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Client.GetAsync($"/api/rounds/{round}")).StatusCode);
    }

    [Fact]
    public async Task A_round_name_over_the_limit_is_400_and_nothing_is_stored()
    {
        var round = AppFixture.NewRoundId();
        var json = Http.RoundJson(round).Replace($"Tarievenonderzoek {round}", new string('n', 33_000));

        var problem = await Http.AssertProblemAsync(await fixture.Client.PutAsync($"/api/rounds/{round}", Http.Json(json)),
            HttpStatusCode.BadRequest, "invalid-round-configuration");
        Assert.Contains("naam van de ronde", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Client.GetAsync($"/api/rounds/{round}")).StatusCode);
    }

    [Fact]
    public async Task Body_round_must_equal_the_route()
    {
        var response = await fixture.Client.PutAsync($"/api/rounds/{AppFixture.NewRoundId()}", Http.Json(Http.RoundJson(AppFixture.NewRoundId())));
        await Http.AssertProblemAsync(response, HttpStatusCode.BadRequest, "round-mismatch");
    }

    [Theory]
    [InlineData("Hoofdletters")]
    [InlineData("a%23b")]
    [InlineData("a%3Fb")]
    [InlineData("a%5Cb")]
    [InlineData("-begint-met-streep")]
    public async Task Round_ids_that_are_no_valid_key_are_refused(string round)
    {
        var response = await fixture.Client.PutAsync($"/api/rounds/{round}", Http.Json(Http.RoundJson("x")));
        await Http.AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid-round-id");
    }

    [Fact]
    public async Task Unknown_round_is_404_problem()
    {
        await Http.AssertProblemAsync(await fixture.Client.GetAsync($"/api/rounds/{AppFixture.NewRoundId()}"), HttpStatusCode.NotFound, "round-not-found");
        await Http.AssertProblemAsync(await fixture.Client.GetAsync($"/api/rounds/{AppFixture.NewRoundId()}/template"), HttpStatusCode.NotFound, "round-not-found");
    }

    [Fact]
    public async Task Template_downloads_as_an_xlsx_workbook()
    {
        var round = AppFixture.NewRoundId();
        Assert.Equal(HttpStatusCode.Created, (await fixture.Client.PutAsync($"/api/rounds/{round}", Http.Json(Http.RoundJson(round)))).StatusCode);

        var response = await fixture.Client.GetAsync($"/api/rounds/{round}/template");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"format-{round}.xlsx", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);

        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        var workbook = zip.GetEntry("xl/workbook.xml");
        Assert.NotNull(workbook);
        using var reader = new StreamReader(workbook.Open());
        var xml = await reader.ReadToEndAsync();
        Assert.Contains("Onderzoek_Ronde", xml); // the defined names the format is read by
        Assert.Contains("[Content_Types].xml", zip.Entries.Select(e => e.FullName));
    }
}
