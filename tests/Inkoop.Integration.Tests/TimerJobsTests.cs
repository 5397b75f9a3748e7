using System.Net;
using System.Text.Json;
using Inkoop.Integration.Tests.Infrastructure;

namespace Inkoop.Integration.Tests;

/// <summary>
/// The timers as the host calls them (POST /{FunctionName} with the invocation payload). Other tests run timers too,
/// over every round in the shared storage, so these assertions look at their own round only.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class TimerJobsTests(AppFixture fixture)
{
    private HttpClient Client => fixture.Client;

    private Task<JsonElement> InvokeAsync(string function) => Http.InvokeTimerAsync(Client, function);

    private async Task<List<JsonElement>> SnapshotsAsync(string round) =>
        JsonDocument.Parse(await Client.GetStringAsync($"/api/rounds/{round}/snapshots")).RootElement.EnumerateArray().Select(e => e.Clone()).ToList();

    private async Task<string> RoundWithFormatsAsync(string repairDeadline, params int[] providers)
    {
        var round = AppFixture.NewRoundId("tm");
        var json = TestFormats.RoundJson(round, repairDeadline);
        Assert.Equal(HttpStatusCode.Created, (await Client.PutAsync($"/api/rounds/{round}", Http.Json(json))).StatusCode);
        foreach (var i in providers)
        {
            var response = await Client.PostAsync($"/api/rounds/{round}/formats", TestFormats.Xlsx(TestFormats.Build(json, TestFormats.Provider(round, i))));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
        return round;
    }

    [Fact]
    public async Task RecalculateTariffs_removes_originals_without_a_version_row_and_snapshot_content_without_a_header()
    {
        var round = await RoundWithFormatsAsync("2099-12-31", 0);
        var originals = new Inkoop.Storage.OriginalStore(fixture.Storage);
        var orphan = new Inkoop.Storage.OriginalKey(round, TestFormats.Agbs[0], 7);
        await originals.CreateAsync(orphan, BinaryData.FromString("an upload whose row was never written"), TestFormats.XlsxType);
        var snapshots = await fixture.Storage.TableAsync(Inkoop.Storage.StorageAccount.SnapshotsTable, default);
        const string halfWritten = "20200101T000000000Z-0badc0de";
        await snapshots.AddEntityAsync(new Azure.Data.Tables.TableEntity(round, $"P|{halfWritten}|0000") { ["ContentChunks"] = 1, ["Content00"] = "{" });
        await Task.Delay(TimeSpan.FromSeconds(4)); // past Cleanup:MinimumAge of the test app

        var answer = await InvokeAsync("RecalculateTariffs");

        Assert.Contains(answer.GetProperty("Logs").EnumerateArray(), l => l.GetString()!.Contains($"Ronde {round}: achtergebleven 1"));
        Assert.Null(await originals.ReadAsync(orphan));
        Assert.NotNull(await originals.ReadAsync(new Inkoop.Storage.OriginalKey(round, TestFormats.Agbs[0], 1)));
        Assert.False((await snapshots.GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>(round, $"P|{halfWritten}|0000")).HasValue);
        var snapshot = Assert.Single(await SnapshotsAsync(round));
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync($"/api/rounds/{round}/snapshots/{snapshot.GetProperty("id").GetString()}")).StatusCode);
    }

    [Fact]
    public async Task RecalculateTariffs_removes_bid_and_realisation_originals_without_a_version_row_too()
    {
        var originals = new Inkoop.Storage.OriginalStore(fixture.Storage);
        var bids = new Inkoop.Storage.BidStore(fixture.Storage);
        var lumpsums = new Inkoop.Storage.LumpsumStore(fixture.Storage);
        var tender = AppFixture.NewRoundId("to");
        var slot = new Inkoop.Storage.RealisationSlot(2093, 1, "12340093", "ORPHAN");

        // One of each kind whose row was written (kept) and one whose row never was (an orphan).
        var bid = await originals.CreateAsync(Inkoop.Storage.BidVersion.BlobName(tender, "AMB", "12340093", 1), BinaryData.FromString("bid 1"), TestFormats.XlsxType);
        await bids.AddVersionAsync(new Inkoop.Storage.BidVersion
        {
            Tender = tender, Lot = "AMB", Agb = "12340093", Version = 1, Status = "accepted", OriginalBlobName = bid.BlobName,
            OriginalSha256 = bid.Sha256, OriginalSize = bid.Size, BidJson = "{}", AnalysisJson = "{}",
        }, expectedCurrent: null);
        var bidOrphan = Inkoop.Storage.BidVersion.BlobName(tender, "AMB", "12340093", 2);
        await originals.CreateAsync(bidOrphan, BinaryData.FromString("bid 2, row never written"), TestFormats.XlsxType);
        var report = await originals.CreateAsync(slot.BlobName(1, "json"), BinaryData.FromString("{}"), "application/json");
        await lumpsums.AddRealisationAsync(new Inkoop.Storage.RealisationVersion(slot, 1, "r.json", report.BlobName, "application/json", report.Sha256,
            report.Size, "accepted", 0, 0, DateTimeOffset.UtcNow, "[]"), expectedCurrent: null);
        var reportOrphan = slot.BlobName(2, "xlsx");
        await originals.CreateAsync(reportOrphan, BinaryData.FromString("report 2, row never written"), TestFormats.XlsxType);
        await Task.Delay(TimeSpan.FromSeconds(4)); // past Cleanup:MinimumAge of the test app

        var answer = await InvokeAsync("RecalculateTariffs");

        Assert.Contains(answer.GetProperty("Logs").EnumerateArray(), l => l.GetString()!.Contains("van inschrijvingen en realisatierapporten opgeruimd"));
        Assert.Null(await originals.ReadAsync(bidOrphan));
        Assert.Null(await originals.ReadAsync(reportOrphan));
        Assert.NotNull(await originals.ReadAsync(bid.BlobName));
        Assert.NotNull(await originals.ReadAsync(report.BlobName));
    }

    private static IEnumerable<string> Rounds(JsonElement answer, string list) =>
        answer.GetProperty("ReturnValue").GetProperty(list).EnumerateArray()
            .Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetProperty("round").GetString()!);

    [Fact]
    public async Task RecalculateTariffs_writes_a_snapshot_when_formats_changed_and_nothing_when_not()
    {
        var round = await RoundWithFormatsAsync("2099-12-31", 0, 1, 2);
        var empty = AppFixture.NewRoundId("tm");
        Assert.Equal(HttpStatusCode.Created, (await Client.PutAsync($"/api/rounds/{empty}", Http.Json(TestFormats.RoundJson(empty)))).StatusCode);

        var first = await InvokeAsync("RecalculateTariffs");
        Assert.NotEmpty(first.GetProperty("Logs").EnumerateArray());
        var afterFirst = await SnapshotsAsync(round);
        Assert.NotEmpty(afterFirst); // this run or a concurrent one wrote it
        Assert.Empty(await SnapshotsAsync(empty)); // no formats, no snapshot: nothing to compute

        var second = await InvokeAsync("RecalculateTariffs");
        Assert.DoesNotContain(round, Rounds(second, "recalculated"));
        Assert.Contains(round, Rounds(second, "unchanged"));
        Assert.Equal(afterFirst.Select(s => s.GetProperty("id").GetString()), (await SnapshotsAsync(round)).Select(s => s.GetProperty("id").GetString()));

        // A new format changes the fingerprint: the next run writes exactly one more snapshot, and then nothing again.
        var json = TestFormats.RoundJson(round);
        Assert.Equal(HttpStatusCode.Created, (await Client.PostAsync($"/api/rounds/{round}/formats",
            TestFormats.Xlsx(TestFormats.Build(json, TestFormats.Provider(round, 3))))).StatusCode);
        await InvokeAsync("RecalculateTariffs");
        var afterChange = await SnapshotsAsync(round);
        Assert.True(afterChange.Count > afterFirst.Count);
        var current = JsonDocument.Parse(await Client.GetStringAsync($"/api/rounds/{round}/snapshots/current")).RootElement;
        Assert.Equal(4, current.GetProperty("formats").GetArrayLength());
        var third = await InvokeAsync("RecalculateTariffs");
        Assert.DoesNotContain(round, Rounds(third, "recalculated"));
        Assert.Equal(afterChange.Count, (await SnapshotsAsync(round)).Count);
    }

    [Fact]
    public async Task CloseRepairWindows_closes_unrepaired_formats_after_the_deadline_and_recalculates()
    {
        // Uploaded while the window is open: the fourth provider's error needs repair.
        var round = await RoundWithFormatsAsync("2099-12-31", 0, 1, 2, 3);
        var statuses = JsonDocument.Parse(await Client.GetStringAsync($"/api/rounds/{round}/formats")).RootElement.GetProperty("statuses");
        Assert.Equal(1, statuses.GetProperty("repairNeeded").GetInt32());

        var open = await InvokeAsync("CloseRepairWindows");
        Assert.DoesNotContain(round, Rounds(open, "due"));

        // The deadline passes (the analyst moves it into the past).
        Assert.Equal(HttpStatusCode.OK, (await Client.PutAsync($"/api/rounds/{round}", Http.Json(TestFormats.RoundJson(round, "2024-01-31")))).StatusCode);
        var run = await InvokeAsync("CloseRepairWindows");
        Assert.Contains(round, Rounds(run, "due"));

        var format = JsonDocument.Parse(await Client.GetStringAsync($"/api/rounds/{round}/formats/45678901")).RootElement;
        Assert.Equal("closedWithExclusions", format.GetProperty("status").GetString());
        Assert.NotEmpty(format.GetProperty("findings").EnumerateArray()); // the findings stay; the value is excluded
        var accepted = JsonDocument.Parse(await Client.GetStringAsync($"/api/rounds/{round}/formats/12345678")).RootElement;
        Assert.Equal("accepted", accepted.GetProperty("status").GetString());
        var versions = JsonDocument.Parse(await Client.GetStringAsync($"/api/rounds/{round}/formats/45678901/versions")).RootElement;
        Assert.Equal("closedWithExclusions", versions[0].GetProperty("status").GetString());

        var current = JsonDocument.Parse(await Client.GetStringAsync($"/api/rounds/{round}/snapshots/current")).RootElement;
        var closed = current.GetProperty("formats").EnumerateArray().Single(f => f.GetProperty("agb").GetString() == "45678901");
        Assert.Equal("closedWithExclusions", closed.GetProperty("status").GetString());
        Assert.Equal(1, current.GetProperty("formats").EnumerateArray().Count(f => f.GetProperty("status").GetString() == "closedWithExclusions"));

        // Nothing left to close: the next run changes nothing in this round.
        var count = (await SnapshotsAsync(round)).Count;
        var again = await InvokeAsync("CloseRepairWindows");
        Assert.DoesNotContain(round, Rounds(again, "closed"));
        Assert.Equal(count, (await SnapshotsAsync(round)).Count);

        // An upload after the deadline gets its final status at once.
        var late = await Client.PostAsync($"/api/rounds/{round}/formats",
            TestFormats.Xlsx(TestFormats.Build(TestFormats.RoundJson(round), TestFormats.Provider(round, 3, verzuim: 0.5m))));
        Assert.Equal("closedWithExclusions", JsonDocument.Parse(await late.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
    }
}
