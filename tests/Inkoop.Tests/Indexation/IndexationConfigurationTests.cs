using Inkoop.Domain;
using Inkoop.Domain.Rounds;

namespace Inkoop.Tests.Indexation;

/// <summary>The round configuration's <c>indexation</c> block is checked like the rest: every problem at once, in Dutch.</summary>
public class IndexationConfigurationTests
{
    private static string Round(string indexation) => $$"""
        { "round": "r", "referenceYear": 2023, "products": [ { "code": "45A11", "unit": "uur" } ],
          "indexation": { {{indexation}} } }
        """;

    private static IReadOnlyList<string> Errors(string indexation) =>
        Assert.Throws<ConfigurationException>(() => RoundConfigurationParser.Parse(Round(indexation))).Errors;

    [Fact]
    public void Defaults_are_weighted_with_VNGs_weights_and_provisional_figures()
    {
        var round = RoundConfigurationParser.Parse(Round("\"tariffYear\": 2024, \"years\": [ { \"year\": 2024, \"ova\": 0.06, \"pcc\": 0.031 } ]"));
        var indexation = round.Indexation!;
        Assert.Equal(IndexationMethod.Weighted, indexation.Method);
        Assert.Equal(new IndexationWeights(0.9m, 0.1m), indexation.Weights);
        Assert.Equal(new IndexationYear(2024, 0.06m, 0.031m, IndexationStatus.Provisional), Assert.Single(indexation.Years));
        Assert.Null(RoundConfigurationParser.Parse(Round("").Replace("\"indexation\": {  }", "\"name\": \"x\"")).Indexation);
    }

    [Fact]
    public void A_missing_year_is_named()
    {
        var errors = Errors($"\"tariffYear\": 2025, {IndexationTests.VngYears.Replace("2024", "2022")}");
        Assert.Contains(errors, e => e.Contains("indexcijfers voor 2024 ontbreken"));
    }

    [Theory]
    [InlineData("\"tariffYear\": 2022", "ligt vóór het peiljaar 2023")]
    [InlineData("\"years\": []", "'tariffYear' ontbreekt")]
    [InlineData("\"tariffYear\": 2024, \"method\": \"vng\", \"years\": [ { \"year\": 2024, \"ova\": 0.06, \"pcc\": 0.031 } ]", "onbekende methode 'vng'")]
    [InlineData("\"tariffYear\": 2024, \"weights\": { \"ova\": 0.9, \"pcc\": 0.2 }, \"years\": [ { \"year\": 2024, \"ova\": 0.06, \"pcc\": 0.031 } ]", "moeten samen 1 zijn")]
    [InlineData("\"tariffYear\": 2024, \"weights\": { \"ova\": 1.1, \"pcc\": -0.1 }, \"years\": [ { \"year\": 2024, \"ova\": 0.06, \"pcc\": 0.031 } ]", "niet negatief")]
    [InlineData("\"tariffYear\": 2024, \"weights\": { \"ova\": 1 }, \"years\": [ { \"year\": 2024, \"ova\": 0.06, \"pcc\": 0.031 } ]", "zowel 'ova' als 'pcc'")]
    [InlineData("\"tariffYear\": 2024, \"years\": [ { \"year\": 2024, \"ova\": 6.0, \"pcc\": 0.031 } ]", "'ova' is 6.0; geef een fractie tussen -0,2 en 0,5")]
    [InlineData("\"tariffYear\": 2024, \"years\": [ { \"year\": 2024, \"ova\": 0.06 } ]", "Indexatie 2024: 'pcc' ontbreekt")]
    [InlineData("\"tariffYear\": 2024, \"years\": [ { \"year\": 2024, \"ova\": 0.06, \"pcc\": 0.031, \"status\": \"final\" } ]", "onbekende status 'final'")]
    [InlineData("\"tariffYear\": 2024, \"years\": [ { \"year\": 2024, \"ova\": 0.06, \"pcc\": 0.031 }, { \"year\": 2024, \"ova\": 0.06, \"pcc\": 0.031 } ]", "2024 staat twee keer")]
    [InlineData("\"tariffYear\": 2024, \"years\": [ { \"ova\": 0.06, \"pcc\": 0.031 } ]", "heeft geen 'year'")]
    public void Each_violation_is_a_Dutch_configuration_error(string indexation, string expected)
    {
        Assert.Contains(Errors(indexation), e => e.Contains(expected));
    }

    [Fact]
    public void An_unknown_field_is_refused_like_everywhere_in_the_configuration()
    {
        var e = Assert.Throws<ConfigurationException>(() => RoundConfigurationParser.Parse(Round("\"tariffYear\": 2023, \"index\": 1")));
        Assert.Contains("geen geldige JSON bij $.indexation", Assert.Single(e.Errors));
    }

    [Fact]
    public void Indexation_changes_the_round_hash_but_not_what_validation_reads()
    {
        var provisional = RoundConfigurationParser.Parse(Round("\"tariffYear\": 2024, \"years\": [ { \"year\": 2024, \"ova\": 0.0494, \"pcc\": 0.0251 } ]"));
        var definitive = RoundConfigurationParser.Parse(Round("\"tariffYear\": 2024, \"years\": [ { \"year\": 2024, \"ova\": 0.06, \"pcc\": 0.031, \"status\": \"definitive\" } ]"));
        var none = RoundConfigurationParser.Parse(Round("").Replace("\"indexation\": {  }", "\"name\": \"r\""));

        Assert.NotEqual(ConfigurationHash.Of(provisional), ConfigurationHash.Of(definitive));
        Assert.NotEqual(ConfigurationHash.Of(none), ConfigurationHash.Of(definitive));
        Assert.Equal(ConfigurationHash.ForValidation(none), ConfigurationHash.ForValidation(provisional));
        Assert.Equal(ConfigurationHash.ForValidation(provisional), ConfigurationHash.ForValidation(definitive));
    }

    [Fact]
    public void Years_outside_the_ones_used_do_not_change_the_round_hash()
    {
        var used = RoundConfigurationParser.Parse(Round("\"tariffYear\": 2024, \"years\": [ { \"year\": 2024, \"ova\": 0.06, \"pcc\": 0.031 } ]"));
        var more = RoundConfigurationParser.Parse(Round("\"tariffYear\": 2024, \"years\": [ { \"year\": 2024, \"ova\": 0.06, \"pcc\": 0.031 }, { \"year\": 2026, \"ova\": 0.03, \"pcc\": 0.02 } ]"));
        Assert.Equal(ConfigurationHash.Of(used), ConfigurationHash.Of(more));
    }
}
