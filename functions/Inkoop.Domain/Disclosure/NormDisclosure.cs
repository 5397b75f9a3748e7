using Inkoop.Domain.Formats;
using Inkoop.Domain.Normalisation;

namespace Inkoop.Domain.Disclosure;

/// <summary>
/// A norm as anyone but the region's analysts and admins sees it (docs/disclosure.md): the value rounded to its
/// <see cref="Coarsening"/> step, the number of providers as a band (<c>5-9</c>, <c>10-19</c>, <c>20+</c>) instead of
/// the exact n; or no value and a Dutch <see cref="Reason"/> when too few providers contributed or one dominates.
/// A benchmark that stood in is the configuration's own figure and is shown as it is, without a band.
/// </summary>
public sealed record DisclosedNorm(
    string Variable,
    string? Qualifier,
    decimal? Value,
    string Statistic,
    string? Providers,
    bool BenchmarkUsed,
    bool Suppressed,
    string? Reason,
    bool Rescaled);

/// <summary>Statistical disclosure control of norms: a minimum-frequency rule, a dominance rule and coarsening.</summary>
public static class NormDisclosure
{
    /// <summary>
    /// Every norm on its own, then the shares of staff of a product together: they add up to 1, so when one that was
    /// computed is suppressed the others would give it away as the rest; then none of them is shown (secondary suppression).
    /// </summary>
    public static IReadOnlyList<DisclosedNorm> Disclose(IEnumerable<Norm> norms, DisclosureRules rules)
    {
        var list = norms.ToList();
        var shown = list.Select(norm => Disclose(norm, rules)).ToList();
        var givenAway = list.Zip(shown)
            .Where(p => IsShare(p.First) && p.First.Value is not null && p.Second.Suppressed)
            .Select(p => p.First.Qualifier)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        return list.Zip(shown, (norm, disclosed) => IsShare(norm) && givenAway.Contains(norm.Qualifier) && !disclosed.Suppressed
            ? Hidden(norm, SharesTogether, suppressed: true)
            : disclosed).ToList();
    }

    public static DisclosedNorm Disclose(Norm norm, DisclosureRules rules)
    {
        if (norm.Value is not { } value)
            return Hidden(norm, norm.N < rules.MinProviders ? TooFew(rules) : NotComputable, suppressed: norm.N < rules.MinProviders);
        // A benchmark is the region's own figure (in the round configuration every provider may read) — unless the
        // shares of its product were rescaled, which mixes in the providers' shares.
        if (norm.BenchmarkUsed && !norm.Rescaled)
            return new DisclosedNorm(norm.Variable, norm.Qualifier, value, norm.Statistic, null, true, false, null, false);
        if (!norm.BenchmarkUsed && norm.N < rules.MinProviders) return Hidden(norm, TooFew(rules), suppressed: true);
        if (norm.Statistic == Normaliser.StatisticName(Rounds.Statistic.WeightedMean) && !norm.BenchmarkUsed)
        {
            if (norm.LargestShare is not { } share) return Hidden(norm, ShareUnknown, suppressed: true);
            if (share > rules.MaxShare) return Hidden(norm, Dominated(rules), suppressed: true);
        }
        return new DisclosedNorm(norm.Variable, norm.Qualifier, Coarsening.Round(value), norm.Statistic,
            norm.BenchmarkUsed ? null : Band(norm.N), norm.BenchmarkUsed, false, null, norm.Rescaled);
    }

    /// <summary>The band of <paramref name="n"/> providers: <c>3-4</c> (only when a round allows it), <c>5-9</c>, <c>10-19</c>, <c>20+</c>.</summary>
    public static string Band(int n) => n switch
    {
        >= 20 => "20+",
        >= 10 => "10-19",
        >= 5 => "5-9",
        _ => "3-4",
    };

    private static bool IsShare(Norm norm) => norm.Qualifier is not null && FormatSchema.ShareVariables.Contains(norm.Variable, StringComparer.OrdinalIgnoreCase);

    private const string SharesTogether =
        "Deze norm wordt niet getoond: een ander aandeel personeel van dit product komt van te weinig aanbieders, en de aandelen tellen samen op tot 1.";

    private const string NotComputable = "Deze norm is niet berekend: er waren te weinig bruikbare gegevens.";

    private const string ShareUnknown =
        "Deze norm wordt niet getoond: bij deze berekening is niet vastgelegd hoe groot het gewicht van de grootste aanbieder is.";

    private static string TooFew(DisclosureRules rules) =>
        $"Deze norm wordt niet getoond: minder dan {rules.MinProviders} aanbieders leverden een waarde.";

    private static string Dominated(DisclosureRules rules) =>
        $"Deze norm wordt niet getoond: één aanbieder heeft meer dan {DutchNumber.Format(rules.MaxShare * 100)}% van het totale gewicht.";

    private static DisclosedNorm Hidden(Norm norm, string reason, bool suppressed) =>
        new(norm.Variable, norm.Qualifier, null, norm.Statistic, null, false, suppressed, reason, false);
}
