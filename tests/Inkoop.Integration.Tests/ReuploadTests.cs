using System.Net;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using Inkoop.Domain.Bids;
using Inkoop.Domain.Lumpsums;
using Inkoop.Excel;
using Inkoop.Integration.Tests.Infrastructure;

namespace Inkoop.Integration.Tests;

/// <summary>
/// A byte-identical re-upload (a client retrying after a lost answer) over HTTP against Azurite and the real app: 200 with the
/// existing version and <c>unchanged: true</c>, nothing written twice (one version listed, one original); other bytes are
/// 201 and the next version. For formats, bids and realisation reports alike.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ReuploadTests(AppFixture fixture)
{
    private HttpClient Client => fixture.Client;

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, HttpContent? content)
    {
        var response = await Client.PostAsync(path, content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"POST {path}: {(int)response.StatusCode} {body}");
        return (response.StatusCode, JsonDocument.Parse(body).RootElement.Clone());
    }

    private async Task<JsonElement> GetAsync(string path) => JsonDocument.Parse(await Client.GetStringAsync(path)).RootElement.Clone();

    private async Task<List<string>> BlobsAsync(string prefix)
    {
        var container = await fixture.Storage.OriginalsAsync(default);
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, default)) names.Add(blob.Name);
        return names;
    }

    /// <summary>The body of a repeat equals the body of the upload it repeats, plus <c>unchanged: true</c>.</summary>
    private static void AssertSameVersion(JsonElement created, JsonElement repeated)
    {
        Assert.True(repeated.GetProperty("unchanged").GetBoolean());
        Assert.False(created.TryGetProperty("unchanged", out _));
        var expected = System.Text.Json.Nodes.JsonNode.Parse(created.GetRawText())!.AsObject();
        var actual = System.Text.Json.Nodes.JsonNode.Parse(repeated.GetRawText())!.AsObject();
        actual.Remove("unchanged");
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(expected, actual), $"201: {expected.ToJsonString()}\n200: {actual.ToJsonString()}");
    }

    [Fact]
    public async Task A_format_uploaded_again_byte_for_byte_is_the_same_version_until_the_configuration_changes()
    {
        var round = AppFixture.NewRoundId("ru");
        var roundJson = TestFormats.RoundJson(round);
        Assert.Equal(HttpStatusCode.Created, (await Client.PutAsync($"/api/rounds/{round}", Http.Json(roundJson))).StatusCode);
        var file = TestFormats.Build(roundJson, TestFormats.Provider(round, 0));
        var path = $"/api/rounds/{round}/formats";

        var (status, first) = await PostAsync(path, TestFormats.Xlsx(file));
        Assert.Equal((HttpStatusCode.Created, 1), (status, first.GetProperty("version").GetInt32()));
        var (again, repeated) = await PostAsync(path, TestFormats.Xlsx(file));
        Assert.Equal(HttpStatusCode.OK, again);
        AssertSameVersion(first, repeated);
        Assert.Single((await GetAsync($"{path}/12345678/versions")).EnumerateArray());
        Assert.Single(await BlobsAsync($"{round}/12345678/"));
        // The audit says it was a repeat: the upload's line with 200 and the version it answered.
        var audit = (await GetAsync($"/api/admin/audit?round={round}")).EnumerateArray()
            .Where(e => e.GetProperty("action").GetString() == "upload").ToList();
        Assert.Contains(audit, e => e.GetProperty("status").GetInt32() == 200 &&
                                    e.TryGetProperty("target", out var target) && target.GetString() == "agb 12345678 versie 1 (accepted) ongewijzigd");

        // Other bytes are a new version; the first bytes again are then a new version too (not the current one).
        var other = TestFormats.Build(roundJson, TestFormats.Provider(round, 0, verzuim: 0.09m));
        var (otherStatus, second) = await PostAsync(path, TestFormats.Xlsx(other));
        Assert.True(second.TryGetProperty("supersedes", out var supersedes), second.ToString());
        Assert.Equal((HttpStatusCode.Created, 2, 1), (otherStatus, second.GetProperty("version").GetInt32(), supersedes.GetInt32()));
        var (backStatus, third) = await PostAsync(path, TestFormats.Xlsx(file));
        Assert.Equal((HttpStatusCode.Created, 3), (backStatus, third.GetProperty("version").GetInt32()));

        // The round's validation changed (a product added) and the PUT re-validated the latest version inline: it is validated
        // against the new configuration, so the same bytes are still that version. (Bytes whose latest version still waits for
        // its re-validation are a new version: see the service tests.)
        var put = JsonDocument.Parse(await (await Client.PutAsync($"/api/rounds/{round}", Http.Json(TestFormats.RoundJson(round, extraProduct: true))))
            .Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(0, put.GetProperty("revalidation").GetProperty("pending").GetInt32());
        var (sameStatus, fourth) = await PostAsync(path, TestFormats.Xlsx(file));
        Assert.Equal((HttpStatusCode.OK, 3), (sameStatus, fourth.GetProperty("version").GetInt32()));
        Assert.Equal([1, 2, 3], (await GetAsync($"{path}/12345678/versions")).EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal(3, (await BlobsAsync($"{round}/12345678/")).Count);
    }

    [Fact]
    public async Task A_bid_uploaded_again_byte_for_byte_is_the_same_version()
    {
        var round = AppFixture.NewRoundId("rb");
        Assert.Equal(HttpStatusCode.Created, (await Client.PutAsync($"/api/rounds/{round}", Http.Json(TestFormats.RoundJson(round)))).StatusCode);
        var tender = AppFixture.NewRoundId("rt");
        var tenderJson = $$"""{ "tender": "{{tender}}", "name": "T", "round": "{{round}}", "lots": [ { "code": "AMB", "name": "Ambulant" } ] }""";
        Assert.Equal(HttpStatusCode.Created, (await Client.PutAsync($"/api/tenders/{tender}", Http.Json(tenderJson))).StatusCode);
        var template = await Client.GetByteArrayAsync($"/api/tenders/{tender}/template");
        byte[] Bid(decimal price)
        {
            var names = new Dictionary<string, object?> { [BidSchema.Perceel] = "AMB", [BidSchema.InschrijverAgb] = "55555555", [BidSchema.InschrijverNaam] = "Zorg" };
            using var output = new MemoryStream();
            BidFiller.Fill(new MemoryStream(template), new BidValues(names, [("45A11", price, 100m)]), output);
            return output.ToArray();
        }
        var file = Bid(60m);
        var path = $"/api/tenders/{tender}/bids";

        var (status, first) = await PostAsync(path, TestFormats.Xlsx(file));
        Assert.Equal((HttpStatusCode.Created, 1), (status, first.GetProperty("version").GetInt32()));
        var (again, repeated) = await PostAsync(path, TestFormats.Xlsx(file));
        Assert.Equal(HttpStatusCode.OK, again);
        AssertSameVersion(first, repeated);
        var lot = await GetAsync($"/api/tenders/{tender}/lots/AMB/bids");
        Assert.Equal(1, Assert.Single(lot.GetProperty("bids").EnumerateArray()).GetProperty("version").GetInt32());
        Assert.Single(await BlobsAsync($"tenders/{tender}/bids/AMB/55555555/"));

        var (otherStatus, second) = await PostAsync(path, TestFormats.Xlsx(Bid(70m)));
        Assert.Equal((HttpStatusCode.Created, 2), (otherStatus, second.GetProperty("version").GetInt32()));
        lot = await GetAsync($"/api/tenders/{tender}/lots/AMB/bids");
        Assert.Equal(2, Assert.Single(lot.GetProperty("bids").EnumerateArray()).GetProperty("version").GetInt32());
        Assert.Equal(2, (await GetAsync($"/api/tenders/{tender}/lots/AMB/bids/55555555")).GetProperty("version").GetInt32());
        Assert.Equal(2, (await BlobsAsync($"tenders/{tender}/bids/AMB/55555555/")).Count);
    }

    [Fact]
    public async Task A_realisation_report_uploaded_again_byte_for_byte_is_the_same_version()
    {
        const int year = 2088;
        const string agb = "88000001";
        var lumpsums = $$"""{ "year": {{year}}, "lumpsums": [ { "agb": "{{agb}}", "segment": "REUP", "amount": 1000.00, "tariffs": { "45A11": 100 } } ] }""";
        var put = await Client.PutAsync($"/api/lumpsums/{year}", Http.Json(lumpsums));
        Assert.True(put.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        const int quarter = 1;
        byte[] Report(decimal volume)
        {
            using var buffer = new MemoryStream();
            RealisationWorkbookWriter.Write(new RealisationKey(year, quarter, agb, "REUP"), [new RealisationRow("GM0197", "45A11", volume)], buffer);
            return buffer.ToArray();
        }
        var path = $"/api/lumpsums/{year}/realisation/{quarter}/{agb}/REUP";
        var file = Report(3);

        var (status, first) = await PostAsync(path, TestFormats.Xlsx(file));
        Assert.Equal((HttpStatusCode.Created, 1), (status, first.GetProperty("version").GetInt32()));
        var (again, repeated) = await PostAsync(path, TestFormats.Xlsx(file));
        Assert.Equal(HttpStatusCode.OK, again);
        AssertSameVersion(first, repeated);
        Assert.Single((await GetAsync($"/api/lumpsums/{year}/realisation")).EnumerateArray());
        Assert.Single(await BlobsAsync($"realisation/{year}/{quarter}/{agb}/REUP/"));

        var (otherStatus, second) = await PostAsync(path, TestFormats.Xlsx(Report(4)));
        Assert.Equal((HttpStatusCode.Created, 2), (otherStatus, second.GetProperty("version").GetInt32()));
        Assert.Equal([false, true], (await GetAsync($"/api/lumpsums/{year}/realisation")).EnumerateArray().Select(v => v.GetProperty("current").GetBoolean()));

        // The variance counts the current report only, and lists only current reports.
        await PostAsync($"/api/lumpsums/{year}/variance/{quarter}/recalculations", null);
        var variance = await GetAsync($"/api/lumpsums/{year}/variance/{quarter}");
        var report = Assert.Single(variance.GetProperty("reports").EnumerateArray());
        Assert.Contains("versie 2", report.GetProperty("file").GetString());
        Assert.Equal(400m, Assert.Single(variance.GetProperty("lumpsums").EnumerateArray()).GetProperty("realised").GetDecimal());
    }
}
