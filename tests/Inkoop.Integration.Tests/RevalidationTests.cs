using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Inkoop.Integration.Tests.Infrastructure;
using Inkoop.Storage;

namespace Inkoop.Integration.Tests;

/// <summary>
/// A changed round re-checks the stored formats from their originals: over HTTP against Azurite, the answers, the
/// stored rows, the snapshot's provenance, and the originals left exactly as uploaded.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class RevalidationTests(AppFixture fixture)
{
    private HttpClient Client => fixture.Client;

    /// <summary>The worked example's round with a band and a rule on the share variables: HBO at most 75% of 45A11.</summary>
    private static string Tightened(string round) => TestFormats.RoundJson(round).Replace("\"normalisation\": {", """
        "bands": { "Aandeel_HBO[45A11]": { "min": 0, "max": 0.75 } },
        "normalisation": {
        """).Replace("\"variables\": {", """
        "variables": {
            "Aandeel_MBO4[45A11]": { "minRespondents": 10, "benchmark": 0.25 },
        """);

    private async Task<string> RoundWithFormatsAsync(int formats)
    {
        var round = AppFixture.NewRoundId("rv");
        var json = TestFormats.RoundJson(round);
        Assert.Equal(HttpStatusCode.Created, (await Client.PutAsync($"/api/rounds/{round}", Http.Json(json))).StatusCode);
        for (var i = 0; i < formats; i++)
        {
            var response = await Client.PostAsync($"/api/rounds/{round}/formats", TestFormats.Xlsx(TestFormats.Build(json, TestFormats.Provider(round, i))));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
        return round;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> PutAsync(string round, string json)
    {
        var response = await Client.PutAsync($"/api/rounds/{round}", Http.Json(json));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return (response.StatusCode, body, response);
    }

    private async Task<JsonElement> GetAsync(string path) => JsonDocument.Parse(await Client.GetStringAsync(path)).RootElement.Clone();

    private static void AssertRevalidation(JsonElement put, int rechecked, int statusChanged, int pending)
    {
        var r = put.GetProperty("revalidation");
        Assert.Equal((rechecked, statusChanged, pending),
            (r.GetProperty("rechecked").GetInt32(), r.GetProperty("statusChanged").GetInt32(), r.GetProperty("pending").GetInt32()));
    }

    private async Task<JsonElement> NormAfterRecalculationAsync(string round, string variable, string qualifier)
    {
        Assert.Equal(HttpStatusCode.Created, (await Client.PostAsync($"/api/rounds/{round}/recalculations", null)).StatusCode);
        var snapshot = await GetAsync($"/api/rounds/{round}/snapshots/current");
        return snapshot.GetProperty("norms").EnumerateArray()
            .Single(n => n.GetProperty("variable").GetString() == variable && n.GetProperty("qualifier").GetString() == qualifier);
    }

    /// <summary>The original of version 1 as Blob Storage has it: SHA-256 of its bytes, ETag and last change.</summary>
    private async Task<(string Sha256, string ETag, DateTimeOffset Modified)> OriginalAsync(string round, string agb)
    {
        var blob = (await fixture.Storage.OriginalsAsync(default)).GetBlobClient($"{round}/{agb}/000001.xlsx");
        var content = (await blob.DownloadContentAsync()).Value;
        return (Convert.ToHexStringLower(SHA256.HashData(content.Content.ToArray())), content.Details.ETag.ToString(), content.Details.LastModified);
    }

    [Fact]
    public async Task Tightening_a_band_re_checks_stored_formats_and_widening_it_restores_them()
    {
        var round = await RoundWithFormatsAsync(3);
        var agb = TestFormats.Agbs[1]; // HBO share 0.80 of 45A11
        var originalBefore = await OriginalAsync(round, agb);
        var uploaded = await GetAsync($"/api/rounds/{round}/formats/{agb}");
        Assert.Equal("accepted", uploaded.GetProperty("status").GetString());
        Assert.Equal(originalBefore.Sha256, uploaded.GetProperty("sha256").GetString());
        var before = await NormAfterRecalculationAsync(round, "Aandeel_HBO", "45A11");
        Assert.Equal(3, before.GetProperty("n").GetInt32());

        // Tighten: a share band and a share rule, both by product code, are accepted; the three formats are re-checked at once.
        var (status, tightened, _) = await PutAsync(round, Tightened(round));
        Assert.True(status == HttpStatusCode.OK, tightened.ToString());
        AssertRevalidation(tightened, rechecked: 3, statusChanged: 1, pending: 0);

        var repair = await GetAsync($"/api/rounds/{round}/formats/{agb}");
        Assert.Equal("repairNeeded", repair.GetProperty("status").GetString());
        Assert.Equal(1, repair.GetProperty("version").GetInt32());
        var finding = Assert.Single(repair.GetProperty("findings").EnumerateArray());
        Assert.Equal("OUT_OF_BAND", finding.GetProperty("code").GetString());
        Assert.Equal("Aandeel_HBO[45A11]", finding.GetProperty("variable").GetString());
        Assert.Equal("accepted", (await GetAsync($"/api/rounds/{round}/formats/{TestFormats.Agbs[0]}")).GetProperty("status").GetString());

        // After recalculation the value has left the norm, and the provenance says why.
        var norm = await NormAfterRecalculationAsync(round, "Aandeel_HBO", "45A11");
        Assert.Equal(2, norm.GetProperty("n").GetInt32());
        var excluded = Assert.Single(norm.GetProperty("excluded").EnumerateArray());
        Assert.Equal(agb, excluded.GetProperty("agb").GetString());
        Assert.Equal("errorFinding", excluded.GetProperty("reason").GetString());
        var mbo4 = await NormAfterRecalculationAsync(round, "Aandeel_MBO4", "45A11");
        Assert.True(mbo4.GetProperty("benchmarkUsed").GetBoolean());

        // The same configuration again, even typed differently, re-checks nothing.
        var (_, same, _) = await PutAsync(round, Tightened(round).Replace("\n", "\n  ").Replace("Aandeel_HBO[45A11]", "aandeel_hbo [45a11]"));
        AssertRevalidation(same, rechecked: 0, statusChanged: 0, pending: 0);

        // Widen again: back to accepted, without findings.
        var (_, widened, _) = await PutAsync(round, TestFormats.RoundJson(round));
        AssertRevalidation(widened, rechecked: 3, statusChanged: 1, pending: 0);
        var back = await GetAsync($"/api/rounds/{round}/formats/{agb}");
        Assert.Equal("accepted", back.GetProperty("status").GetString());
        Assert.Empty(back.GetProperty("findings").EnumerateArray());
        Assert.Equal(3, (await NormAfterRecalculationAsync(round, "Aandeel_HBO", "45A11")).GetProperty("n").GetInt32());

        // The original is untouched, and no version was added.
        Assert.Equal(originalBefore, await OriginalAsync(round, agb));
        var versions = await GetAsync($"/api/rounds/{round}/formats/{agb}/versions");
        Assert.Equal(1, Assert.Single(versions.EnumerateArray()).GetProperty("version").GetInt32());
        var progress = await GetAsync($"/api/rounds/{round}/revalidation");
        Assert.Equal((3, 3, 0, true), (progress.GetProperty("formats").GetInt32(), progress.GetProperty("current").GetInt32(),
            progress.GetProperty("pending").GetInt32(), progress.GetProperty("complete").GetBoolean()));
        Assert.Equal(widened.GetProperty("revalidation").GetProperty("configurationHash").GetString(),
            progress.GetProperty("configurationHash").GetString());
    }

    [Fact]
    public async Task A_round_with_more_formats_than_the_inline_limit_answers_202_and_the_timer_completes_it()
    {
        const int formats = AppFixture.RevalidationInlineLimit + 1;
        var round = await RoundWithFormatsAsync(formats);

        var (status, accepted, response) = await PutAsync(round, Tightened(round));
        Assert.True(status == HttpStatusCode.Accepted, accepted.ToString());
        Assert.Equal($"/api/rounds/{round}/revalidation", response.Headers.Location?.OriginalString);
        AssertRevalidation(accepted, rechecked: 0, statusChanged: 0, pending: formats);
        var waiting = await GetAsync(response.Headers.Location!.OriginalString);
        Assert.Equal(formats, waiting.GetProperty("pending").GetInt32());
        Assert.False(waiting.GetProperty("complete").GetBoolean());
        Assert.Equal("accepted", (await GetAsync($"/api/rounds/{round}/formats/{TestFormats.Agbs[1]}")).GetProperty("status").GetString());

        var run = await Http.InvokeTimerAsync(Client, "RevalidateFormats");
        var mine = run.GetProperty("ReturnValue").GetProperty("revalidated").EnumerateArray().Single(r => r.GetProperty("round").GetString() == round);
        Assert.Equal(formats, mine.GetProperty("rechecked").GetInt32());
        Assert.Equal(0, mine.GetProperty("pending").GetInt32());

        var done = await GetAsync($"/api/rounds/{round}/revalidation");
        Assert.Equal((formats, 0, true), (done.GetProperty("current").GetInt32(), done.GetProperty("pending").GetInt32(), done.GetProperty("complete").GetBoolean()));
        Assert.Equal("repairNeeded", (await GetAsync($"/api/rounds/{round}/formats/{TestFormats.Agbs[1]}")).GetProperty("status").GetString());

        // Nothing left: the next run does not mention the round, and the same PUT answers at once, re-checking nothing.
        var again = await Http.InvokeTimerAsync(Client, "RevalidateFormats");
        Assert.DoesNotContain(again.GetProperty("ReturnValue").GetProperty("revalidated").EnumerateArray(), r => r.GetProperty("round").GetString() == round);
        var (sameStatus, same, _) = await PutAsync(round, Tightened(round));
        Assert.Equal(HttpStatusCode.OK, sameStatus);
        AssertRevalidation(same, rechecked: 0, statusChanged: 0, pending: 0);
    }

    [Fact]
    public async Task An_upload_racing_a_re_validation_wins()
    {
        var round = await RoundWithFormatsAsync(1);
        var agb = TestFormats.Agbs[0];
        var store = new FormatStore(fixture.Storage);
        var read = (await store.GetLatestAsync(round, agb, includeContent: true))!;

        // The provider uploads again after the re-validation read the latest row and before it writes.
        var json = TestFormats.RoundJson(round);
        Assert.Equal(HttpStatusCode.Created, (await Client.PostAsync($"/api/rounds/{round}/formats",
            TestFormats.Xlsx(TestFormats.Build(json, TestFormats.Provider(round, 0, verzuim: 0.5m))))).StatusCode);

        await Assert.ThrowsAsync<StorageConflictException>(() => store.SetValidationAsync(read with
        {
            Status = "accepted", ErrorCount = 0, FindingsJson = "[]", ConfigurationHash = "stale",
        }));
        var latest = await GetAsync($"/api/rounds/{round}/formats/{agb}");
        Assert.Equal(2, latest.GetProperty("version").GetInt32());
        Assert.Equal("repairNeeded", latest.GetProperty("status").GetString()); // Verzuim 0.5: the upload's own findings stand
        var first = (await store.GetVersionAsync(round, agb, 1))!;
        Assert.Equal(read.ConfigurationHash, first.ConfigurationHash); // nothing of the lost write landed on version 1 either
    }

    [Fact]
    public async Task Unknown_round_has_no_revalidation()
    {
        await Http.AssertProblemAsync(await Client.GetAsync($"/api/rounds/{AppFixture.NewRoundId("rv")}/revalidation"), HttpStatusCode.NotFound, "round-not-found");
    }
}
