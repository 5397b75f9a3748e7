using System.Text.Json;
using System.Text.Json.Nodes;
using Inkoop.Cli;
using Inkoop.Domain;
using Inkoop.Domain.Rounds;
using Inkoop.Domain.Tariffs;
using Inkoop.Excel;
using Inkoop.Integration.Tests.Infrastructure;

namespace Inkoop.Integration.Tests;

/// <summary>The demo of ./run.sh --demo (inkoop demo) against the real app: 62 formats uploaded, tariffs printed.</summary>
[Collection(AppCollection.Name)]
public sealed class DemoTests(AppFixture fixture)
{
    [Fact]
    public async Task Demo_loads_the_research_round_and_prints_tariffs_and_a_second_run_uploads_nothing()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await DemoLoader.RunAsync(fixture.App.BaseAddress, fixture.Key, stdout, stderr);
        Assert.True(code == 0, stderr.ToString() + stdout);
        var output = stdout.ToString();
        Assert.Contains("62 formats geüpload", output);
        Assert.Contains("Genormeerde tarieven", output);
        Assert.Contains("45A11", output);
        Assert.Contains("DYS-TRAJECT", output);

        var formats = JsonDocument.Parse(await fixture.Client.GetStringAsync("/api/rounds/demo-2025/formats")).RootElement;
        Assert.Equal(62, formats.GetProperty("count").GetInt32());
        Assert.True(formats.GetProperty("statuses").GetProperty("repairNeeded").GetInt32() > 0); // some have errors
        var current = JsonDocument.Parse(await fixture.Client.GetStringAsync("/api/rounds/demo-2025/snapshots/current")).RootElement;
        Assert.All(current.GetProperty("tariffs").EnumerateArray(), t => Assert.Equal(JsonValueKind.Number, t.GetProperty("tariff").ValueKind));
        // The products differ as in real research: staff mix and group size per product.
        var tariff = current.GetProperty("tariffs").EnumerateArray().ToDictionary(t => t.GetProperty("product").GetString()!, t => t.GetProperty("tariff").GetDecimal());
        Assert.True(tariff["54A01"] > tariff["45A11"] * 1.3m, $"Jeugd-ggz {tariff["54A01"]} against begeleiding basis {tariff["45A11"]}");
        Assert.True(tariff["45A11"] < tariff["45A12"] && tariff["45A12"] < tariff["45A13"], string.Join(", ", tariff));
        Assert.True(tariff["41D12"] < tariff["41D11"], "dagbesteding in larger groups of MBO staff costs less than dagbehandeling");
        var ambulant = new[] { "45A11", "45A12", "45A13", "45D01", "45D02", "54A01" }.Select(p => tariff[p]).ToList();
        Assert.True(ambulant.Max() - ambulant.Min() > 20m, string.Join(", ", ambulant));

        // The stored formats (values excluded by errors, warnings and all) give exactly the engine's result.
        var round = RoundConfigurationParser.Parse(DemoFormats.RoundJson);
        var expected = RoundCalculation.Run(round, DemoFormats.Research2023()
            .Select(f => FormatIntake.Validate(new MemoryStream(TestFormats.Build(round, f.Values)), round))
            .OrderBy(f => f.Agb, StringComparer.Ordinal).ToList());
        Assert.Contains(expected.Norms, n => n.Excluded.Any(e => e.Reason == "errorFinding"));
        Assert.True(JsonNode.DeepEquals(JsonSerializer.SerializeToNode(expected.Tariffs, ResultJson.Options), JsonNode.Parse(current.GetProperty("tariffs").GetRawText())));
        Assert.True(JsonNode.DeepEquals(JsonSerializer.SerializeToNode(expected.Norms, ResultJson.Options), JsonNode.Parse(current.GetProperty("norms").GetRawText())));
        Assert.True(JsonNode.DeepEquals(JsonSerializer.SerializeToNode(expected.Trajectories, ResultJson.Options), JsonNode.Parse(current.GetProperty("trajectories").GetRawText())));

        // The demo tender on the final snapshot: bids analysed against it and ranked per lot.
        Assert.Contains("Rangorde AMB: 1. 71000002", output);
        var amb = JsonDocument.Parse(await fixture.Client.GetStringAsync($"/api/tenders/{DemoBids.TenderId}/lots/AMB/bids")).RootElement;
        Assert.Equal(4, amb.GetProperty("bids").GetArrayLength());
        Assert.All(amb.GetProperty("bids").EnumerateArray(), b => Assert.Equal(current.GetProperty("id").GetString(), b.GetProperty("snapshot").GetString()));
        var flags = amb.GetProperty("bids").EnumerateArray().SelectMany(b => b.GetProperty("analysis").GetProperty("lines").EnumerateArray())
            .SelectMany(l => l.GetProperty("flags").EnumerateArray()).Select(f => f.GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "abnormallyLow", "aboveCeiling", "notInLot" }, flags);

        // A year of lumpsums with realisation: the variance up to Q4 shows every status at once.
        var variance = JsonDocument.Parse(await fixture.Client.GetStringAsync("/api/lumpsums/2025/variance/4")).RootElement;
        var statuses = variance.GetProperty("lumpsums").EnumerateArray().ToDictionary(l => l.GetProperty("agb").GetString()!, l => l.GetProperty("status").GetString());
        Assert.Equal(("within", "over", "under", "missing", "within"),
            (statuses["25000001"], statuses["25000002"], statuses["25000003"], statuses["25000004"], statuses["25000005"]));
        Assert.Contains("Lumpsum en afwijking 2025", output);

        async Task<int> FinalSnapshots() => JsonDocument.Parse(await fixture.Client.GetStringAsync("/api/rounds/demo-2025/snapshots")).RootElement
            .EnumerateArray().Count(s => s.GetProperty("status").GetString() == "final");
        var finals = await FinalSnapshots();
        var again = new StringWriter();
        Assert.Equal(0, await DemoLoader.RunAsync(fixture.App.BaseAddress, fixture.Key, again, stderr));
        // Run again it skips what is there: no new snapshot is finalised.
        Assert.Equal(finals, await FinalSnapshots());
        Assert.Contains($"de tarieven staan al definitief in snapshot {current.GetProperty("id").GetString()}", again.ToString());
        Assert.Contains("alle 62 formats stonden er al", again.ToString());
        Assert.Contains("0 inschrijvingen geüpload", again.ToString());
        Assert.Contains("de realisatie van 2025 stond er al", again.ToString());
        Assert.Equal(62, JsonDocument.Parse(await fixture.Client.GetStringAsync("/api/rounds/demo-2025/formats")).RootElement.GetProperty("count").GetInt32());
    }
}
