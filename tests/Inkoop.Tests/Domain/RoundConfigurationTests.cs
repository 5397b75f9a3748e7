using Inkoop.Domain;
using Inkoop.Domain.Formats;
using Inkoop.Domain.Rounds;

namespace Inkoop.Tests.Domain;

public class RoundConfigurationTests
{
    private const string Spec = """
        {
          "round": "jeugd-2025",
          "name": "Tarievenonderzoek Jeugd 2025",
          "referenceYear": 2023,
          "repairDeadline": "2023-09-15",
          "products": [
            { "code": "45A11", "name": "Begeleiding basis individueel", "unit": "uur" },
            { "code": "41D11", "name": "Dagbehandeling groep", "unit": "dagdeel" },
            { "code": "44V11", "name": "Verblijf woongroep", "unit": "etmaal" },
            { "code": "45D01", "name": "Dyslexie diagnostiek", "unit": "04" },
            { "code": "45D02", "name": "Dyslexie behandeling", "unit": "uur" }
          ],
          "trajectories": [
            { "code": "DYS-TRAJECT", "name": "Dyslexiezorg traject",
              "components": [ { "product": "45D01", "hours": 12 }, { "product": "45D02", "hours": 70 } ] }
          ],
          "bands": { "Verzuim": { "min": 0.0, "max": 0.12 } },
          "normalisation": {
            "default": { "statistic": "mean", "outliers": "tukey", "k": 1.5, "minRespondents": 3 },
            "variables": {
              "Brutojaarsalaris": { "statistic": "weightedMean" },
              "Overhead": { "statistic": "median" },
              "Huisvesting_Plaats_Jaar": { "statistic": "percentile", "p": 0.6 },
              "Roosteruren": { "benchmark": 38.0 },
              "Roosteruren[44V11]": { "benchmark": 60.0, "minRespondents": 5 },
              "brutojaarsalaris[wo]": { "benchmark": 63000 }
            }
          }
        }
        """;

    [Fact]
    public void Reads_the_configuration_of_the_spec()
    {
        var round = RoundConfigurationParser.Parse(Spec);
        Assert.Equal("jeugd-2025", round.Round);
        Assert.Equal(new DateOnly(2023, 9, 15), round.RepairDeadline);
        Assert.Equal(Unit.Uur, round.FindProduct("45d01")!.Unit);
        Assert.Equal(82m, round.Trajectories[0].Components.Sum(c => c.Hours));
        Assert.Equal(new Band(0, 0.12m), round.BandFor("Verzuim"));
        Assert.Equal(new Band(0.05m, 0.40m), round.BandFor("Overhead"));
    }

    [Fact]
    public void Merges_rules_default_then_variable_then_qualifier()
    {
        var rules = RoundConfigurationParser.Parse(Spec).Normalisation;
        var rooster = RuleResolver.Resolve(rules, "Roosteruren", "44V11");
        Assert.Equal(60m, rooster.Benchmark);
        Assert.Equal(5, rooster.MinRespondents);
        Assert.Equal(OutlierMethod.Tukey, rooster.Outliers);
        Assert.Equal(38m, RuleResolver.Resolve(rules, "Roosteruren", "41D11").Benchmark);
        var salaryWo = RuleResolver.Resolve(rules, "Brutojaarsalaris", "WO");
        Assert.Equal(Statistic.WeightedMean, salaryWo.Statistic);
        Assert.Equal(63000m, salaryWo.Benchmark);
        // The aandeel variables default to mean without the outlier step, whatever the default says.
        var share = RuleResolver.Resolve(rules, "Aandeel_HBO", "45A11");
        Assert.Equal(Statistic.Mean, share.Statistic);
        Assert.Equal(OutlierMethod.None, share.Outliers);
        Assert.Equal(3, share.MinRespondents);
    }

    [Theory]
    [InlineData("""{ "statistic": "modus" }""", "onbekende statistiek 'modus'")]
    [InlineData("""{ "statistic": "percentile" }""", "vraagt een percentiel 'p'")]
    [InlineData("""{ "statistic": "percentile", "p": 1.5 }""", "tussen 0 en 1")]
    [InlineData("""{ "statistic": "trimmedMean", "trim": 0.5 }""", "trim moet tussen 0 en 0,5")]
    [InlineData("""{ "outliers": "grubbs" }""", "onbekende uitschietermethode")]
    [InlineData("""{ "k": -1 }""", "k mag niet negatief")]
    [InlineData("""{ "minRespondents": 0 }""", "minstens 1")]
    public void Refuses_a_bad_default_rule(string rule, string message)
    {
        var e = Assert.Throws<ConfigurationException>(() => RoundConfigurationParser.Parse(
            $$"""{ "round": "r", "referenceYear": 2023, "products": [ { "code": "45A11", "unit": "uur" } ], "normalisation": { "default": {{rule}} } }"""));
        Assert.Contains(e.Errors, m => m.Contains(message));
    }

    [Theory]
    [InlineData("""{ "round": "r", "referenceYear": 2023, "products": [ { "code": "45A11" } ] }""", "heeft geen eenheid")]
    [InlineData("""{ "round": "r", "referenceYear": 2023, "products": [ { "code": "45A11", "unit": "week" } ] }""", "onbekende eenheid 'week'")]
    [InlineData("""{ "round": "r", "referenceYear": 2023, "products": [ { "code": "45A1", "unit": "uur" } ] }""", "5 letters of cijfers")]
    [InlineData("""{ "round": "r", "referenceYear": 2023, "products": [ { "code": "45A11", "unit": "uur" }, { "code": "45a11", "unit": "uur" } ] }""", "twee keer")]
    [InlineData("""{ "round": "r", "referenceYear": 2023, "products": [] }""", "productenlijst 'products' is leeg")]
    [InlineData("""{ "round": "R 1", "referenceYear": 2023, "products": [ { "code": "45A11", "unit": "uur" } ] }""", "ronde-id 'R 1' is ongeldig")]
    [InlineData("""{ "round": "r", "products": [ { "code": "45A11", "unit": "uur" } ] }""", "'referenceYear'")]
    [InlineData("""{ "round": "r", "referenceYear": 2023, "repairDeadline": "15-09-2023", "products": [ { "code": "45A11", "unit": "uur" } ] }""", "JJJJ-MM-DD")]
    [InlineData("""{ "round": "r", "referenceYear": 2023, "products": [ { "code": "45A11", "unit": "uur" } ], "bands": { "Verzuim": { "min": 0.2, "max": 0.1 } } }""", "min (0.2) is groter dan max")]
    [InlineData("""{ "round": "r", "referenceYear": 2023, "products": [ { "code": "45A11", "unit": "uur" } ], "bands": { "Salaris": { "min": 0, "max": 1 } } }""", "onbekende variabele 'Salaris'")]
    [InlineData("""{ "round": "r", "referenceYear": 2023, "products": [ { "code": "45A11", "unit": "uur" } ], "bands": { "Verzuim": { "min": 0 } } }""", "geen 'min' en 'max'")]
    [InlineData("""{ "round": "r", "referenceYear": 2023, "products": [ { "code": "41D11", "unit": "dagdeel" } ], "trajectories": [ { "code": "T", "components": [ { "product": "41D11", "hours": 3 } ] } ] }""", "een traject telt uren")]
    [InlineData("""{ "round": "r", "referenceYear": 2023, "products": [ { "code": "45A11", "unit": "uur" } ], "trajectories": [ { "code": "T", "components": [ { "product": "99X99", "hours": 3 } ] } ] }""", "niet in de productenlijst")]
    [InlineData("""{ "round": "r", "referenceYear": 2023, "products": [ { "code": "45A11", "unit": "uur" } ], "normalisation": { "variables": { "Verzuim[WO]": { "statistic": "median" } } } }""", "geen kwalificatie")]
    [InlineData("""{ "round": "r", "referenceYear": 2023, "products": [ { "code": "45A11", "unit": "uur" } ], "normalisation": { "variables": { "Brutojaarsalaris[MBO2]": {} } } }""", "geen functieniveau")]
    [InlineData("""{ "round": "r", "referenceYear": 2023, "products": [ { "code": "45A11", "unit": "uur" } ], "normalisation": { "variables": { "Salaris": {} } } }""", "onbekende variabele 'Salaris'")]
    [InlineData("""{ "round": "r", "referenceYear": 2023, "products": [ { "code": "45A11", "unit": "uur" } ], "extra": 1 }""", "geen geldige JSON")]
    [InlineData("""{ "round": "r", "referenceYear": "twee", "products": [] }""", "geen geldige JSON")]
    [InlineData("""{ "round": "r", """, "geen geldige JSON")]
    [InlineData("null", "leeg")]
    [InlineData("", "leeg")]
    public void Refuses_a_bad_configuration_with_a_clear_dutch_error(string json, string message)
    {
        var e = Assert.Throws<ConfigurationException>(() => RoundConfigurationParser.Parse(json));
        Assert.Contains(e.Errors, m => m.Contains(message));
    }

    [Fact]
    public void Reports_every_problem_at_once()
    {
        var e = Assert.Throws<ConfigurationException>(() => RoundConfigurationParser.Parse(
            """{ "round": "", "referenceYear": 1900, "products": [ { "code": "45A11" } ], "normalisation": { "default": { "statistic": "modus" } } }"""));
        Assert.True(e.Errors.Count >= 4, string.Join("\n", e.Errors));
    }
}
