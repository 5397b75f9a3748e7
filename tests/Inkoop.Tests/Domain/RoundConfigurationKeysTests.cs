using Inkoop.Domain;
using Inkoop.Domain.Formats;
using Inkoop.Domain.Rounds;

namespace Inkoop.Tests.Domain;

/// <summary>
/// Every variable of format v1 section 1, walked from <see cref="FormatSchema"/>: a number is a band key, a normalised
/// number also a rule key, each with the qualifier its table gives it; who-and-what variables are refused for a reason.
/// A variable added to the schema without a place here fails these tests.
/// </summary>
public class RoundConfigurationKeysTests
{
    private const string Products = """
        [ { "code": "45A11", "unit": "uur" }, { "code": "41D12", "unit": "dagdeel" }, { "code": "44V11", "unit": "etmaal" } ]
        """;

    public static TheoryData<string> EveryVariable => new(FormatSchema.AllVariables);

    private static RoundConfiguration Parse(string bands = "{}", string variables = "{}") => RoundConfigurationParser.Parse(
        $$"""{ "round": "r", "referenceYear": 2023, "products": {{Products}}, "bands": {{bands}}, "normalisation": { "variables": {{variables}} } }""");

    private static IReadOnlyList<string> Refusal(string bands = "{}", string variables = "{}") =>
        Assert.Throws<ConfigurationException>(() => Parse(bands, variables)).Errors;

    /// <summary>The qualifier a variable's table gives it in this round, or null for a single value.</summary>
    private static string? QualifierFor(string variable) => FormatSchema.ScopeOf(variable) switch
    {
        VariableScope.Level => "WO+",
        VariableScope.Product => "41D12",
        _ => null,
    };

    [Theory, MemberData(nameof(EveryVariable))]
    public void Every_variable_has_exactly_one_place(string variable)
    {
        var places = new[] { FormatSchema.Identifying, FormatSchema.Weights, FormatSchema.NormalisableVariables }
            .Count(set => set.Contains(variable));
        Assert.True(places == 1, $"{variable} must be identifying, a weight or normalisable (it is in {places} of them).");
    }

    [Theory, MemberData(nameof(EveryVariable))]
    public void Every_number_takes_a_band_with_and_without_its_qualifier(string variable)
    {
        if (FormatSchema.Identifying.Contains(variable))
        {
            Assert.Contains(Refusal(bands: $$"""{ "{{variable}}": { "min": 0, "max": 1 } }"""), e => e.Contains("legt vast wie of wat"));
            return;
        }
        var qualifier = QualifierFor(variable);
        var unit = qualifier is null ? (Unit?)null : Unit.Dagdeel;
        Assert.NotNull(DefaultBands.For(variable, unit)); // every band variable has a default to fall back on

        var bare = Parse(bands: $$"""{ "{{variable.ToLowerInvariant()}}": { "min": 1, "max": 2 } }""");
        Assert.Equal(new Band(1, 2), bare.BandFor(variable, qualifier, unit));

        if (qualifier is null)
        {
            Assert.Contains(Refusal(bands: $$"""{ "{{variable}}[45A11]": { "min": 1, "max": 2 } }"""), e => e.Contains("geen kwalificatie"));
            return;
        }
        var qualified = Parse(bands: $$"""{ "{{variable}}": { "min": 1, "max": 2 }, " {{variable}} [ {{qualifier.ToLowerInvariant()}} ] ": { "min": 3, "max": 4 } }""");
        Assert.Equal(new Band(3, 4), qualified.BandFor(variable, qualifier, unit));
        Assert.Equal(new Band(1, 2), qualified.BandFor(variable, FormatSchema.ScopeOf(variable) == VariableScope.Level ? "MBO3" : "45A11", unit));
        Assert.Contains(Refusal(bands: $$"""{ "{{variable}}[XXXXX]": { "min": 1, "max": 2 } }"""),
            e => e.Contains("geen functieniveau") || e.Contains("niet in de productenlijst"));
    }

    [Theory, MemberData(nameof(EveryVariable))]
    public void Every_normalised_number_takes_a_rule_with_and_without_its_qualifier(string variable)
    {
        if (!FormatSchema.NormalisableVariables.Contains(variable))
        {
            var reason = FormatSchema.Identifying.Contains(variable) ? "legt vast wie of wat" : "het gewicht van weightedMean";
            Assert.Contains(Refusal(variables: $$"""{ "{{variable}}": { "benchmark": 1 } }"""), e => e.Contains(reason));
            return;
        }
        var qualifier = QualifierFor(variable);
        var bare = Parse(variables: $$"""{ "{{variable.ToUpperInvariant()}}": { "benchmark": 1, "minRespondents": 7 } }""");
        Assert.Equal(1m, RuleResolver.Resolve(bare.Normalisation, variable, qualifier).Benchmark);

        if (qualifier is null)
        {
            Assert.Contains(Refusal(variables: $$"""{ "{{variable}}[WO]": {} }"""), e => e.Contains("geen kwalificatie"));
            return;
        }
        var qualified = Parse(variables: $$"""{ "{{variable}}": { "benchmark": 1, "minRespondents": 7 }, "{{variable}}[{{qualifier}}]": { "benchmark": 2 } }""");
        var rule = RuleResolver.Resolve(qualified.Normalisation, variable, qualifier);
        Assert.Equal(2m, rule.Benchmark);
        Assert.Equal(7, rule.MinRespondents);
    }

    [Theory]
    [InlineData("Aandeel_MBO4[41D12]")]
    [InlineData("Aandeel_MBO3")]
    [InlineData("aandeel_hboplus[44v11]")]
    public void The_share_variables_of_the_issue_are_rule_and_band_keys(string key)
    {
        var round = Parse(bands: $$"""{ "{{key}}": { "min": 0, "max": 0.5 } }""", variables: $$"""{ "{{key}}": { "benchmark": 0.5 } }""");
        Assert.Single(round.Bands);
        Assert.Single(round.Normalisation.Variables);
    }
}
