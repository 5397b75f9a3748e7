using Inkoop.Domain;
using Inkoop.Domain.Formats;
using Inkoop.Domain.Rounds;
using Inkoop.Domain.Tariffs;
using Inkoop.Excel;
using Inkoop.Tests.Domain;
using Inkoop.Tests.Indexation;
using Inkoop.Tests.Support;

namespace Inkoop.Tests.Sensitivity;

/// <summary>A what-if scenario: rules laid over the round's own, optionally another indexation, checked in Dutch.</summary>
public class ScenarioTests
{
    private static readonly RoundConfiguration Round = WorkedExampleTests.Round();

    [Fact]
    public void A_rule_is_laid_over_the_configured_one_of_the_same_key()
    {
        var scenario = RoundConfigurationParser.ParseScenario(
            """{ "variables": { "brutojaarsalaris[wo]": { "statistic": "median" }, "Overhead": { "statistic": "percentile", "p": 0.75 } } }""", Round);

        // The configured benchmark of Brutojaarsalaris[WO] stays; only the statistic changes.
        Assert.Equal(new NormalisationRule(Statistic.Median, Benchmark: 63000m), scenario.Normalisation.Variables["Brutojaarsalaris[WO]"]);
        Assert.Equal(new NormalisationRule(Statistic.Percentile, P: 0.75m), scenario.Normalisation.Variables["Overhead"]);
        Assert.Equal(Round.Normalisation.Variables["Werkgeverslasten[WO]"], scenario.Normalisation.Variables["Werkgeverslasten[WO]"]);
        Assert.Null(scenario.Indexation);
        // The round itself is unchanged.
        Assert.False(Round.Normalisation.Variables.ContainsKey("Overhead"));
    }

    [Fact]
    public void Another_indexation_replaces_the_rounds_and_the_comparison_gives_tariff_scenario_tariff_and_difference()
    {
        var formats = WorkedExampleTests.Providers()
            .Select(d => FormatValidator.Validate(FormatReader.Read(new MemoryStream(FormatWorkbook.Build(d))), Round)).ToList();
        var published = RoundCalculation.Run(Round, formats);
        var scenario = RoundConfigurationParser.ParseScenario($$"""{ "indexation": { "tariffYear": 2025, {{IndexationTests.VngYears}} } }""", Round);

        var line = Assert.Single(ScenarioComparison.Compare(published.Tariffs, RoundCalculation.Run(scenario, formats)));
        Assert.Equal(("45A11", 73.26m, 80.50m, 7.24m), (line.Product, line.Tariff, line.ScenarioTariff, line.Difference));
        Assert.Null(line.Reason);
    }

    [Theory]
    [InlineData("""{ "variables": { "Overhead": { "statistic": "percentile" } } }""", "vraagt een percentiel 'p'")]
    [InlineData("""{ "variables": { "Groepsgrootte[99X99]": { "statistic": "median" } } }""", "'99X99' staat niet in de productenlijst")]
    [InlineData("""{ "variables": { "FTE": { "statistic": "median" } } }""", "wordt niet genormeerd")]
    [InlineData("""{ "indexation": { "tariffYear": 2022 } }""", "ligt vóór het peiljaar 2023")]
    [InlineData("""{ "normalisation": {} }""", "geen geldige JSON")]
    [InlineData("""{ }""", "wijzigt niets")]
    [InlineData("""[1, 2]""", "geen geldige JSON")]
    public void A_bad_scenario_is_refused_with_every_error_in_Dutch(string json, string expected)
    {
        var e = Assert.Throws<ConfigurationException>(() => RoundConfigurationParser.ParseScenario(json, Round));
        Assert.Contains(e.Errors, m => m.Contains(expected));
    }
}
