using System.Collections.Concurrent;
using Inkoop.Domain.Formats;

namespace Inkoop.Domain.Rounds;

/// <summary>"Variable" or "Variable[qualifier]": how variables are named in rules, norms and findings.</summary>
public static class VariableKeys
{
    /// <summary>Most keys a process shares; beyond this (never in a real round) keys are built per use.</summary>
    private const int MaxShared = 20_000;

    // Every value of every format and every tariff input is looked up by key: one shared string per key, not one per
    // use, keeps 100,000 formats' dictionaries small and the tariff of each provider free of allocations.
    private static readonly ConcurrentDictionary<(string Variable, string Qualifier), string> Shared = new();

    public static string Of(string variable, string? qualifier)
    {
        if (qualifier is null) return variable;
        if (Shared.TryGetValue((variable, qualifier), out var key)) return key;
        key = $"{variable}[{qualifier}]";
        if (Shared.Count < MaxShared) Shared.TryAdd((variable, qualifier), key);
        return key;
    }
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
