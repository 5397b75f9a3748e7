using System.Globalization;
using Inkoop.Domain.Formats;
using Inkoop.Domain.Normalisation;
using Inkoop.Domain.Rounds;

namespace Inkoop.Domain.Tariffs;

/// <summary>
/// What each norm choice does to each tariff (indexation-and-sensitivity.md section 5): for every published tariff,
/// what it would be if one variable used another statistic in every scope, everything else as configured.
/// Each variable's scopes are prepared once (valid values, outliers removed, sorted) and every alternative is taken
/// of those, so an alternative costs a statistic per scope and a tariff per product, not a recalculation from the formats.
/// </summary>
public static class TariffSensitivity
{
    /// <summary>The variables of section 5, by name without qualifier: every normalised variable but the shares.</summary>
    public static readonly IReadOnlyList<string> Variables =
    [
        .. FormatSchema.RoundWide, .. FormatSchema.Ambulant, FormatSchema.Brutojaarsalaris, FormatSchema.Werkgeverslasten,
        FormatSchema.Groepsgrootte, FormatSchema.Roosteruren, FormatSchema.Bezetting, FormatSchema.MaterieelEenheid,
        FormatSchema.HuisvestingPlaatsJaar,
    ];

    /// <param name="formats">The latest format per provider (as for <see cref="RoundCalculation.Run"/>).</param>
    /// <param name="published">The round's result over the same formats, when already computed.</param>
    public static SensitivityResult Compute(RoundConfiguration round, IReadOnlyList<ProviderFormat> formats,
        TariffResult? published = null, IReadOnlyList<SensitivityAlternative>? alternatives = null)
    {
        alternatives ??= SensitivityAlternative.Defaults;
        var counted = formats.Where(f => !f.IsRejected).ToList();
        published ??= RoundCalculation.Run(round, counted);
        var indexation = IndexationFactors.Of(round);
        var configured = RoundCalculation.NormInputs(published.Norms);

        // Which variables each published tariff uses: the inputs its formula asks for.
        var products = round.Products
            .Select(p => (Product: p, Published: published.Tariffs.First(t => t.Product == p.Code)))
            .Where(x => x.Published.Tariff is not null)
            .Select(x => (x.Product, x.Published, Uses: UsedVariables(x.Product, configured)))
            .ToList();
        var rows = products.ToDictionary(p => p.Product.Code, _ => new List<VariableSensitivity>());

        var scopes = Normaliser.Scopes(round, counted);
        foreach (var variable in Variables)
        {
            var users = products.Where(p => p.Uses.Contains(variable)).ToList();
            if (users.Count == 0) continue;
            var ofVariable = scopes.Where(s => s.Variable == variable)
                .Select(s => (Scope: s, Rule: RuleResolver.Resolve(round.Normalisation, s.Variable, s.Qualifier), Prepared: new Dictionary<bool, Normaliser.Prepared>()))
                .ToList();

            var tariffs = users.ToDictionary(u => u.Product.Code, _ => new Dictionary<string, decimal?>());
            foreach (var alternative in alternatives)
            {
                var norms = new Dictionary<string, Input>(StringComparer.OrdinalIgnoreCase);
                foreach (var (scope, configuredRule, prepared) in ofVariable)
                {
                    var rule = configuredRule with { Statistic = alternative.Statistic, P = alternative.P, Trim = alternative.Trim };
                    var weighs = alternative.Statistic == Statistic.WeightedMean;
                    if (!prepared.TryGetValue(weighs, out var values)) prepared[weighs] = values = Normaliser.Prepare(scope, rule);
                    var norm = Normaliser.Conclude(scope, values, rule);
                    norms[scope.Key] = norm.Value is { } v ? Input.Of(v) : Input.Missing(norm.Reason ?? "geen normwaarde");
                }
                Input Inputs(string key) => norms.TryGetValue(key, out var input) ? input : configured(key);
                foreach (var user in users)
                {
                    var (tariff, _) = RoundCalculation.Compute(user.Product, Inputs, indexation);
                    tariffs[user.Product.Code][alternative.Label] = tariff is { } t ? TariffCalculator.Round(t.Unrounded) : null;
                }
            }

            var rule0 = RuleResolver.Resolve(round.Normalisation, variable, null);
            var configuredLabel = SensitivityAlternative.LabelOf(rule0.Statistic ?? Statistic.Mean, rule0.P, rule0.Trim);
            foreach (var user in users)
            {
                var byLabel = tariffs[user.Product.Code];
                var all = byLabel.Values.OfType<decimal>().Append(user.Published.Tariff!.Value).ToList();
                rows[user.Product.Code].Add(new VariableSensitivity(variable, configuredLabel, byLabel, all.Min(), all.Max(), all.Max() - all.Min()));
            }
        }

        return new SensitivityResult(round.Round, alternatives.Select(a => a.Label).ToList(), products.Select(p =>
            new ProductSensitivity(p.Product.Code, p.Published.Tariff!.Value, rows[p.Product.Code]
                .OrderByDescending(v => v.Range).ThenBy(v => v.Variable, StringComparer.Ordinal).ToList())).ToList());
    }

    /// <summary>
    /// The round as a full recalculation would see one alternative: every rule of the variable (unqualified and each
    /// qualified one) on the alternative's statistic, p and trim, everything else as configured. What
    /// <see cref="Compute"/> gives for that alternative equals <see cref="RoundCalculation.Run"/> on this round.
    /// </summary>
    public static RoundConfiguration RoundWith(RoundConfiguration round, string variable, SensitivityAlternative alternative)
    {
        var variables = new Dictionary<string, NormalisationRule>(round.Normalisation.Variables, StringComparer.OrdinalIgnoreCase);
        var keys = variables.Keys.Where(k => k.StartsWith(variable + "[", StringComparison.OrdinalIgnoreCase)).Append(variable).ToList();
        foreach (var key in keys)
            variables[key] = (variables.GetValueOrDefault(key) ?? new NormalisationRule()) with
            {
                Statistic = alternative.Statistic, P = alternative.P, Trim = alternative.Trim,
            };
        return round with { Normalisation = round.Normalisation with { Variables = variables } };
    }

    /// <summary>The variables (without qualifier) a product's tariff formula reads.</summary>
    private static HashSet<string> UsedVariables(CatalogueProduct product, Func<string, Input> inputs)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        TariffCalculator.ComputeParts(product, key =>
        {
            var bracket = key.IndexOf('[');
            used.Add(bracket < 0 ? key : key[..bracket]);
            return inputs(key);
        });
        return used;
    }
}

/// <summary>Another statistic for a variable, with its label: <c>percentile(0.25)</c>, <c>trimmedMean(0.1)</c>, <c>median</c>.</summary>
public sealed record SensitivityAlternative(Statistic Statistic, decimal? P = null, decimal? Trim = null)
{
    public static readonly IReadOnlyList<SensitivityAlternative> Defaults =
    [
        new(Statistic.Mean), new(Statistic.Median), new(Statistic.WeightedMean), new(Statistic.TrimmedMean, Trim: 0.1m),
        new(Statistic.Percentile, P: 0.25m), new(Statistic.Percentile, P: 0.75m),
    ];

    public string Label => LabelOf(Statistic, P, Trim);

    /// <summary>The statistic's name, with <c>trim</c> or <c>p</c> in parentheses in plain decimal notation (0.6, not 0.60).</summary>
    public static string LabelOf(Statistic statistic, decimal? p, decimal? trim) => statistic switch
    {
        Statistic.Percentile => $"percentile({Plain(p ?? 0.5m)})",
        Statistic.TrimmedMean => $"trimmedMean({Plain(trim ?? 0m)})",
        _ => Normaliser.StatisticName(statistic),
    };

    private static string Plain(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);
}

/// <summary>The sensitivity of a round's published tariffs: <c>inkoop sensitivity --json</c> and the API print this.</summary>
public sealed record SensitivityResult(string Round, IReadOnlyList<string> Alternatives, IReadOnlyList<ProductSensitivity> Products);

/// <summary>A product with a published tariff and its variables, the ones that move it most first.</summary>
public sealed record ProductSensitivity(string Product, decimal Tariff, IReadOnlyList<VariableSensitivity> Variables);

/// <summary>
/// One variable of one product: the configured statistic's label, the tariff under each alternative (null when not
/// computable), and the smallest and largest of those and the published tariff.
/// </summary>
public sealed record VariableSensitivity(string Variable, string Configured, IReadOnlyDictionary<string, decimal?> Tariffs,
    decimal Low, decimal High, decimal Range);
