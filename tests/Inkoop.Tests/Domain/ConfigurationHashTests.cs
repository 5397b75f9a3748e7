using Inkoop.Domain.Rounds;

namespace Inkoop.Tests.Domain;

public class ConfigurationHashTests
{
    private const string Round = """
        { "round": "r", "name": "Ronde", "referenceYear": 2023, "repairDeadline": "2023-09-15",
          "products": [ { "code": "45A11", "unit": "uur" } ],
          "bands": { "Verzuim": { "min": 0, "max": 0.12 }, "Groepsgrootte[45A11]": { "min": 1, "max": 4 } },
          "normalisation": { "variables": { "Overhead": { "statistic": "median" } } } }
        """;

    private static RoundConfiguration Parse(string json) => RoundConfigurationParser.Parse(json);

    [Fact]
    public void Spacing_key_order_and_spelling_of_keys_do_not_change_either_hash()
    {
        var retyped = Parse("""
            // the same round, typed again
            { "products": [ { "code": "45A11", "unit": "04" } ], "round": "r", "referenceYear": 2023,
              "bands": { "groepsgrootte [45a11]": { "max": 4, "min": 1 }, "verzuim": { "min": 0, "max": 0.12 } },
              "repairDeadline": "2023-09-15", "name": "Ronde",
              "normalisation": { "variables": { "overhead": { "statistic": "Median" } } } }
            """);
        Assert.Equal(ConfigurationHash.Of(Parse(Round)), ConfigurationHash.Of(retyped));
        Assert.Equal(ConfigurationHash.ForValidation(Parse(Round)), ConfigurationHash.ForValidation(retyped));
    }

    [Theory]
    [InlineData("\"name\": \"Ronde\"", "\"name\": \"Andere naam\"")]
    [InlineData("2023-09-15", "2023-10-01")]
    [InlineData("\"median\"", "\"mean\"")]
    public void Name_deadline_and_rules_change_the_round_but_not_what_validation_reads(string from, string to)
    {
        var changed = Parse(Round.Replace(from, to));
        Assert.NotEqual(ConfigurationHash.Of(Parse(Round)), ConfigurationHash.Of(changed));
        Assert.Equal(ConfigurationHash.ForValidation(Parse(Round)), ConfigurationHash.ForValidation(changed));
    }

    [Theory]
    [InlineData("\"max\": 0.12", "\"max\": 0.10")]
    [InlineData("\"max\": 4", "\"max\": 5")]
    [InlineData("\"referenceYear\": 2023", "\"referenceYear\": 2024")]
    [InlineData("{ \"code\": \"45A11\", \"unit\": \"uur\" }", "{ \"code\": \"45A11\", \"unit\": \"uur\" }, { \"code\": \"41D12\", \"unit\": \"dagdeel\" }")]
    public void Bands_catalogue_and_reference_year_change_both(string from, string to)
    {
        var changed = Parse(Round.Replace(from, to));
        Assert.NotEqual(ConfigurationHash.Of(Parse(Round)), ConfigurationHash.Of(changed));
        Assert.NotEqual(ConfigurationHash.ForValidation(Parse(Round)), ConfigurationHash.ForValidation(changed));
    }
}
