using Inkoop.Domain;
using Inkoop.Domain.Disclosure;
using Inkoop.Domain.Rounds;

namespace Inkoop.Tests.Disclosure;

public class DisclosureConfigurationTests
{
    private static string Round(string disclosure) => $$"""
        { "round": "r", "referenceYear": 2023, "products": [ { "code": "45A11", "unit": "uur" } ]{{disclosure}} }
        """;

    [Fact]
    public void Without_a_disclosure_block_the_defaults_hold()
    {
        Assert.Equal(new DisclosureRules(5, 0.5m), RoundConfigurationParser.Parse(Round("")).Disclosure);
        Assert.Equal(new DisclosureRules(7, 0.5m), RoundConfigurationParser.Parse(Round(""", "disclosure": { "minProviders": 7 }""")).Disclosure);
        Assert.Equal(new DisclosureRules(10, 0.6m),
            RoundConfigurationParser.Parse(Round(""", "Disclosure": { "maxShare": 0.6, "minProviders": 10 }""")).Disclosure);
    }

    [Fact]
    public void Wrong_values_are_all_reported_in_Dutch()
    {
        var e = Assert.Throws<ConfigurationException>(() =>
            RoundConfigurationParser.Parse(Round(""", "disclosure": { "minProviders": 2, "maxShare": 1.5 }""")));
        Assert.Equal(2, e.Errors.Count);
        Assert.Contains(e.Errors, m => m.Contains("'minProviders' is 2") && m.Contains("minstens 3"));
        Assert.Contains(e.Errors, m => m.Contains("'maxShare' is 1,5") && m.Contains("hoogstens 1"));
        Assert.Contains("'maxShare' is 0", Assert.Single(Assert.Throws<ConfigurationException>(() =>
            RoundConfigurationParser.Parse(Round(""", "disclosure": { "maxShare": 0 }"""))).Errors));
        Assert.Throws<ConfigurationException>(() => RoundConfigurationParser.Parse(Round(""", "disclosure": { "minProviders": "vijf" }""")));
        Assert.Throws<ConfigurationException>(() => RoundConfigurationParser.Parse(Round(""", "disclosure": { "minimum": 5 }""")));
    }

    [Fact]
    public void Disclosure_changes_neither_the_snapshot_nor_the_validation_hash()
    {
        var plain = RoundConfigurationParser.Parse(Round(""));
        var strict = RoundConfigurationParser.Parse(Round(""", "disclosure": { "minProviders": 10, "maxShare": 0.3 }"""));
        Assert.Equal(ConfigurationHash.Of(plain), ConfigurationHash.Of(strict));
        Assert.Equal(ConfigurationHash.ForValidation(plain), ConfigurationHash.ForValidation(strict));
    }
}
