using System.Net;
using System.Text.Json;
using Inkoop.Domain.Formats;
using Inkoop.Excel;
using Inkoop.Integration.Tests.Infrastructure;
using Inkoop.Tests.Shared;

namespace Inkoop.Integration.Tests;

/// <summary>
/// The attack of issue 14 over HTTP with a provider key: a round with <c>minRespondents: 1</c>, six providers, a final
/// snapshot S1; one late provider uploads and S2 is finalised. The attacking provider keeps what it saw of S1 and reads
/// S2, and for every norm solves for the late provider's planted figure as well as anyone could: with the exact numbers
/// of providers and weights (which it is not told), and from each published figure everything that rounds to it. What
/// it concludes must stay wider than ±1% of the planted figure, and no norm from fewer than 5 providers may show.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class DisclosureTests(AppFixture fixture)
{
    private const int Late = 6;
    private static readonly string[] Agbs = Enumerable.Range(0, Late + 1).Select(i => (71000000 + 1111 * i).ToString()).ToArray();

    private static string RoundJson(string round) => $$"""
        {
          "round": "{{round}}", "name": "Onthulling {{round}}", "referenceYear": 2023, "repairDeadline": "2099-12-31",
          "products": [
            { "code": "45A11", "name": "Begeleiding basis individueel", "unit": "uur" },
            { "code": "45A12", "name": "Begeleiding specialistisch individueel", "unit": "uur" }
          ],
          "normalisation": {
            "default": { "statistic": "mean", "outliers": "none", "minRespondents": 1 },
            "variables": { "Overhead": { "statistic": "median" }, "Brutojaarsalaris": { "statistic": "weightedMean" } }
          }
        }
        """;

    /// <summary>One provider's figures, by norm key; the late provider's are the planted ones.</summary>
    private sealed record Planted(Dictionary<string, decimal> Values, Dictionary<string, decimal> Weights, FormatValues Format);

    private static Planted Provider(string round, int i)
    {
        var late = i == Late;
        var values = new Dictionary<string, decimal>
        {
            [FormatSchema.ContracturenFte] = late ? 1933m : 1800m + 10 * i,
            [FormatSchema.VerlofurenFte] = late ? 251m : 200m + 5 * i,
            [FormatSchema.ScholingsurenFte] = late ? 47m : 30m + 2 * i,
            [FormatSchema.Verzuim] = late ? 0.0731m : 0.040m + 0.004m * i,
            [FormatSchema.ProductiviteitAmbulant] = late ? 0.7777m : 0.62m + 0.01m * i,
            // The late provider's overhead lands between the third and fourth: it becomes the median.
            [FormatSchema.Overhead] = late ? 0.2049m : 0.18m + 0.01m * i,
            [FormatSchema.Ondernemersrisico] = late ? 0.0333m : 0.02m + 0.001m * i,
            [FormatSchema.MaterieelUur] = late ? 4.44m : 3.0m + 0.1m * i,
        };
        var names = new Dictionary<string, object?>
        {
            [FormatSchema.OnderzoekRonde] = round, [FormatSchema.Peiljaar] = 2023, [FormatSchema.AanbiederAgb] = Agbs[i],
            [FormatSchema.AanbiederNaam] = $"Aanbieder {Agbs[i]}", [FormatSchema.AanbiederEmail] = $"tarieven@{Agbs[i]}.nl",
        };
        foreach (var (key, value) in values) names[key] = value;

        var weights = new Dictionary<string, decimal>();
        // (level, FTE, salary, employer's charges); MBO3 is dominated by provider 2, WO is provider 1's alone (n = 1).
        var levels = new List<(string Level, decimal Fte, decimal Salary, decimal Charges)>
        {
            ("MBO3", i == 2 ? 40m : 1m, late ? 35555m : 33000m + 200 * i, 0.30m),
            ("MBO4", late ? 6m : 5m + i, late ? 41234m : 37000m + 300 * i, late ? 0.3123m : 0.30m + 0.002m * i),
            ("HBO", late ? 12m : 10m + i, late ? 49876m : 45000m + 400 * i, late ? 0.3345m : 0.31m),
        };
        if (i == 1) levels.Add(("WO", 2m, 62000m, 0.32m));
        var personeel = FormatSchema.Levels.Select(level =>
        {
            var row = new Dictionary<string, object?> { [FormatSchema.Functieniveau] = level };
            if (levels.FirstOrDefault(l => l.Level == level) is { Level: not null } l)
            {
                (row[FormatSchema.Fte], row[FormatSchema.Brutojaarsalaris], row[FormatSchema.Werkgeverslasten]) = (l.Fte, l.Salary, l.Charges);
                values[$"{FormatSchema.Brutojaarsalaris}[{level}]"] = l.Salary;
                weights[$"{FormatSchema.Brutojaarsalaris}[{level}]"] = l.Fte;
                values[$"{FormatSchema.Werkgeverslasten}[{level}]"] = l.Charges;
            }
            return (IReadOnlyDictionary<string, object?>)row;
        }).ToList();

        var products = new List<IReadOnlyDictionary<string, object?>>();
        void Product(string code, decimal volume, decimal mbo3, decimal mbo4, decimal hbo, decimal group)
        {
            products.Add(new Dictionary<string, object?>
            {
                [FormatSchema.Productcode] = code, [FormatSchema.Eenheid] = "uur", [FormatSchema.Volume] = volume,
                [FormatSchema.ShareColumn("MBO3")] = mbo3, [FormatSchema.ShareColumn("MBO4")] = mbo4, [FormatSchema.ShareColumn("HBO")] = hbo,
                [FormatSchema.Groepsgrootte] = group,
            });
            values[$"{FormatSchema.ShareColumn("MBO3")}[{code}]"] = mbo3;
            values[$"{FormatSchema.ShareColumn("MBO4")}[{code}]"] = mbo4;
            values[$"{FormatSchema.ShareColumn("HBO")}[{code}]"] = hbo;
            values[$"{FormatSchema.Groepsgrootte}[{code}]"] = group;
        }
        if (late) Product("45A11", 7300m, 0.05m, 0.4321m, 0.5179m, 3m);
        else Product("45A11", 5000m + 1000 * i, 0.1m, 0.3m + 0.01m * i, 0.6m - 0.01m * i, 1m);
        // Only two providers deliver 45A12: every norm of that product comes from two.
        if (i < 2) Product("45A12", 3000m, 0.1m, 0.45m, 0.45m, 2m);
        return new Planted(values, weights, new FormatValues(names, personeel, products));
    }

    private async Task<JsonElement> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private async Task UploadAsync(string round, Planted provider)
    {
        var response = await fixture.Client.PostAsync($"/api/rounds/{round}/formats",
            TestFormats.Xlsx(TestFormats.Build(RoundJson(round), provider.Format)));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        Assert.Equal("accepted", JsonDocument.Parse(body).RootElement.GetProperty("status").GetString());
    }

    private async Task<string> FinaliseAsync(string round)
    {
        var created = await fixture.Client.PostAsync($"/api/rounds/{round}/recalculations", null);
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await fixture.Client.PostAsync($"/api/rounds/{round}/snapshots/{id}/final", null)).StatusCode);
        return id;
    }

    private static Dictionary<string, JsonElement> ByKey(JsonElement snapshot) => snapshot.GetProperty("norms").EnumerateArray()
        .ToDictionary(n => n.GetProperty("qualifier").GetString() is { } q ? $"{n.GetProperty("variable").GetString()}[{q}]" : n.GetProperty("variable").GetString()!);

    private static decimal? Value(JsonElement norm) => norm.GetProperty("value").ValueKind == JsonValueKind.Null ? null : norm.GetProperty("value").GetDecimal();

    [Fact]
    public async Task Two_final_snapshots_around_one_late_provider_give_no_figure_within_one_percent_and_nothing_from_fewer_than_five()
    {
        var round = AppFixture.NewRoundId("dis");
        Assert.Equal(HttpStatusCode.Created, (await fixture.Client.PutAsync($"/api/rounds/{round}", Http.Json(RoundJson(round)))).StatusCode);
        var providers = Enumerable.Range(0, Late + 1).Select(i => Provider(round, i)).ToList();
        using var attacker = await fixture.ClientAsAsync("provider", Agbs[0]);

        foreach (var provider in providers.Take(Late)) await UploadAsync(round, provider);
        var s1 = await FinaliseAsync(round);
        var seen1 = await GetAsync(attacker, $"/api/rounds/{round}/snapshots/published");
        Assert.Equal(s1, seen1.GetProperty("id").GetString());

        await UploadAsync(round, providers[Late]);
        var s2 = await FinaliseAsync(round);
        var seen2 = await GetAsync(attacker, $"/api/rounds/{round}/snapshots/published");
        Assert.Equal(s2, seen2.GetProperty("id").GetString());

        // One published state: the older final snapshot is no longer the provider's to read, nor listed.
        await Http.AssertProblemAsync(await attacker.GetAsync($"/api/rounds/{round}/snapshots/{s1}"), HttpStatusCode.Forbidden, "snapshot-not-published");
        Assert.Equal(s2, Assert.Single((await GetAsync(attacker, $"/api/rounds/{round}/snapshots")).EnumerateArray()).GetProperty("id").GetString());
        // The same snapshot through its id and through current reads the same for the provider.
        Assert.Equal(seen2.GetRawText(), (await GetAsync(attacker, $"/api/rounds/{round}/snapshots/{s2}")).GetRawText());

        // Analysts keep every snapshot, exact: the truth the attacker would need, and the proof the planted figures are in the norms.
        var exact1 = ByKey(await GetAsync(fixture.Client, $"/api/rounds/{round}/snapshots/{s1}"));
        var exact2 = ByKey(await GetAsync(fixture.Client, $"/api/rounds/{round}/snapshots/{s2}"));
        var (view1, view2) = (ByKey(seen1), ByKey(seen2));

        foreach (var (view, exact) in new[] { (view1, exact1), (view2, exact2) })
            foreach (var (key, norm) in view)
            {
                Assert.False(norm.TryGetProperty("n", out _), $"{key} carries its exact n");
                Assert.False(norm.TryGetProperty("largestShare", out _), key);
                var n = exact[key].GetProperty("n").GetInt32();
                if (Value(norm) is not null && !norm.GetProperty("benchmarkUsed").GetBoolean())
                {
                    Assert.True(n >= 5, $"{key} is shown but comes from {n} providers");
                    Assert.Equal(n >= 20 ? "20+" : n >= 10 ? "10-19" : "5-9", norm.GetProperty("providers").GetString());
                }
                if (n is > 0 and < 5)
                {
                    Assert.Null(Value(norm));
                    Assert.Contains("minder dan 5 aanbieders", norm.GetProperty("reason").GetString());
                }
            }
        // The small ones are there, computed for analysts (minRespondents 1), and hidden from the provider.
        Assert.Equal(62000m, Value(exact2["Brutojaarsalaris[WO]"]));
        Assert.Null(Value(view2["Brutojaarsalaris[WO]"]));
        Assert.Equal(2, exact2["Groepsgrootte[45A12]"].GetProperty("n").GetInt32());
        Assert.Null(Value(view2["Groepsgrootte[45A12]"]));
        // Its tariff is still published: the region decides the tariff; its norms stay hidden.
        Assert.Equal(JsonValueKind.Number, seen2.GetProperty("tariffs").EnumerateArray()
            .Single(t => t.GetProperty("product").GetString() == "45A12").GetProperty("tariff").ValueKind);
        // MBO3 is provider 2's by weight (40 of 45 FTE): computed, but not shown.
        Assert.NotNull(Value(exact2["Brutojaarsalaris[MBO3]"]));
        Assert.Contains("meer dan 50% van het totale gewicht", view2["Brutojaarsalaris[MBO3]"].GetProperty("reason").GetString());

        var late = providers[Late];
        var attacked = new List<string>();
        foreach (var (key, planted) in late.Values)
        {
            if (!view1.TryGetValue(key, out var norm1) || Value(norm1) is not { } p1 || Value(view2[key]) is not { } p2) continue;
            var statistic = exact2[key].GetProperty("statistic").GetString();
            var (v1, v2) = (Value(exact1[key])!.Value, Value(exact2[key])!.Value);
            var (n1, n2) = (exact1[key].GetProperty("n").GetInt32(), exact2[key].GetProperty("n").GetInt32());
            var (low1, high1) = Preimage.Of(p1);
            var (low2, high2) = Preimage.Of(p2);
            (decimal Low, decimal High) concluded;
            switch (statistic)
            {
                case "mean":
                    // Today's exact figures give the late one away: x = n2 * m2 - n1 * m1.
                    Assert.Equal(planted, Math.Round(n2 * v2 - n1 * v1, 6));
                    concluded = (n2 * low2 - n1 * high1, n2 * high2 - n1 * low1);
                    break;
                case "weightedMean":
                    var w1 = providers.Take(Late).Sum(p => p.Weights[key]);
                    var w = late.Weights[key];
                    Assert.Equal(planted, Math.Round(((w1 + w) * v2 - w1 * v1) / w, 6));
                    concluded = (((w1 + w) * low2 - w1 * high1) / w, ((w1 + w) * high2 - w1 * low1) / w);
                    break;
                case "median":
                    Assert.Equal(planted, v2); // the late figure is the median after
                    concluded = (low2, high2);
                    break;
                default:
                    throw new InvalidOperationException($"{key}: no attack written for {statistic}");
            }
            Assert.True(concluded.Low <= planted && planted <= concluded.High, $"{key}: unsound attack, {planted} outside [{concluded.Low}, {concluded.High}]");
            Assert.True(concluded.High - concluded.Low > 0.02m * Math.Abs(planted),
                $"{key}: the late provider's {planted} recovered within [{concluded.Low}, {concluded.High}] from {p1} and {p2}");
            attacked.Add(key);
        }
        // Round-wide means, the median, weighted salaries and the product's shares were all attacked, not skipped.
        Assert.Contains(FormatSchema.Verzuim, attacked);
        Assert.Contains(FormatSchema.Overhead, attacked);
        Assert.Contains("Brutojaarsalaris[HBO]", attacked);
        Assert.Contains("Aandeel_MBO4[45A11]", attacked);
        Assert.True(attacked.Count >= 15, string.Join(", ", attacked));
    }

    [Fact]
    public async Task Published_is_the_latest_final_snapshot_and_analysts_see_it_exact()
    {
        var round = AppFixture.NewRoundId("pub");
        using var provider = await fixture.ClientAsAsync("provider", Agbs[0]);
        await Http.AssertProblemAsync(await provider.GetAsync($"/api/rounds/{round}/snapshots/published"), HttpStatusCode.NotFound, "round-not-found");
        Assert.Equal(HttpStatusCode.Created, (await fixture.Client.PutAsync($"/api/rounds/{round}", Http.Json(RoundJson(round)))).StatusCode);
        foreach (var i in Enumerable.Range(0, Late)) await UploadAsync(round, Provider(round, i));
        await fixture.Client.PostAsync($"/api/rounds/{round}/recalculations", null);
        await Http.AssertProblemAsync(await provider.GetAsync($"/api/rounds/{round}/snapshots/published"), HttpStatusCode.NotFound, "snapshot-not-found");

        var final = await FinaliseAsync(round);
        await UploadAsync(round, Provider(round, Late));
        await fixture.Client.PostAsync($"/api/rounds/{round}/recalculations", null); // a newer concept: still not published
        var analysts = await GetAsync(fixture.Client, $"/api/rounds/{round}/snapshots/published");
        Assert.Equal(final, analysts.GetProperty("id").GetString());
        Assert.Equal(6, ByKey(analysts)["Verzuim"].GetProperty("n").GetInt32());
        Assert.Equal(0.05m, Value(ByKey(analysts)["Verzuim"]));
        var seen = await GetAsync(provider, $"/api/rounds/{round}/snapshots/published");
        Assert.Equal(final, seen.GetProperty("id").GetString());
        Assert.Equal(0.05m, Value(ByKey(seen)["Verzuim"]));
        Assert.Equal("5-9", ByKey(seen)["Verzuim"].GetProperty("providers").GetString());
        Assert.Equal(Agbs[0], Assert.Single(seen.GetProperty("formats").EnumerateArray()).GetProperty("agb").GetString());
        await Http.AssertProblemAsync(await provider.GetAsync($"/api/rounds/{round}/snapshots/current"), HttpStatusCode.Forbidden, "snapshot-not-final");

        // A stricter round hides more at once, without a new snapshot.
        var strict = RoundJson(round).TrimEnd().TrimEnd('}') + """, "disclosure": { "minProviders": 7 } }""";
        Assert.Equal(HttpStatusCode.OK, (await fixture.Client.PutAsync($"/api/rounds/{round}", Http.Json(strict))).StatusCode);
        var stricter = await GetAsync(provider, $"/api/rounds/{round}/snapshots/published");
        Assert.Equal(final, stricter.GetProperty("id").GetString());
        Assert.Null(Value(ByKey(stricter)["Verzuim"]));
        Assert.Contains("minder dan 7 aanbieders", ByKey(stricter)["Verzuim"].GetProperty("reason").GetString());
        await Http.AssertProblemAsync(await fixture.Client.PutAsync($"/api/rounds/{round}",
            Http.Json(RoundJson(round).TrimEnd().TrimEnd('}') + """, "disclosure": { "minProviders": 1 } }""")), HttpStatusCode.BadRequest,
            "invalid-round-configuration");
    }
}
