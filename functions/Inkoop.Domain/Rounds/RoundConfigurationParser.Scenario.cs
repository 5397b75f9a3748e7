namespace Inkoop.Domain.Rounds;

/// <summary>
/// A what-if scenario on a round: rule overrides in the shape of <c>normalisation.variables</c>, each laid over the
/// round's own rule of that key (fields it does not give stay as configured), and optionally another
/// <c>indexation</c> block. Checked like the round configuration: every problem at once, in Dutch.
/// </summary>
public static partial class RoundConfigurationParser
{
    public const int MaxScenarioLength = 64 * 1024;

    private static readonly ConfigurationKind ScenarioKind = new("Het scenario", "ongeldig scenario", MaxScenarioLength);

    public static RoundConfiguration ParseScenario(string json, RoundConfiguration round)
    {
        var dto = ConfigurationDocument.Read<ScenarioDto>(json, ScenarioKind);
        if (dto.Variables is null && dto.Indexation is null)
            throw ScenarioKind.Error(["Het scenario wijzigt niets: geef normeringsregels in 'variables' of een blok 'indexation'."]);

        var errors = new List<string>();
        var variables = new Dictionary<string, NormalisationRule>(round.Normalisation.Variables, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, ruleDto) in dto.Variables ?? [])
        {
            if (ReadKey(name, "Normeringsregel", Formats.FormatSchema.NormalisableVariables, round.Products.ToList(), errors) is not { } key) continue;
            if (ToRule(ruleDto, name, errors) is not { } over) continue;
            variables[key.Key] = variables.TryGetValue(key.Key, out var configured) ? configured.Then(over) : over;
        }
        foreach (var (key, _) in variables)
        {
            var bracket = key.IndexOf('[');
            var (variable, qualifier) = bracket < 0 ? (key, null) : (key[..bracket], key[(bracket + 1)..^1]);
            CheckMerged(RuleResolver.Merge(round.Normalisation.Default, variables, variable, qualifier), key, errors);
        }
        var indexation = dto.Indexation is null ? round.Indexation : CheckIndexation(dto.Indexation, round.ReferenceYear, errors);
        if (errors.Count > 0) throw ScenarioKind.Error(errors);
        return round with { Normalisation = round.Normalisation with { Variables = variables }, Indexation = indexation };
    }

    private sealed class ScenarioDto
    {
        public Dictionary<string, RuleDto?>? Variables { get; set; }
        public IndexationDto? Indexation { get; set; }
    }
}
