using Inkoop.Domain.Formats;
using Inkoop.Domain.Rounds;
using Inkoop.Domain.Tariffs;

namespace Inkoop.Tests.Domain;

/// <summary>The formulas of section 5 for dagdeel and etmaal, by hand.</summary>
public class TariffCalculatorTests
{
    private static readonly Dictionary<string, decimal> Values = new()
    {
        ["Contracturen_FTE"] = 1872, ["Verlofuren_FTE"] = 222, ["Scholingsuren_FTE"] = 50, ["Verzuim"] = 0.05m,
        ["Overhead"] = 0.2m, ["Ondernemersrisico"] = 0.02m,
        ["Brutojaarsalaris[MBO4]"] = 38000, ["Werkgeverslasten[MBO4]"] = 0.3m,
        ["Brutojaarsalaris[HBO]"] = 46000, ["Werkgeverslasten[HBO]"] = 0.3m,
        ["Aandeel_MBO3[P]"] = 0, ["Aandeel_MBO4[P]"] = 0.5m, ["Aandeel_HBO[P]"] = 0.5m,
        ["Aandeel_HBOplus[P]"] = 0, ["Aandeel_WO[P]"] = 0, ["Aandeel_WOplus[P]"] = 0,
        ["Groepsgrootte[P]"] = 8, ["Roosteruren[P]"] = 12, ["Bezetting[P]"] = 0.8m,
        ["Materieel_Eenheid[P]"] = 10, ["Huisvesting_Plaats_Jaar[P]"] = 7300,
    };

    private static Input Get(string key) => Values.TryGetValue(key, out var v) ? Input.Of(v) : Input.Missing("ontbreekt");

    // A = (1872 - 222 - 50) * 0.95 = 1520; Cmix = 0.5 * 49400 + 0.5 * 59800 = 54600.
    private const decimal Staff = 12m * 54600m / 1520m / (8m * 0.8m);

    [Fact]
    public void Dagdeel()
    {
        var (tariff, reason) = TariffCalculator.Compute(new CatalogueProduct("P", "dagdeel", Unit.Dagdeel), Get);
        Assert.Null(reason);
        Assert.Equal((Staff + 10m) * 1.2m * 1.02m, tariff);
    }

    [Fact]
    public void Etmaal_adds_housing_per_occupied_day()
    {
        var (tariff, _) = TariffCalculator.Compute(new CatalogueProduct("P", "etmaal", Unit.Etmaal), Get);
        Assert.Equal((Staff + 7300m / (365m * 0.8m) + 10m) * 1.2m * 1.02m, tariff);
        Assert.Equal(125.28m, TariffCalculator.Round(tariff!.Value)); // (67.35 + 25 + 10) * 1.224 = 125.2764
    }

    [Fact]
    public void Names_every_missing_input()
    {
        var (tariff, reason) = TariffCalculator.Compute(new CatalogueProduct("P", "uur", Unit.Uur), Get);
        Assert.Null(tariff);
        Assert.Contains("Productiviteit_Ambulant", reason);
        Assert.Contains("Materieel_Uur", reason);
    }

    [Theory]
    [InlineData(73.265, 73.27)]
    [InlineData(73.2649999, 73.26)]
    [InlineData(-1.005, -1.01)]
    public void Rounds_half_away_from_zero(decimal value, decimal expected) => Assert.Equal(expected, TariffCalculator.Round(value));
}
