using Inkoop.Domain.Formats;

namespace Inkoop.Domain.Rounds;

/// <summary>"Variable" or "Variable[qualifier]": how variables are named in rules, norms and findings.</summary>
public static class VariableKeys
{
    public static string Of(string variable, string? qualifier) =>
        qualifier is null ? variable : $"{variable}[{qualifier}]";
}

/// <summary>
/// Merges normalisation rules in the order of section 3: default, the aandeel defaults
/// (mean, no outlier step), "Variable", then "Variable[qualifier]".
/// </summary>
public static class RuleResolver
{
    private static readonly NormalisationRule ShareDefault = new(Statistic.Mean, Outliers: OutlierMethod.None);

    public static NormalisationRule Resolve(NormalisationRules rules, string variable, string? qualifier) =>
        Merge(rules.Default, rules.Variables, variable, qualifier);

    internal static NormalisationRule Merge(NormalisationRule defaultRule, IReadOnlyDictionary<string, NormalisationRule> variables,
        string variable, string? qualifier)
    {
        var rule = defaultRule;
        if (FormatSchema.ShareVariables.Contains(variable)) rule = rule.Then(ShareDefault);
        if (variables.TryGetValue(variable, out var v)) rule = rule.Then(v);
        if (qualifier is not null && variables.TryGetValue(VariableKeys.Of(variable, qualifier), out var q)) rule = rule.Then(q);
        return rule;
    }
}
