using Inkoop.Domain.Formats;
using Inkoop.Domain.Rounds;
using Inkoop.Domain.Tariffs;
using Inkoop.Excel;
using Inkoop.Tests.Domain;
using Inkoop.Tests.Support;

namespace Inkoop.Tests.Indexation;

/// <summary>
/// indexation-and-sensitivity.md section 3 to the cent, through the real reader from workbooks built here: the worked
/// example of format v1 indexed from 2023 to 2025 with VNG's figures of section 1, and a small example of our own per method.
/// </summary>
public class IndexationTests
{
    /// <summary>VNG's figures of section 1: 2024 definitive, 2025 provisional.</summary>
    public const string VngYears = """
        "years": [
          { "year": 2024, "ova": 0.0600, "pcc": 0.0310, "status": "definitive" },
          { "year": 2025, "ova": 0.0418, "pcc": 0.0182, "status": "provisional" }
        ]
        """;

    private static string Fixture() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "voorbeeld-2025.json"));

    /// <summary>The worked example's round with an indexation block (inserted before "normalisation").</summary>
    public static RoundConfiguration WorkedExample(string indexation) =>
        RoundConfigurationParser.Parse(Fixture().Replace("\"normalisation\":", $"\"indexation\": {{ {indexation} }},\n  \"normalisation\":"));

    private static List<ProviderFormat> Read(RoundConfiguration round, IEnumerable<FormatData> providers) => providers
        .Select((data, i) => FormatWorkbook.Build(data, new FormatWorkbook.Layout(RowOffset: i, ColumnOffset: i % 2)))
        .Select(bytes => FormatValidator.Validate(FormatReader.Read(new MemoryStream(bytes)), round))
        .ToList();

    // The worked example's norms (worked-example-v1.md), by hand: A = (1872 - 215 - 39) * (1 - 0.06).
    private static readonly decimal A = (1872m - 215 - 39) * 0.94m;
    private static readonly decimal Cmix = 0.2875m * 38125 * 1.30m + 0.6875m * 46250 * 1.305m + 0.025m * 63000 * 1.32m;
    private static readonly decimal Personnel = Cmix / (A * 0.6875m) / 1;
    private const decimal Material = 3.575m;
    private const decimal Markup = 1.22m * 1.02m;

    [Fact]
    public void Weighted_indexes_the_worked_example_to_2025_with_VNGs_figures()
    {
        var round = WorkedExample($"\"tariffYear\": 2025, \"method\": \"weighted\", \"weights\": {{ \"ova\": 0.9, \"pcc\": 0.1 }}, {VngYears}");
        var result = RoundCalculation.Run(round, Read(round, WorkedExampleTests.Providers()));

        // composite 2024 = 0.9 * 0.06 + 0.1 * 0.031 = 0.0571; 2025 = 0.9 * 0.0418 + 0.1 * 0.0182 = 0.03944.
        var factors = result.Indexation!;
        Assert.Equal([0.0571m, 0.03944m], factors.Years.Select(y => y.Composite!.Value));
        Assert.Equal(1.0571m * 1.03944m, factors.Factor);
        Assert.Equal(1.098792024m, factors.Factor);
        Assert.Null(factors.FactorOva);
        Assert.Equal([IndexationStatus.Definitive, IndexationStatus.Provisional], factors.Years.Select(y => y.Status));

        var tariff = Assert.Single(result.Tariffs);
        Assert.Equal(73.26m, tariff.TariffReferenceYear);
        var expected = (Personnel + Material) * Markup * 1.0571m * 1.03944m;
        Assert.Equal(Math.Round(expected, 2, MidpointRounding.AwayFromZero), tariff.Tariff);
        Assert.Equal(80.50m, tariff.Tariff); // 73.2636... * 1.0987920... = 80.5015...
        Assert.Equal(80.5015m, Math.Round(tariff.Unrounded!.Value, 4));

        // A trajectory: 20 hours times the unrounded indexed hourly tariff, then rounded (not 20 * 80.50 = 1610.00).
        var trajectory = Assert.Single(result.Trajectories);
        Assert.Equal(Math.Round(20 * tariff.Unrounded!.Value, 2, MidpointRounding.AwayFromZero), trajectory.Tariff);
        Assert.Equal(1610.03m, trajectory.Tariff);
        Assert.Equal(1465.27m, trajectory.TariffReferenceYear);
    }

    [Fact]
    public void Components_indexes_personnel_with_OVA_and_material_with_PCC()
    {
        var round = WorkedExample($"\"tariffYear\": 2025, \"method\": \"components\", {VngYears}");
        var result = RoundCalculation.Run(round, Read(round, WorkedExampleTests.Providers()));

        var factors = result.Indexation!;
        Assert.Equal(IndexationMethod.Components, factors.Method);
        Assert.Equal(1.06m * 1.0418m, factors.FactorOva);
        Assert.Equal(1.031m * 1.0182m, factors.FactorPcc);
        Assert.Null(factors.Factor);
        Assert.All(factors.Years, y => Assert.Null(y.Composite));

        var tariff = Assert.Single(result.Tariffs);
        var expected = (Personnel * 1.06m * 1.0418m + Material * 1.031m * 1.0182m) * Markup;
        Assert.Equal(Math.Round(expected, 2, MidpointRounding.AwayFromZero), tariff.Tariff);
        Assert.Equal(80.66m, tariff.Tariff);
        Assert.Equal(73.26m, tariff.TariffReferenceYear);
    }

    [Fact]
    public void The_spread_of_providers_own_tariffs_is_indexed_the_same_way()
    {
        var plain = WorkedExampleTests.Round();
        var indexed = WorkedExample($"\"tariffYear\": 2025, \"method\": \"components\", {VngYears}");
        var formats = Read(indexed, WorkedExampleTests.Providers());
        var factors = IndexationFactors.Of(indexed)!;

        var spread = RoundCalculation.Run(indexed, formats).Tariffs[0].Spread;
        var own = formats.Select(f => RoundCalculation.OwnTariff(plain.Products[0], f, factors)).OfType<decimal>().Order().ToList();
        Assert.Equal(own[0], spread.Min);
        Assert.Equal(own[^1], spread.Max);
        // Provider 12345678 by hand, its own parts: A = (1872-220-40)*0.94, Cmix = 0.3*38000*1.3 + 0.7*46000*1.31.
        var a = (1872m - 220 - 40) * 0.94m;
        var cmix = 0.3m * 38000 * 1.3m + 0.7m * 46000 * 1.31m;
        var expected = Math.Round((cmix / (a * 0.68m) * 1.06m * 1.0418m + 3.5m * 1.031m * 1.0182m) * 1.22m * 1.02m, 2, MidpointRounding.AwayFromZero);
        Assert.Equal(expected, RoundCalculation.OwnTariff(plain.Products[0], formats[0], factors));
        Assert.NotEqual(RoundCalculation.OwnTariff(plain.Products[0], formats[0]), expected);
    }

    [Fact]
    public void A_round_without_indexation_or_with_the_tariff_year_equal_to_the_reference_year_is_not_indexed()
    {
        var plain = WorkedExampleTests.Round();
        var same = WorkedExample("\"tariffYear\": 2023");
        var formats = Read(plain, WorkedExampleTests.Providers());

        var before = RoundCalculation.Run(plain, formats);
        var unchanged = RoundCalculation.Run(same, formats);

        Assert.Null(before.Indexation);
        Assert.Equal(73.26m, before.Tariffs[0].Tariff);
        Assert.Equal(73.26m, before.Tariffs[0].TariffReferenceYear);
        Assert.Equal(1m, unchanged.Indexation!.Factor);
        Assert.Empty(unchanged.Indexation.Years);
        Assert.Equal(before.Tariffs[0].Unrounded, unchanged.Tariffs[0].Unrounded);
        Assert.Equal(before.Tariffs[0].Spread, unchanged.Tariffs[0].Spread);
    }

    // Our own small example: one etmaal product (personnel, material and housing), reference year 2023, tariff year 2024.
    private const string OwnRound = """
        { "round": "eigen-2024", "referenceYear": 2023,
          "products": [ { "code": "43A31", "name": "Verblijf etmaal", "unit": "etmaal" } ],
          "indexation": { "tariffYear": 2024, "method": "METHOD", "weights": { "ova": 0.8, "pcc": 0.2 },
                          "years": [ { "year": 2024, "ova": 0.06, "pcc": 0.031, "status": "definitive" },
                                     { "year": 2023, "ova": 0.0636, "pcc": 0.0702 } ] } }
        """;

    private static IEnumerable<FormatData> OwnProviders() => new[] { "11111111", "22222222", "33333333" }.Select(agb => new FormatData()
        .Set(FormatSchema.OnderzoekRonde, "eigen-2024").Set(FormatSchema.Peiljaar, 2023m)
        .Set(FormatSchema.AanbiederAgb, agb).Set(FormatSchema.AanbiederNaam, $"Aanbieder {agb}")
        .Set(FormatSchema.AanbiederEmail, $"tarieven@{agb}.nl")
        .Set(FormatSchema.ContracturenFte, 1800m).Set(FormatSchema.VerlofurenFte, 200m)
        .Set(FormatSchema.ScholingsurenFte, 40m).Set(FormatSchema.Verzuim, 0.05m)
        .Set(FormatSchema.Overhead, 0.20m).Set(FormatSchema.Ondernemersrisico, 0.03m)
        .Level("HBO", 12m, 48000m, 0.30m)
        .Product("43A31", "etmaal", 2000m, new Dictionary<string, object?> { ["HBO"] = 1m }, new Dictionary<string, object?>
        {
            [FormatSchema.Groepsgrootte] = 8m, [FormatSchema.Roosteruren] = 24m, [FormatSchema.Bezetting] = 0.9m,
            [FormatSchema.MaterieelEenheid] = 20m, [FormatSchema.HuisvestingPlaatsJaar] = 7300m,
        }));

    // By hand: A = (1800 - 200 - 40) * 0.95 = 1482; Cmix = 48000 * 1.30 = 62400;
    // personnel = 24 * 62400 / 1482 / (8 * 0.9) = 140.3508...; material 20; housing 7300 / (365 * 0.9) = 22.2222...
    private static readonly decimal OwnPersonnel = 24m * 62400m / 1482m / (8m * 0.9m);
    private static readonly decimal OwnHousing = 7300m / (365m * 0.9m);
    private const decimal OwnMarkup = 1.20m * 1.03m;

    [Fact]
    public void Own_example_weighted_with_weights_of_its_own_and_an_ignored_year()
    {
        var round = RoundConfigurationParser.Parse(OwnRound.Replace("METHOD", "weighted"));
        var result = RoundCalculation.Run(round, Read(round, OwnProviders()));

        var tariff = Assert.Single(result.Tariffs);
        Assert.Null(tariff.Reason);
        Assert.Equal(225.66m, tariff.TariffReferenceYear); // (140.3508 + 20 + 22.2222) * 1.236 = 225.6606
        // composite 2024 = 0.8 * 0.06 + 0.2 * 0.031 = 0.0542; 2023 (the reference year itself) lies outside 2024..2024 and is ignored.
        Assert.Equal(1.0542m, result.Indexation!.Factor);
        Assert.Equal(2024, Assert.Single(result.Indexation.Years).Year);
        Assert.Equal(Math.Round((OwnPersonnel + 20m + OwnHousing) * OwnMarkup * 1.0542m, 2, MidpointRounding.AwayFromZero), tariff.Tariff);
        Assert.Equal(237.89m, tariff.Tariff); // 225.6606 * 1.0542 = 237.8914
    }

    [Fact]
    public void Own_example_components_indexes_housing_and_material_with_PCC()
    {
        var round = RoundConfigurationParser.Parse(OwnRound.Replace("METHOD", "components"));
        var result = RoundCalculation.Run(round, Read(round, OwnProviders()));

        var tariff = Assert.Single(result.Tariffs);
        Assert.Equal(225.66m, tariff.TariffReferenceYear);
        Assert.Equal(Math.Round((OwnPersonnel * 1.06m + (20m + OwnHousing) * 1.031m) * OwnMarkup, 2, MidpointRounding.AwayFromZero), tariff.Tariff);
        Assert.Equal(237.69m, tariff.Tariff); // (148.7719 + 43.5311) * 1.236 = 237.6866
        // Identical providers: their own tariff is the published one.
        Assert.Equal(tariff.Tariff, tariff.Spread.Median);
    }
}
