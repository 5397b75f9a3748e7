namespace Inkoop.Domain.Consultations;

/// <summary>One question and answer of the published list (terugkoppeling, like a nota van inlichtingen).</summary>
public sealed record PublishedAnswer(string PublicQuestion, string Answer, string Outcome, string? Product, string? Variable);

/// <summary>A provider as it must never appear in the published answers: its AGB-code and its name(s).</summary>
public sealed record ProviderIdentity(string Agb, string? Name);

/// <summary>
/// The published answers of a consultation: one anonymous list, the same for every provider. It holds only the
/// analysts' own summaries and answers of the reactions that were answered and not withdrawn, with the product and
/// variable they were about; never a provider's own words, AGB-code, name, or the order in which they reacted.
/// </summary>
public static class AnswerList
{
    /// <summary>The list, ordered by product, variable and question (general questions first); duplicates once.</summary>
    public static IReadOnlyList<PublishedAnswer> Of(IEnumerable<Reaction> reactions) => reactions
        .Where(r => !r.Withdrawn && r.Answer is not null)
        .Select(r => new PublishedAnswer(r.Answer!.PublicQuestion, r.Answer.Answer, r.Answer.Outcome, r.Latest.Product, r.Latest.Variable))
        .Distinct()
        .OrderBy(a => a.Product ?? "", StringComparer.Ordinal)
        .ThenBy(a => a.Variable ?? "", StringComparer.Ordinal)
        .ThenBy(a => a.PublicQuestion, StringComparer.Ordinal)
        .ThenBy(a => a.Answer, StringComparer.Ordinal)
        .ToList();

    /// <summary>Names shorter than this are too common to look for inside a text ("De", "Zorg").</summary>
    public const int MinNameLength = 4;

    /// <summary>
    /// The entries (1-based numbers) whose question or answer holds a provider's AGB-code or name (ignoring case and
    /// runs of spaces). Publishing waits until the analysts rewrote them: the list must identify no one.
    /// </summary>
    public static IReadOnlyList<int> Identifying(IReadOnlyList<PublishedAnswer> answers, IEnumerable<ProviderIdentity> providers)
    {
        var needles = providers
            .SelectMany(p => new[] { p.Agb, p.Name })
            .Select(Normalise)
            .Where(n => n.Length >= MinNameLength)
            .Distinct()
            .ToList();
        return answers
            .Select((a, i) => (Text: Normalise($"{a.PublicQuestion}\n{a.Answer}"), Number: i + 1))
            .Where(x => needles.Any(n => x.Text.Contains(n, StringComparison.Ordinal)))
            .Select(x => x.Number)
            .ToList();
    }

    /// <summary>The answers marked <c>changed</c> about <paramref name="product"/>.</summary>
    public static IReadOnlyList<PublishedAnswer> ChangedAboutProduct(IEnumerable<PublishedAnswer> answers, string product) => answers
        .Where(a => a.Outcome == AnswerOutcome.Changed && string.Equals(a.Product, product, StringComparison.OrdinalIgnoreCase))
        .ToList();

    /// <summary>
    /// The answers marked <c>changed</c> about the norm of <paramref name="variable"/> with <paramref name="qualifier"/>:
    /// about that norm itself (<c>Brutojaarsalaris[WO]</c>) or about the variable as a whole (<c>Brutojaarsalaris</c>).
    /// </summary>
    public static IReadOnlyList<PublishedAnswer> ChangedAboutNorm(IEnumerable<PublishedAnswer> answers, string variable, string? qualifier)
    {
        var key = Rounds.VariableKeys.Of(variable, qualifier);
        return answers
            .Where(a => a.Outcome == AnswerOutcome.Changed && a.Variable is { } v
                        && (string.Equals(v, key, StringComparison.OrdinalIgnoreCase) || string.Equals(v, variable, StringComparison.OrdinalIgnoreCase)))
            .ToList();
    }

    /// <summary>The answers marked <c>changed</c> about neither a product nor a variable.</summary>
    public static IReadOnlyList<PublishedAnswer> ChangedInGeneral(IEnumerable<PublishedAnswer> answers) => answers
        .Where(a => a.Outcome == AnswerOutcome.Changed && a.Product is null && a.Variable is null)
        .ToList();

    private static string Normalise(string? s) =>
        string.Join(' ', (s ?? "").ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
