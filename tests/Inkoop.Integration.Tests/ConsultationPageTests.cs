using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Inkoop.Integration.Tests.Infrastructure;

namespace Inkoop.Integration.Tests;

/// <summary>
/// The market consultation section of the provider page in Debian's Chromium against the real app and Azurite
/// (tests/web/consultation-page.mjs): a provider reads the concept, writes, edits and withdraws reactions; the region
/// closes, answers and publishes over the API; the provider then reads the answers. Screenshots in tests/web/screenshots/.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ConsultationPageTests(AppFixture fixture)
{
    [BrowserFact]
    public async Task A_provider_writes_a_reaction_and_later_reads_the_answers()
    {
        var round = AppFixture.NewRoundId("mcp");
        var json = TestFormats.RoundJson(round);
        var admin = fixture.Client;
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync($"/api/rounds/{round}", Http.Json(json))).StatusCode);
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Created,
                (await admin.PostAsync($"/api/rounds/{round}/formats", TestFormats.Xlsx(TestFormats.Build(json, TestFormats.Provider(round, i))))).StatusCode);
        var concept = JsonDocument.Parse(await (await admin.PostAsync($"/api/rounds/{round}/recalculations", null)).Content.ReadAsStringAsync())
            .RootElement.GetProperty("id").GetString();
        var opened = await admin.PostAsJsonAsync($"/api/rounds/{round}/consultations", new
        {
            snapshot = concept, deadline = DateTimeOffset.UtcNow.AddDays(7).ToString("yyyy-MM-dd'T'HH:mm'Z'"),
            introduction = "Graag uw schriftelijke reactie op de concepttarieven.\nWij beantwoorden alle reacties gelijk voor iedereen.",
        });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var path = $"/api/rounds/{round}/consultations/{JsonDocument.Parse(await opened.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()}";
        var (_, key) = await fixture.IssueKeyAsync("provider", TestFormats.Agbs[0]);
        string[] Run(string phase) =>
        [
            Path.Combine(Repo.Root, "tests", "web", "consultation-page.mjs"), "--url", fixture.App.BaseAddress.ToString(), $"--key={key}",
            "--round", round, "--phase", phase, "--screenshots", Path.Combine(Repo.Root, "tests", "web", "screenshots"),
        ];

        var (exit, output) = await ProviderPageTests.RunNodeAsync(Run("react"));
        Assert.True(exit == 0, $"consultation-page.mjs (react) exited with {exit}:\n{output}");
        Assert.Contains("ok - markup in a reaction stays text: no element is made from it", output);

        // What the page showed is what was stored: one reaction in two versions, one withdrawn.
        var reactions = JsonDocument.Parse(await admin.GetStringAsync($"{path}/reactions")).RootElement.EnumerateArray().ToList();
        Assert.Equal(2, reactions.Count);
        var kept = reactions.Single(r => r.GetProperty("withdrawnAt").ValueKind == JsonValueKind.Null);
        Assert.Equal(2, kept.GetProperty("version").GetInt32());
        Assert.Equal("45A11", kept.GetProperty("product").GetString());
        Assert.StartsWith("Het uurtarief van 45A11 is te laag.\n<img src=x", kept.GetProperty("text").GetString());

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"{path}/close", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"{path}/reactions/{kept.GetProperty("id").GetString()}/answer", new
        {
            publicQuestion = "Is het uurtarief van 45A11 te laag, omdat de cao-verhoging van 2025 ontbreekt?",
            answer = "Ja. De cao-verhoging is verwerkt; het definitieve tarief is hoger.", outcome = "changed",
        })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"{path}/publication", null)).StatusCode);

        (exit, output) = await ProviderPageTests.RunNodeAsync(Run("answers"));
        Assert.True(exit == 0, $"consultation-page.mjs (answers) exited with {exit}:\n{output}");
        Assert.Contains(output.Split('\n'), l => l.StartsWith("answer: 45A11 | Is het uurtarief van 45A11 te laag") && l.EndsWith("| Aangepast"));
    }
}
