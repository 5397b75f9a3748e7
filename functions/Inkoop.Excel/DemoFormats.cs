using Inkoop.Domain.Formats;

namespace Inkoop.Excel;

/// <summary>
/// Generated formats in the shapes of the 2023 research (38 ambulant, 21 residential and 3 day-care
/// providers), some with the errors real providers make. For the demo and the benchmark; the same
/// seed gives the same formats.
/// </summary>
public static class DemoFormats
{
    public const string RoundId = "demo-2025";

    public const string RoundJson = """
        {
          "round": "demo-2025",
          "name": "Tarievenonderzoek Jeugd (demo)",
          "referenceYear": 2023,
          "repairDeadline": "2099-12-31",
          "products": [
            { "code": "45A11", "name": "Begeleiding basis individueel", "unit": "uur" },
            { "code": "45A12", "name": "Begeleiding specialistisch individueel", "unit": "uur" },
            { "code": "45A13", "name": "Behandeling individueel", "unit": "uur" },
            { "code": "45D01", "name": "Dyslexie diagnostiek", "unit": "uur" },
            { "code": "45D02", "name": "Dyslexie behandeling", "unit": "uur" },
            { "code": "54A01", "name": "Jeugd-ggz behandeling", "unit": "uur" },
            { "code": "41D11", "name": "Dagbehandeling groep", "unit": "dagdeel" },
            { "code": "41D12", "name": "Dagbesteding jeugd", "unit": "dagdeel" },
            { "code": "44V11", "name": "Verblijf woongroep", "unit": "etmaal" },
            { "code": "43V01", "name": "Gezinshuis", "unit": "etmaal" }
          ],
          "trajectories": [
            { "code": "DYS-TRAJECT", "name": "Dyslexiezorg traject",
              "components": [ { "product": "45D01", "hours": 12 }, { "product": "45D02", "hours": 60 } ] }
          ],
          "normalisation": {
            "default": { "statistic": "mean", "outliers": "tukey", "k": 1.5, "minRespondents": 3 },
            "variables": {
              "Brutojaarsalaris": { "statistic": "weightedMean" },
              "Overhead": { "statistic": "median" },
              "Huisvesting_Plaats_Jaar": { "statistic": "percentile", "p": 0.6 },
              "Roosteruren": { "benchmark": 38.0 },
              "Bezetting": { "benchmark": 0.85 },
              "Materieel_Eenheid": { "benchmark": 12.0 },
              "Groepsgrootte": { "benchmark": 8 }
            }
          }
        }
        """;

    public enum Kind { Ambulant, Residential, DayCare }

    /// <summary>
    /// Who delivers a product and in what group, after the 2023 research's market consultation (seeds, 004): basic
    /// support mostly MBO4 with some MBO3; specialist support and treatment HBO under a (post-)academic practitioner;
    /// dyslexia diagnostics and youth mental health (post-)academic; group care MBO3/MBO4 with HBO in groups of 6-10,
    /// day treatment at most 6 children per practitioner, family homes HBO with 3-5 children. Weights per level
    /// MBO3, MBO4, HBO, HBO+, WO, WO+; each provider varies them.
    /// </summary>
    private static readonly IReadOnlyDictionary<string, (double[] Mix, decimal MinGroup, decimal MaxGroup)> Products =
        new Dictionary<string, (double[], decimal, decimal)>
        {
            ["45A11"] = ([1.5, 6, 1.2, 0, 0, 0], 1, 1),          // begeleiding basis: MBO4, some MBO3
            ["45A12"] = ([0, 1.5, 5, 1, 0.5, 0], 1, 1),          // begeleiding specialistisch: HBO, some WO
            ["45A13"] = ([0, 0, 4, 2, 1.5, 0.3], 1, 1),          // behandeling: HBO under a specialist practitioner
            ["45D01"] = ([0, 0, 0.5, 1, 4, 1.5], 1, 1),          // dyslexie diagnostiek: orthopedagoog, GZ-psycholoog
            ["45D02"] = ([0, 0, 3, 3, 1.2, 0.3], 1, 1),          // dyslexie behandeling: HBO/HBO+ under WO
            ["54A01"] = ([0, 0, 0.8, 2, 3, 2.5], 1, 1),          // jeugd-ggz: HBO+, WO and WO+ regiebehandelaar
            ["41D11"] = ([0, 1, 4, 1.2, 0.6, 0], 4, 6),          // dagbehandeling: HBO, 4-6 per group
            ["41D12"] = ([2.5, 4, 1, 0, 0, 0], 8, 10),           // dagbesteding: MBO3/MBO4, 8-10 per group
            ["44V11"] = ([1, 4.5, 2, 0.2, 0.2, 0], 6, 8),        // woongroep: MBO4 with HBO, 6-8 per group
            ["43V01"] = ([0, 1, 4, 0.5, 0, 0], 3, 5),            // gezinshuis: HBO gezinshuisouders, 3-5 children
        };

    public sealed record DemoFormat(string Agb, string Name, Kind Kind, FormatValues Values);

    public static IReadOnlyList<DemoFormat> Research2023(int seed = 2023)
    {
        var random = new Random(seed);
        var formats = new List<DemoFormat>();
        var kinds = Enumerable.Repeat(Kind.Ambulant, 38).Concat(Enumerable.Repeat(Kind.Residential, 21)).Concat(Enumerable.Repeat(Kind.DayCare, 3));
        var i = 0;
        foreach (var kind in kinds)
        {
            i++;
            var products = kind switch
            {
                Kind.Ambulant => Pick(random, ["45A11", "45A12", "45A13", "45D01", "45D02", "54A01"], 2, 4),
                Kind.Residential => Pick(random, ["44V11", "43V01"], 1, 2).Concat(Pick(random, ["45A11", "45A12"], 0, 1)).ToArray(),
                _ => Pick(random, ["41D11", "41D12"], 2, 2),
            };
            // Every eighth provider makes one of the mistakes the research saw most.
            var mistake = i % 8 == 0 ? (i / 8) % 4 : -1;
            formats.Add(Provider(random, i, kind, products, mistake));
        }
        return formats;
    }

    /// <summary>A provider delivering the given products, with values inside the bands unless <paramref name="mistake"/> is 0-3.</summary>
    public static DemoFormat Provider(Random random, int index, Kind kind, IReadOnlyList<string> products, int mistake = -1)
    {
        var agb = (10_000_000 + index * 7919 % 89_999_999).ToString("D8");
        var name = $"{(kind == Kind.Ambulant ? "Ambulant" : kind == Kind.Residential ? "Wonen" : "Dagbehandeling")} Zorg {index:D3}";
        decimal R(decimal min, decimal max, int decimals = 2) =>
            Math.Round(min + (max - min) * (decimal)random.NextDouble(), decimals);

        var names = new Dictionary<string, object?>
        {
            [FormatSchema.OnderzoekRonde] = RoundId,
            [FormatSchema.Peiljaar] = 2023,
            [FormatSchema.AanbiederAgb] = agb,
            [FormatSchema.AanbiederNaam] = name,
            [FormatSchema.AanbiederEmail] = $"tarieven@zorg{index:D3}.nl",
            [FormatSchema.ContracturenFte] = R(1820, 1880, 0),
            [FormatSchema.VerlofurenFte] = R(190, 240, 0),
            [FormatSchema.ScholingsurenFte] = R(25, 55, 0),
            [FormatSchema.Verzuim] = R(0.04m, 0.08m),
            [FormatSchema.ProductiviteitAmbulant] = R(0.60m, 0.75m),
            [FormatSchema.Overhead] = R(0.15m, 0.28m),
            [FormatSchema.Ondernemersrisico] = R(0.01m, 0.03m),
            [FormatSchema.MaterieelUur] = R(2.5m, 5m),
        };
        if (mistake == 0) names[FormatSchema.Verzuim] = R(4, 8, 0); // a percentage typed as a whole number
        if (mistake == 1) names[FormatSchema.Overhead] = null;
        if (mistake == 2) names[FormatSchema.Verzuim] = DutchNumber.Format((decimal)names[FormatSchema.Verzuim]!); // number as text: a warning only

        var levels = FormatSchema.Levels.Select(level => new Dictionary<string, object?>
        {
            [FormatSchema.Functieniveau] = level,
            [FormatSchema.Fte] = R(1, 25, 1),
            [FormatSchema.Brutojaarsalaris] = level switch
            {
                "MBO3" => R(31000, 35000, 0), "MBO4" => R(35000, 40000, 0), "HBO" => R(44000, 49000, 0),
                "HBO+" => R(50000, 56000, 0), "WO" => R(58000, 66000, 0), _ => R(68000, 80000, 0),
            },
            [FormatSchema.Werkgeverslasten] = R(0.27m, 0.34m),
        }).Cast<IReadOnlyDictionary<string, object?>>().ToList();

        var rows = new List<IReadOnlyDictionary<string, object?>>();
        foreach (var code in products)
        {
            var unit = code.StartsWith("41") ? "dagdeel" : code.StartsWith("43") || code.StartsWith("44") ? "etmaal" : "uur";
            var product = Products[code];
            var shares = Shares(random, product.Mix);
            var row = new Dictionary<string, object?>
            {
                [FormatSchema.Productcode] = code,
                [FormatSchema.Eenheid] = unit,
                [FormatSchema.Volume] = R(500, 20000, 0),
                [FormatSchema.Groepsgrootte] = R(product.MinGroup, product.MaxGroup, 0),
            };
            for (var l = 0; l < FormatSchema.Levels.Count; l++) row[FormatSchema.ShareColumn(FormatSchema.Levels[l])] = shares[l];
            if (unit != "uur")
            {
                row[FormatSchema.Roosteruren] = unit == "dagdeel" ? R(8, 16, 1) : R(40, 80, 1);
                row[FormatSchema.Bezetting] = R(0.75m, 0.95m);
                row[FormatSchema.MaterieelEenheid] = R(5, 25);
                if (unit == "etmaal") row[FormatSchema.HuisvestingPlaatsJaar] = R(6000, 15000, 0);
            }
            rows.Add(row);
        }
        if (mistake == 3 && rows.Count > 0)
            ((Dictionary<string, object?>)rows[0])[FormatSchema.ShareColumn("HBO")] = 0.9m; // shares no longer add up to 1

        return new DemoFormat(agb, name, kind, new FormatValues(names, levels, rows));
    }

    /// <summary>The product's staff mix as this provider has it: rounded to whole percents, adding up to exactly 1.</summary>
    private static decimal[] Shares(Random random, double[] mix)
    {
        var weights = mix.Select(w => w * (0.5 + random.NextDouble())).ToArray();
        var total = weights.Sum();
        var shares = weights.Select(w => Math.Round((decimal)(w / total), 2)).ToArray();
        var largest = Array.IndexOf(shares, shares.Max());
        shares[largest] += 1 - shares.Sum();
        return shares;
    }

    private static string[] Pick(Random random, string[] from, int min, int max) =>
        from.OrderBy(_ => random.Next()).Take(random.Next(min, max + 1)).ToArray();
}
