using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Inkoop.Integration.Tests.Infrastructure;

namespace Inkoop.Integration.Tests;

/// <summary>
/// The market consultation over HTTP against the real app and Azurite: the whole cycle (open, react as two providers,
/// a late reaction refused, answer, publish, finalise, compare), the timer closing at the deadline, closing early and
/// extending, and the published answers scanned for every provider's AGB-code and name.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ConsultationsTests(AppFixture fixture)
{
    private HttpClient Admin => fixture.Client;
    private static readonly TimeZoneInfo Amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    /// <summary>A round with providers 0-2 and its first concept snapshot.</summary>
    private async Task<(string Round, string Concept)> RoundWithConceptAsync()
    {
        var round = AppFixture.NewRoundId("mc");
        var json = TestFormats.RoundJson(round);
        Assert.Equal(HttpStatusCode.Created, (await Admin.PutAsync($"/api/rounds/{round}", Http.Json(json))).StatusCode);
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Created,
                (await Admin.PostAsync($"/api/rounds/{round}/formats", TestFormats.Xlsx(TestFormats.Build(json, TestFormats.Provider(round, i))))).StatusCode);
        return (round, await RecalculateAsync(round));
    }

    private async Task<string> RecalculateAsync(string round)
    {
        var response = await Admin.PostAsync($"/api/rounds/{round}/recalculations", null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await JsonAsync(response)).GetProperty("id").GetString()!;
    }

    /// <summary>Dutch wall-clock time <paramref name="from"/> now, as an analyst types it (no offset).</summary>
    private static string DutchDeadline(TimeSpan from) =>
        TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow + from, Amsterdam).ToString("yyyy-MM-dd'T'HH:mm:ss");

    private async Task<JsonElement> OpenAsync(string round, string concept, string deadline)
    {
        var response = await Admin.PostAsJsonAsync($"/api/rounds/{round}/consultations",
            new { snapshot = concept, deadline, introduction = "Reageer schriftelijk op de concepttarieven." });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<JsonElement> ReactAsync(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await JsonAsync(response);
    }

    private static async Task WaitUntilAsync(DateTimeOffset moment)
    {
        var wait = moment - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(300);
        if (wait > TimeSpan.Zero) await Task.Delay(wait);
    }

    [Fact]
    public async Task The_whole_cycle_open_react_refuse_late_answer_publish_finalise_and_compare()
    {
        var (round, concept) = await RoundWithConceptAsync();
        var path = $"/api/rounds/{round}/consultations";
        using var own = await fixture.ClientAsAsync("provider", TestFormats.Agbs[0]);
        using var other = await fixture.ClientAsAsync("provider", TestFormats.Agbs[1]);
        using var analyst = await fixture.ClientAsAsync("analyst");

        // Open, with a deadline in Dutch wall-clock time a few seconds ahead; a second one is refused while it runs.
        var opened = await OpenAsync(round, concept, DutchDeadline(TimeSpan.FromSeconds(8)));
        var id = opened.GetProperty("id").GetString()!;
        Assert.Equal("open", opened.GetProperty("status").GetString());
        Assert.Equal(concept, opened.GetProperty("snapshot").GetString());
        Assert.Equal(round, opened.GetProperty("round").GetString());
        var deadline = opened.GetProperty("deadline").GetDateTimeOffset();
        Assert.Equal(Amsterdam.GetUtcOffset(deadline), deadline.Offset);
        await Http.AssertProblemAsync(await Admin.PostAsJsonAsync(path, new { snapshot = concept, deadline = DutchDeadline(TimeSpan.FromDays(2)) }),
            HttpStatusCode.Conflict, "consultation-open");

        // A provider sees the concept tariffs without spreads and, per norm, its own figure; nobody else's.
        var view = await own.GetStringAsync($"{path}/{id}");
        var document = JsonDocument.Parse(view).RootElement;
        Assert.Equal("45A11", document.GetProperty("tariffs")[0].GetProperty("product").GetString());
        Assert.False(document.GetProperty("tariffs")[0].TryGetProperty("spread", out _));
        // Under the disclosure rules: Verzuim from three providers is not shown (fewer than five), the benchmark for WO
        // salaries is; the provider's own figures stand beside them.
        var norms = document.GetProperty("norms").EnumerateArray().ToList();
        var verzuim = norms.Single(n => n.GetProperty("variable").GetString() == "Verzuim");
        Assert.Equal(0.06m, verzuim.GetProperty("own").GetDecimal());
        Assert.True(verzuim.GetProperty("suppressed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, verzuim.GetProperty("norm").ValueKind);
        Assert.Contains("niet getoond", verzuim.GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, verzuim.GetProperty("position").ValueKind);
        var salary = norms.Single(n => n.GetProperty("variable").GetString() == "Brutojaarsalaris" && n.GetProperty("qualifier").GetString() == "WO");
        Assert.Equal((63000m, 62000m, "below", true), (salary.GetProperty("norm").GetDecimal(), salary.GetProperty("own").GetDecimal(),
            salary.GetProperty("position").GetString(), salary.GetProperty("benchmarkUsed").GetBoolean()));
        Assert.All(norms, n => Assert.False(n.TryGetProperty("excluded", out _)));
        Assert.All(norms, n => Assert.False(n.TryGetProperty("n", out _)));
        foreach (var agb in TestFormats.Agbs.Skip(1)) Assert.DoesNotContain(agb, view);
        var analystView = JsonDocument.Parse(await analyst.GetStringAsync($"{path}/{id}")).RootElement;
        Assert.True(analystView.GetProperty("tariffs")[0].TryGetProperty("spread", out _));

        // Two providers react; one edits (a new version), one withdraws; an analyst reacts on behalf of a third.
        var words = "Wij, Aanbieder 12345678, vinden het uurtarief <b>te laag</b> voor onze cao.";
        var first = await ReactAsync(own, $"{path}/{id}/reactions", new { product = "45A11", text = "Te laag." });
        Assert.Equal(TestFormats.Agbs[0], first.GetProperty("agb").GetString());
        Assert.Equal(1, first.GetProperty("version").GetInt32());
        var firstId = first.GetProperty("id").GetString()!;
        var edited = await JsonAsync(await own.PutAsJsonAsync($"{path}/{id}/reactions/{firstId}", new { product = "45a11", text = words }));
        Assert.Equal(2, edited.GetProperty("version").GetInt32());
        Assert.Equal(words, edited.GetProperty("text").GetString());
        var second = await ReactAsync(other, $"{path}/{id}/reactions", new { variable = "verzuim", text = "Ons verzuim is hoger dan 6%." });
        Assert.Equal("Verzuim", second.GetProperty("variable").GetString());
        var withdrawn = await ReactAsync(other, $"{path}/{id}/reactions", new { text = "Laat maar." });
        var withdrawnPath = $"{path}/{id}/reactions/{withdrawn.GetProperty("id").GetString()}";
        Assert.Equal(HttpStatusCode.NoContent, (await other.DeleteAsync(withdrawnPath)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await other.DeleteAsync(withdrawnPath)).StatusCode);
        var onBehalf = await ReactAsync(analyst, $"{path}/{id}/reactions", new { agb = TestFormats.Agbs[2], text = "Telefonisch doorgegeven: planning is krap." });
        Assert.Equal(TestFormats.Agbs[2], onBehalf.GetProperty("agb").GetString());

        // Nobody reaches another provider's reaction; bad input is refused in Dutch and stores nothing.
        await Http.AssertProblemAsync(await other.PutAsJsonAsync($"{path}/{id}/reactions/{firstId}", new { text = "Overgenomen." }),
            HttpStatusCode.Forbidden, "agb-mismatch");
        await Http.AssertProblemAsync(await other.DeleteAsync($"{path}/{id}/reactions/{firstId}"), HttpStatusCode.Forbidden, "agb-mismatch");
        await Http.AssertProblemAsync(await own.PostAsJsonAsync($"{path}/{id}/reactions", new { agb = TestFormats.Agbs[1], text = "x" }),
            HttpStatusCode.Forbidden, "agb-mismatch");
        await Http.AssertProblemAsync(await own.PostAsJsonAsync($"{path}/{id}/reactions", new { text = new string('x', 4001) }),
            HttpStatusCode.BadRequest, "invalid-reaction");
        await Http.AssertProblemAsync(await own.PostAsJsonAsync($"{path}/{id}/reactions", new { product = "99X99", text = "x" }),
            HttpStatusCode.BadRequest, "unknown-product");
        await Http.AssertProblemAsync(await analyst.PostAsJsonAsync($"{path}/{id}/reactions", new { text = "zonder agb" }),
            HttpStatusCode.BadRequest, "invalid-agb");
        var mine = JsonDocument.Parse(await own.GetStringAsync($"{path}/{id}/reactions")).RootElement;
        var only = Assert.Single(mine.EnumerateArray());
        Assert.Equal(firstId, only.GetProperty("id").GetString());
        Assert.Equal([1, 2], only.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));

        // After the deadline (the server's clock): a clear Dutch refusal, nothing stored, nothing changed.
        await WaitUntilAsync(deadline);
        var late = await Http.AssertProblemAsync(await own.PostAsJsonAsync($"{path}/{id}/reactions", new { text = "Te laat." }),
            HttpStatusCode.Conflict, "consultation-closed");
        Assert.Contains("gesloten", late.GetProperty("detail").GetString());
        await Http.AssertProblemAsync(await own.PutAsJsonAsync($"{path}/{id}/reactions/{firstId}", new { text = "Nog snel." }),
            HttpStatusCode.Conflict, "consultation-closed");
        await Http.AssertProblemAsync(await own.DeleteAsync($"{path}/{id}/reactions/{firstId}"), HttpStatusCode.Conflict, "consultation-closed");
        var all = JsonDocument.Parse(await analyst.GetStringAsync($"{path}/{id}/reactions")).RootElement.EnumerateArray().ToList();
        Assert.Equal(4, all.Count);
        Assert.Equal(words, all.Single(r => r.GetProperty("id").GetString() == firstId).GetProperty("text").GetString());
        Assert.Equal("closed", JsonDocument.Parse(await own.GetStringAsync($"{path}/{id}")).RootElement.GetProperty("status").GetString());

        // Answers: a withdrawn reaction gets none; a summary that names a provider blocks publication until rewritten.
        async Task Answer(string reactionId, string question, string answer, string outcome) =>
            await JsonAsync(await analyst.PutAsJsonAsync($"{path}/{id}/reactions/{reactionId}/answer",
                new { publicQuestion = question, answer, outcome }));
        await Http.AssertProblemAsync(await analyst.PutAsJsonAsync($"{withdrawnPath}/answer",
            new { publicQuestion = "v", answer = "a", outcome = "unchanged" }), HttpStatusCode.Conflict, "reaction-withdrawn");
        await Http.AssertProblemAsync(await analyst.PutAsJsonAsync($"{path}/{id}/reactions/{firstId}/answer",
            new { publicQuestion = "v", answer = "a", outcome = "rejected" }), HttpStatusCode.BadRequest, "invalid-outcome");
        await Answer(firstId, "Aanbieder 12345678 vindt het uurtarief te laag.", "Het verzuim is aangepast.", "changed");
        await Answer(second.GetProperty("id").GetString()!, "Is het verzuim niet te laag genormeerd?", "Het gemiddelde van de aanbieders telt.", "explained");
        await Answer(onBehalf.GetProperty("id").GetString()!, "Is de planning niet te krap?", "De planning blijft.", "unchanged");
        await Http.AssertProblemAsync(await Admin.PostAsync($"{path}/{id}/publication", null), HttpStatusCode.Conflict, "answers-identify-provider");
        await Http.AssertProblemAsync(await own.GetAsync($"{path}/{id}/answers"), HttpStatusCode.NotFound, "answers-not-published");
        await Answer(firstId, "Is het uurtarief van 45A11 te laag voor de cao?", "Ja: het genormeerde verzuim is aangepast.", "changed");
        var publication = await JsonAsync(await Admin.PostAsync($"{path}/{id}/publication", null));
        Assert.Equal(3, publication.GetProperty("answers").GetInt32());
        Assert.Equal(0, publication.GetProperty("unanswered").GetInt32());

        // The published list: the same for every provider, only the analysts' words, nobody named.
        var forOwn = await own.GetStringAsync($"{path}/{id}/answers");
        Assert.Equal(forOwn, await other.GetStringAsync($"{path}/{id}/answers"));
        Assert.Equal(forOwn, await analyst.GetStringAsync($"{path}/{id}/answers"));
        var answers = JsonDocument.Parse(forOwn).RootElement.EnumerateArray().ToList();
        Assert.Equal(3, answers.Count);
        Assert.Equal(["publicQuestion", "answer", "outcome", "product", "variable"], answers[0].EnumerateObject().Select(p => p.Name));
        var changed = Assert.Single(answers, a => a.GetProperty("outcome").GetString() == "changed");
        Assert.Equal("45A11", changed.GetProperty("product").GetString());
        var export = await own.GetAsync($"{path}/{id}/answers/export");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var exported = Unzipped(await export.Content.ReadAsByteArrayAsync());
        Assert.Contains("Is het uurtarief van 45A11 te laag voor de cao?", exported);
        foreach (var text in new[] { forOwn, exported })
        {
            foreach (var agb in TestFormats.Agbs)
            {
                Assert.DoesNotContain(agb, text);
                Assert.DoesNotContain($"Aanbieder {agb}", text);
                Assert.DoesNotContain($"test provider {agb}", text);
            }
            Assert.DoesNotContain("onze cao", text);
            Assert.DoesNotContain("Ons verzuim", text);
        }

        // Finalise after a repair changed one provider's sick leave: the final snapshot records consultation and concept.
        var json = TestFormats.RoundJson(round);
        Assert.Equal(HttpStatusCode.Created, (await Admin.PostAsync($"/api/rounds/{round}/formats",
            TestFormats.Xlsx(TestFormats.Build(json, TestFormats.Provider(round, 2, verzuim: 0.09m))))).StatusCode);
        var final = await RecalculateAsync(round);
        await Http.AssertProblemAsync(await Admin.GetAsync($"{path}/{id}/changes"), HttpStatusCode.Conflict, "consultation-not-finalised");
        var finalised = await JsonAsync(await Admin.PostAsJsonAsync($"{path}/{id}/finalisation", new { snapshot = final }));
        Assert.Equal(final, finalised.GetProperty("consultation").GetProperty("finalSnapshot").GetString());
        Assert.Equal("final", finalised.GetProperty("final").GetProperty("status").GetString());
        var header = JsonDocument.Parse(await Admin.GetStringAsync($"/api/rounds/{round}/snapshots")).RootElement.EnumerateArray()
            .Single(s => s.GetProperty("id").GetString() == final);
        Assert.Equal(id, header.GetProperty("origin").GetProperty("consultation").GetString());
        Assert.Equal(concept, header.GetProperty("origin").GetProperty("concept").GetString());
        Assert.Equal(HttpStatusCode.OK, (await Admin.PostAsJsonAsync($"{path}/{id}/finalisation", new { snapshot = final })).StatusCode);
        await Http.AssertProblemAsync(await Admin.PostAsJsonAsync($"{path}/{id}/finalisation", new { snapshot = concept }),
            HttpStatusCode.Conflict, "consultation-finalised");

        // What changed from concept to final, per tariff and norm, with the answer marked changed linked to the tariff.
        var changes = await JsonAsync(await analyst.GetAsync($"{path}/{id}/changes"));
        Assert.Equal(concept, changes.GetProperty("concept").GetProperty("id").GetString());
        Assert.Equal(final, changes.GetProperty("final").GetProperty("id").GetString());
        var tariff = changes.GetProperty("tariffs").EnumerateArray().Single(t => t.GetProperty("change").GetProperty("code").GetString() == "45A11");
        Assert.Equal("changed", tariff.GetProperty("change").GetProperty("change").GetString());
        Assert.True(tariff.GetProperty("change").GetProperty("new").GetDecimal() > tariff.GetProperty("change").GetProperty("old").GetDecimal());
        Assert.Equal("Is het uurtarief van 45A11 te laag voor de cao?",
            Assert.Single(tariff.GetProperty("answers").EnumerateArray()).GetProperty("publicQuestion").GetString());
        var norm = changes.GetProperty("norms").EnumerateArray().Single(n => n.GetProperty("change").GetProperty("variable").GetString() == "Verzuim");
        Assert.Equal("changed", norm.GetProperty("change").GetProperty("change").GetString());
        Assert.Empty(norm.GetProperty("answers").EnumerateArray()); // that answer was "explained", not "changed"
        var compare = await JsonAsync(await analyst.GetAsync($"/api/rounds/{round}/snapshots/compare?from={concept}&to={final}"));
        Assert.Equal("changed", compare.GetProperty("norms").EnumerateArray()
            .Single(n => n.GetProperty("variable").GetString() == "Verzuim").GetProperty("change").GetString());

        // Every action is in the audit log.
        var audit = JsonDocument.Parse(await Admin.GetStringAsync($"/api/admin/audit?round={round}")).RootElement.EnumerateArray()
            .Select(a => a.GetProperty("action").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "consultation-opened", "reaction-added", "reaction-edited", "reaction-withdrawn", "reaction-answered",
            "answers-published", "consultation-finalised" }, audit);
    }

    [Fact]
    public async Task The_timer_closes_a_consultation_at_its_deadline_once_and_frees_the_round_for_the_next()
    {
        var (round, concept) = await RoundWithConceptAsync();
        var opened = await OpenAsync(round, concept, DutchDeadline(TimeSpan.FromSeconds(3)));
        var id = opened.GetProperty("id").GetString()!;
        var deadline = opened.GetProperty("deadline").GetDateTimeOffset();

        var early = await Http.InvokeTimerAsync(Admin, "CloseConsultations");
        Assert.DoesNotContain(Closed(early), c => c == id);
        await WaitUntilAsync(deadline);

        var run = await Http.InvokeTimerAsync(Admin, "CloseConsultations");
        Assert.Contains(id, Closed(run));
        Assert.Contains(run.GetProperty("Logs").EnumerateArray(), l => l.GetString()!.Contains($"Ronde {round}: marktconsultatie {id} gesloten"));
        var closed = JsonDocument.Parse(await Admin.GetStringAsync($"/api/rounds/{round}/consultations/{id}")).RootElement;
        Assert.Equal("closed", closed.GetProperty("status").GetString());
        Assert.Equal("deadline", closed.GetProperty("closedBy").GetString());
        Assert.Equal(deadline, closed.GetProperty("closedAt").GetDateTimeOffset());

        Assert.DoesNotContain(id, Closed(await Http.InvokeTimerAsync(Admin, "CloseConsultations")));
        var again = JsonDocument.Parse(await Admin.GetStringAsync($"/api/rounds/{round}/consultations/{id}")).RootElement;
        Assert.Equal(closed.GetProperty("closedAt").GetDateTimeOffset(), again.GetProperty("closedAt").GetDateTimeOffset());
        var next = await OpenAsync(round, concept, DutchDeadline(TimeSpan.FromDays(7)));
        Assert.NotEqual(id, next.GetProperty("id").GetString());
    }

    private static IEnumerable<string> Closed(JsonElement run) =>
        run.GetProperty("ReturnValue").GetProperty("closed").EnumerateArray().Select(c => c.GetProperty("consultation").GetString()!);

    [Fact]
    public async Task An_admin_extends_or_closes_early_and_bad_input_is_refused_without_storing_anything()
    {
        var (round, concept) = await RoundWithConceptAsync();
        var path = $"/api/rounds/{round}/consultations";
        await Http.AssertProblemAsync(await Admin.PostAsJsonAsync(path, new { snapshot = concept, deadline = "23-10-2025 17:00" }),
            HttpStatusCode.BadRequest, "invalid-deadline");
        await Http.AssertProblemAsync(await Admin.PostAsJsonAsync(path, new { snapshot = concept, deadline = "2020-10-23T17:00" }),
            HttpStatusCode.BadRequest, "deadline-passed");
        await Http.AssertProblemAsync(await Admin.PostAsJsonAsync(path, new { snapshot = "20200101T000000000Z-00000000", deadline = DutchDeadline(TimeSpan.FromDays(1)) }),
            HttpStatusCode.NotFound, "snapshot-not-found");
        await Http.AssertProblemAsync(await Admin.PostAsJsonAsync(path, new { deadline = DutchDeadline(TimeSpan.FromDays(1)) }),
            HttpStatusCode.BadRequest, "invalid-snapshot-id");
        await Http.AssertProblemAsync(await Admin.GetAsync($"{path}/nope"), HttpStatusCode.NotFound, "consultation-not-found");
        Assert.Empty(JsonDocument.Parse(await Admin.GetStringAsync(path)).RootElement.EnumerateArray());

        var day = DateTime.UtcNow.Date.AddDays(30);
        var opened = await OpenAsync(round, concept, $"{day:yyyy-MM-dd}T17:00");
        var id = opened.GetProperty("id").GetString()!;
        string[] days = ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"];
        string[] months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"];
        Assert.Equal($"{days[(int)day.DayOfWeek]} {day.Day} {months[day.Month - 1]} {day.Year} om 17:00", opened.GetProperty("deadlineText").GetString());
        var later = DateTime.SpecifyKind(day.AddDays(30).AddHours(17), DateTimeKind.Unspecified);
        var extended = await JsonAsync(await Admin.PutAsJsonAsync($"{path}/{id}", new { deadline = $"{later:yyyy-MM-dd}T17:00" }));
        Assert.Equal(new DateTimeOffset(later, Amsterdam.GetUtcOffset(later)), extended.GetProperty("deadline").GetDateTimeOffset());
        await Http.AssertProblemAsync(await Admin.PutAsJsonAsync($"{path}/{id}", new { deadline = $"{day:yyyy-MM-dd}T16:00" }),
            HttpStatusCode.BadRequest, "deadline-not-later");

        using var provider = await fixture.ClientAsAsync("provider", TestFormats.Agbs[0]);
        foreach (var body in new[] { "{ \"text\": 5 }", "geen json", "[1, 2]" })
            await Http.AssertProblemAsync(await provider.PostAsync($"{path}/{id}/reactions", Http.Json(body)), HttpStatusCode.BadRequest);
        await Http.AssertProblemAsync(await provider.PostAsync($"{path}/{id}/reactions", null), HttpStatusCode.BadRequest, "invalid-reaction");
        await Http.AssertProblemAsync(await provider.PutAsJsonAsync($"{path}/{id}/reactions/20200101T000000000Z-00000000", new { text = "x" }),
            HttpStatusCode.NotFound, "reaction-not-found");
        var reaction = await ReactAsync(provider, $"{path}/{id}/reactions", new { text = "<script>alert(1)</script>" });
        Assert.Equal("<script>alert(1)</script>", reaction.GetProperty("text").GetString());
        var closed = await JsonAsync(await Admin.PostAsync($"{path}/{id}/close", null));
        Assert.Equal("closed", closed.GetProperty("status").GetString());
        Assert.Equal("admin", closed.GetProperty("closedBy").GetString());
        Assert.Equal(closed.GetProperty("closedAt").GetDateTimeOffset(),
            (await JsonAsync(await Admin.PostAsync($"{path}/{id}/close", null))).GetProperty("closedAt").GetDateTimeOffset());
        await Http.AssertProblemAsync(await provider.PostAsJsonAsync($"{path}/{id}/reactions", new { text = "Na sluiting." }),
            HttpStatusCode.Conflict, "consultation-closed");
        await Http.AssertProblemAsync(await Admin.PutAsJsonAsync($"{path}/{id}", new { deadline = DutchDeadline(TimeSpan.FromDays(90)) }),
            HttpStatusCode.Conflict, "consultation-closed");
        Assert.Single(JsonDocument.Parse(await Admin.GetStringAsync($"{path}/{id}/reactions")).RootElement.EnumerateArray());

        // A final snapshot is no concept to consult on.
        Assert.Equal(HttpStatusCode.OK, (await Admin.PostAsync($"/api/rounds/{round}/snapshots/{concept}/final", null)).StatusCode);
        await Http.AssertProblemAsync(await Admin.PostAsJsonAsync(path, new { snapshot = concept, deadline = DutchDeadline(TimeSpan.FromDays(1)) }),
            HttpStatusCode.Conflict, "snapshot-not-concept");
    }

    [Fact]
    public async Task A_close_wins_over_a_reaction_in_flight_and_that_reaction_stores_nothing()
    {
        var (round, concept) = await RoundWithConceptAsync();
        var id = (await OpenAsync(round, concept, DutchDeadline(TimeSpan.FromDays(7)))).GetProperty("id").GetString()!;
        var store = new Inkoop.Storage.ConsultationStore(fixture.Storage, new Inkoop.Storage.OriginalStore(fixture.Storage));
        var read = (await store.GetAsync(round, id))!;  // a reaction read the consultation: open
        Assert.Equal(HttpStatusCode.OK, (await Admin.PostAsync($"/api/rounds/{round}/consultations/{id}/close", null)).StatusCode);

        var now = DateTimeOffset.UtcNow;
        var reaction = new Inkoop.Storage.ReactionRecord(round, id, Inkoop.Storage.ConsultationStore.NewId(now), TestFormats.Agbs[0], 1, null, null,
            "Net te laat.", now, now);
        await Assert.ThrowsAsync<Inkoop.Storage.StorageConflictException>(() => store.SaveReactionAsync(read, reaction,
            new Inkoop.Storage.ReactionVersionRecord(reaction.Id, 1, null, null, reaction.Text, now, "test")));
        Assert.Empty(await store.ListReactionsAsync(round, id));
        Assert.Empty(await store.ListVersionsAsync(round, id));
        Assert.Null(await store.GetOpenIdAsync(round));
    }

    private static string Unzipped(byte[] xlsx)
    {
        using var zip = new ZipArchive(new MemoryStream(xlsx));
        return string.Concat(zip.Entries.Select(e => new StreamReader(e.Open(), Encoding.UTF8).ReadToEnd()));
    }
}
