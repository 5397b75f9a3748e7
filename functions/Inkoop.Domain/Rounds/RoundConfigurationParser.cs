using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Inkoop.Domain.Disclosure;
using Inkoop.Domain.Formats;

namespace Inkoop.Domain.Rounds;

/// <summary>
/// Reads and checks a round configuration (tariff-research-format-v1.md section 3). Every problem
/// is reported at once, in Dutch, so an analyst can fix the file in one go.
/// </summary>
public static partial class RoundConfigurationParser
{
    public const int MaxLength = 1024 * 1024;

    private static readonly ConfigurationKind Kind = new("De rondeconfiguratie", "ongeldige rondeconfiguratie", MaxLength);

    /// <summary>A round's name is a title, shown in lists and on the template.</summary>
    public const int MaxNameLength = 200;

    public static readonly NormalisationRule BuiltInDefault =
        new(Statistic.Mean, Outliers: OutlierMethod.Tukey, K: 1.5m, MinRespondents: 3);

    [GeneratedRegex(@"^\s*(?<variable>[A-Za-z][A-Za-z0-9_]*)\s*(\[\s*(?<qualifier>[^\]]+?)\s*\])?\s*$")]
    private static partial Regex VariableKey();

    public static RoundConfiguration Parse(string json)
    {
        var dto = ConfigurationDocument.Read<RoundDto>(json, Kind);

        var errors = new List<string>();
        var round = Check(dto, errors);
        if (errors.Count > 0) throw Kind.Error(errors);
        return round!;
    }

    private static RoundConfiguration? Check(RoundDto dto, List<string> errors)
    {
        var id = dto.Round?.Trim() ?? "";
        if (id.Length == 0) errors.Add("Het veld 'round' (de id van de ronde) ontbreekt.");
        else if (!Ids.IsRoundId(id))
            errors.Add($"De ronde-id '{id}' is ongeldig: gebruik kleine letters, cijfers en streepjes (maximaal 63 tekens), bijvoorbeeld jeugd-2025.");

        if (dto.Name?.Trim().Length > MaxNameLength)
            errors.Add($"De naam van de ronde is {dto.Name.Trim().Length} tekens lang; gebruik er hoogstens {MaxNameLength}.");

        if (dto.ReferenceYear is null) errors.Add("Het veld 'referenceYear' (peiljaar) ontbreekt.");
        else if (dto.ReferenceYear is < 2000 or > 2100) errors.Add($"Het peiljaar {dto.ReferenceYear} ligt niet tussen 2000 en 2100.");

        DateOnly? deadline = null;
        if (!string.IsNullOrWhiteSpace(dto.RepairDeadline))
        {
            if (DateOnly.TryParseExact(dto.RepairDeadline.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                deadline = d;
            else errors.Add($"De hersteltermijn 'repairDeadline' '{dto.RepairDeadline}' is geen datum van de vorm JJJJ-MM-DD.");
        }

        var products = CheckProducts(dto.Products, errors);
        var trajectories = CheckTrajectories(dto.Trajectories, products, errors);
        var bands = CheckBands(dto.Bands, products, errors);
        var normalisation = CheckNormalisation(dto.Normalisation, products, errors);
        var disclosure = CheckDisclosure(dto.Disclosure, errors);
        var indexation = CheckIndexation(dto.Indexation, dto.ReferenceYear is >= 2000 and <= 2100 ? dto.ReferenceYear : null, errors);

        if (errors.Count > 0) return null;
        return new RoundConfiguration(id, string.IsNullOrWhiteSpace(dto.Name) ? id : dto.Name.Trim(), dto.ReferenceYear!.Value,
            deadline, products, trajectories, bands, normalisation, disclosure, indexation);
    }

    /// <summary>The <c>disclosure</c> block (docs/disclosure.md); each field defaults on its own.</summary>
    private static DisclosureRules CheckDisclosure(DisclosureDto? dto, List<string> errors)
    {
        var rules = DisclosureRules.Default;
        if (dto is null) return rules;
        if (dto.MinProviders is { } min)
        {
            if (min < DisclosureRules.LowestMinProviders)
                errors.Add($"Onthulling: 'minProviders' is {min}; een norm moet uit minstens {DisclosureRules.LowestMinProviders} aanbieders komen voordat aanbieders hem zien (standaard {DisclosureRules.DefaultMinProviders}).");
            else rules = rules with { MinProviders = min };
        }
        if (dto.MaxShare is { } share)
        {
            if (share is <= 0 or > 1)
                errors.Add($"Onthulling: 'maxShare' is {DutchNumber.Format(share)}; het grootste aandeel van één aanbieder in het gewicht moet groter dan 0 en hoogstens 1 zijn (standaard {DutchNumber.Format(DisclosureRules.DefaultMaxShare)}).");
            else rules = rules with { MaxShare = share };
        }
        return rules;
    }

    private static List<CatalogueProduct> CheckProducts(List<ProductDto?>? dtos, List<string> errors)
    {
        var products = new List<CatalogueProduct>();
        if (dtos is null || dtos.Count == 0)
        {
            errors.Add("De productenlijst 'products' is leeg: een ronde heeft minstens één product.");
            return products;
        }
        for (var i = 0; i < dtos.Count; i++)
        {
            var p = dtos[i];
            var code = p?.Code?.Trim() ?? "";
            var label = code.Length > 0 ? $"Product '{code}'" : $"Product {i + 1}";
            if (code.Length == 0) { errors.Add($"{label} heeft geen code."); continue; }
            if (!Ids.IsProductCode(code))
                errors.Add($"{label}: een productcode bestaat uit 5 letters of cijfers (iStandaarden), bijvoorbeeld 45A11.");
            if (products.Any(x => string.Equals(x.Code, code, StringComparison.OrdinalIgnoreCase)))
                errors.Add($"{label} staat twee keer in de productenlijst.");
            if (string.IsNullOrWhiteSpace(p!.Unit)) { errors.Add($"{label} heeft geen eenheid (uur, dagdeel of etmaal)."); continue; }
            if (!Units.TryParse(p.Unit, out var unit))
            {
                errors.Add($"{label} heeft een onbekende eenheid '{p.Unit}' (verwacht uur, dagdeel of etmaal).");
                continue;
            }
            products.Add(new CatalogueProduct(code.ToUpperInvariant(), string.IsNullOrWhiteSpace(p.Name) ? code : p.Name.Trim(), unit));
        }
        return products;
    }

    private static List<Trajectory> CheckTrajectories(List<TrajectoryDto?>? dtos, List<CatalogueProduct> products, List<string> errors)
    {
        var trajectories = new List<Trajectory>();
        foreach (var t in dtos ?? [])
        {
            var code = t?.Code?.Trim() ?? "";
            if (code.Length == 0) { errors.Add("Een traject heeft geen code."); continue; }
            if (trajectories.Any(x => string.Equals(x.Code, code, StringComparison.OrdinalIgnoreCase)))
                errors.Add($"Traject '{code}' staat twee keer in de configuratie.");
            var components = new List<TrajectoryComponent>();
            if (t!.Components is null || t.Components.Count == 0)
                errors.Add($"Traject '{code}' heeft geen onderdelen.");
            foreach (var c in t.Components ?? [])
            {
                var product = products.FirstOrDefault(p => string.Equals(p.Code, c?.Product?.Trim(), StringComparison.OrdinalIgnoreCase));
                if (product is null)
                    errors.Add($"Traject '{code}' noemt product '{c?.Product}', dat niet in de productenlijst staat.");
                else if (product.Unit != Unit.Uur)
                    errors.Add($"Traject '{code}' noemt product '{product.Code}' met eenheid {Units.Name(product.Unit)}; een traject telt uren van producten per uur.");
                if (c?.Hours is not > 0)
                    errors.Add($"Traject '{code}': het aantal uren van '{c?.Product}' moet groter dan 0 zijn.");
                if (product is not null && c?.Hours is > 0) components.Add(new TrajectoryComponent(product.Code, c.Hours.Value));
            }
            trajectories.Add(new Trajectory(code, string.IsNullOrWhiteSpace(t.Name) ? code : t.Name.Trim(), components));
        }
        return trajectories;
    }

    private static Dictionary<string, Band> CheckBands(Dictionary<string, BandDto?>? dtos, List<CatalogueProduct> products, List<string> errors)
    {
        var bands = new Dictionary<string, Band>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, b) in dtos ?? [])
        {
            if (ReadKey(name, "Bandbreedte", FormatSchema.BandVariables, products, errors) is not { } key) continue;
            if (b?.Min is null || b.Max is null) { errors.Add($"Bandbreedte van {key.Key} heeft geen 'min' en 'max'."); continue; }
            if (b.Min > b.Max) { errors.Add($"Bandbreedte van {key.Key}: min ({b.Min}) is groter dan max ({b.Max})."); continue; }
            bands[key.Key] = new Band(b.Min.Value, b.Max.Value);
        }
        return bands;
    }

    private static NormalisationRules CheckNormalisation(NormalisationDto? dto, List<CatalogueProduct> products, List<string> errors)
    {
        var defaultRule = BuiltInDefault.Then(ToRule(dto?.Default, "default", errors));
        CheckMerged(defaultRule, "default", errors);

        var variables = new Dictionary<string, NormalisationRule>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, ruleDto) in dto?.Variables ?? [])
        {
            if (ReadKey(name, "Normeringsregel", FormatSchema.NormalisableVariables, products, errors) is not { } key) continue;
            var rule = ToRule(ruleDto, name, errors);
            if (rule is null) continue;
            variables[key.Key] = rule;
            CheckMerged(RuleResolver.Merge(defaultRule, variables, key.Variable, key.Qualifier), name, errors);
        }
        return new NormalisationRules(defaultRule, variables);
    }

    /// <summary>
    /// "Variable" or "Variable[qualifier]" as a band or rule key, in its canonical spelling; null (with the reason in
    /// <paramref name="errors"/>) when the variable is unknown, cannot take a band or rule, or the qualifier is wrong.
    /// </summary>
    private static ConfigurationKey? ReadKey(string key, string what, IEnumerable<string> allowed, List<CatalogueProduct> products,
        List<string> errors)
    {
        var match = VariableKey().Match(key);
        var name = match.Success ? match.Groups["variable"].Value : key.Trim();
        var variable = FormatSchema.AllVariables.FirstOrDefault(v => string.Equals(v, name, StringComparison.OrdinalIgnoreCase));
        if (!match.Success || variable is null)
        {
            errors.Add($"{what} voor onbekende variabele '{key}'.");
            return null;
        }
        if (!allowed.Contains(variable, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add(FormatSchema.Identifying.Contains(variable)
                ? $"{what} '{key}': {variable} legt vast wie of wat het format betreft en wordt gecontroleerd tegen de ronde of de productenlijst, niet tegen een bandbreedte of norm."
                : $"{what} '{key}': {variable} wordt niet genormeerd; het is het gewicht van weightedMean.");
            return null;
        }
        if (!match.Groups["qualifier"].Success) return new ConfigurationKey(variable, null);
        var qualifier = CheckQualifier(variable, match.Groups["qualifier"].Value, products, $"{what} '{key}'", errors);
        return qualifier is null ? null : new ConfigurationKey(variable, qualifier);
    }

    private static string? CheckQualifier(string variable, string qualifier, List<CatalogueProduct> products, string label, List<string> errors)
    {
        switch (FormatSchema.ScopeOf(variable))
        {
            case VariableScope.Level:
                var level = FormatSchema.Levels.FirstOrDefault(l => string.Equals(l, qualifier, StringComparison.OrdinalIgnoreCase));
                if (level is null) errors.Add($"{label}: '{qualifier}' is geen functieniveau ({string.Join(", ", FormatSchema.Levels)}).");
                return level;
            case VariableScope.Product:
                var product = products.FirstOrDefault(p => string.Equals(p.Code, qualifier, StringComparison.OrdinalIgnoreCase));
                if (product is null) errors.Add($"{label}: '{qualifier}' staat niet in de productenlijst.");
                return product?.Code;
            default:
                errors.Add($"{label}: {variable} geldt voor het hele format en heeft geen kwalificatie tussen [ ].");
                return null;
        }
    }

    /// <summary>A band or rule key: the variable as the schema spells it, and its function level or product code.</summary>
    private sealed record ConfigurationKey(string Variable, string? Qualifier)
    {
        public string Key => VariableKeys.Of(Variable, Qualifier);
    }

    private static NormalisationRule? ToRule(RuleDto? dto, string key, List<string> errors)
    {
        if (dto is null) return null;
        Statistic? statistic = null;
        if (dto.Statistic is not null)
        {
            statistic = dto.Statistic.Trim().ToLowerInvariant() switch
            {
                "mean" => Statistic.Mean,
                "weightedmean" => Statistic.WeightedMean,
                "median" => Statistic.Median,
                "percentile" => Statistic.Percentile,
                "trimmedmean" => Statistic.TrimmedMean,
                _ => null,
            };
            if (statistic is null)
            {
                errors.Add($"Normeringsregel '{key}': onbekende statistiek '{dto.Statistic}' (kies mean, weightedMean, median, percentile of trimmedMean).");
                return null;
            }
        }
        OutlierMethod? outliers = null;
        if (dto.Outliers is not null)
        {
            outliers = dto.Outliers.Trim().ToLowerInvariant() switch
            {
                "none" => OutlierMethod.None,
                "tukey" => OutlierMethod.Tukey,
                _ => null,
            };
            if (outliers is null)
            {
                errors.Add($"Normeringsregel '{key}': onbekende uitschietermethode '{dto.Outliers}' (kies none of tukey).");
                return null;
            }
        }
        if (dto.P is < 0 or > 1) errors.Add($"Normeringsregel '{key}': percentiel p moet tussen 0 en 1 liggen.");
        if (dto.Trim is < 0 or >= 0.5m) errors.Add($"Normeringsregel '{key}': trim moet tussen 0 en 0,5 liggen (0,5 zelf niet).");
        if (dto.K is < 0) errors.Add($"Normeringsregel '{key}': k mag niet negatief zijn.");
        if (dto.MinRespondents is < 1) errors.Add($"Normeringsregel '{key}': minRespondents moet minstens 1 zijn.");
        return new NormalisationRule(statistic, dto.P, dto.Trim, outliers, dto.K, dto.MinRespondents, dto.Benchmark);
    }

    private static void CheckMerged(NormalisationRule rule, string key, List<string> errors)
    {
        if (rule.Statistic == Statistic.Percentile && rule.P is null)
            errors.Add($"Normeringsregel '{key}': statistiek percentile vraagt een percentiel 'p' (tussen 0 en 1).");
        if (rule.Statistic == Statistic.TrimmedMean && rule.Trim is null)
            errors.Add($"Normeringsregel '{key}': statistiek trimmedMean vraagt een 'trim' (tussen 0 en 0,5).");
    }

    private sealed class RoundDto
    {
        public string? Round { get; set; }
        public string? Name { get; set; }
        public int? ReferenceYear { get; set; }
        public string? RepairDeadline { get; set; }
        public List<ProductDto?>? Products { get; set; }
        public List<TrajectoryDto?>? Trajectories { get; set; }
        public Dictionary<string, BandDto?>? Bands { get; set; }
        public NormalisationDto? Normalisation { get; set; }
        public IndexationDto? Indexation { get; set; }
        public DisclosureDto? Disclosure { get; set; }
    }

    private sealed class DisclosureDto
    {
        public int? MinProviders { get; set; }
        public decimal? MaxShare { get; set; }
    }

    private sealed class ProductDto
    {
        public string? Code { get; set; }
        public string? Name { get; set; }
        public string? Unit { get; set; }
    }

    private sealed class TrajectoryDto
    {
        public string? Code { get; set; }
        public string? Name { get; set; }
        public List<ComponentDto?>? Components { get; set; }
    }

    private sealed class ComponentDto
    {
        public string? Product { get; set; }
        public decimal? Hours { get; set; }
    }

    private sealed class BandDto
    {
        public decimal? Min { get; set; }
        public decimal? Max { get; set; }
    }

    private sealed class NormalisationDto
    {
        public RuleDto? Default { get; set; }
        public Dictionary<string, RuleDto?>? Variables { get; set; }
    }

    private sealed class RuleDto
    {
        public string? Statistic { get; set; }
        public decimal? P { get; set; }
        public decimal? Trim { get; set; }
        public string? Outliers { get; set; }
        public decimal? K { get; set; }
        public int? MinRespondents { get; set; }
        public decimal? Benchmark { get; set; }
    }
}
