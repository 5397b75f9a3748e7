namespace Inkoop.Domain.Formats;

/// <summary>The kind of value a variable holds, which decides parsing and how it is shown.</summary>
public enum ValueKind { Text, Integer, Number, Money, Fraction }

/// <summary>The unit of a product (iStandaarden WJ756 codes 04, 16, 14).</summary>
public enum Unit { Uur, Dagdeel, Etmaal }

public static class Units
{
    public static string Name(Unit unit) => unit switch
    {
        Unit.Uur => "uur",
        Unit.Dagdeel => "dagdeel",
        Unit.Etmaal => "etmaal",
        _ => throw new ArgumentOutOfRangeException(nameof(unit)),
    };

    /// <summary>Accepts the Dutch name or the iStandaarden code, case-insensitive, trimmed.</summary>
    public static bool TryParse(string? text, out Unit unit)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "uur" or "04" or "4": unit = Unit.Uur; return true;
            case "dagdeel" or "16": unit = Unit.Dagdeel; return true;
            case "etmaal" or "14": unit = Unit.Etmaal; return true;
            default: unit = default; return false;
        }
    }
}

/// <summary>A single value of the format, found by its defined name.</summary>
public sealed record SingleVariable(string Name, ValueKind Kind, string Meaning);

/// <summary>A column of one of the format's tables.</summary>
public sealed record TableColumn(string Header, ValueKind Kind, string Meaning);

/// <summary>Format v1 (tariff-research-format-v1.md section 1): names, tables, columns, levels.</summary>
public static class FormatSchema
{
    public const string Version = "v1";

    public const string OnderzoekRonde = "Onderzoek_Ronde";
    public const string Peiljaar = "Peiljaar";
    public const string AanbiederAgb = "Aanbieder_AGB";
    public const string AanbiederKvk = "Aanbieder_KvK";
    public const string AanbiederNaam = "Aanbieder_Naam";
    public const string AanbiederEmail = "Aanbieder_Email";
    public const string ContracturenFte = "Contracturen_FTE";
    public const string VerlofurenFte = "Verlofuren_FTE";
    public const string ScholingsurenFte = "Scholingsuren_FTE";
    public const string Verzuim = "Verzuim";
    public const string ProductiviteitAmbulant = "Productiviteit_Ambulant";
    public const string Overhead = "Overhead";
    public const string Ondernemersrisico = "Ondernemersrisico";
    public const string MaterieelUur = "Materieel_Uur";

    public static readonly IReadOnlyList<SingleVariable> SingleValues =
    [
        new(OnderzoekRonde, ValueKind.Text, "Onderzoeksronde, bijvoorbeeld jeugd-2025"),
        new(Peiljaar, ValueKind.Integer, "Jaar waarop de kostengegevens betrekking hebben"),
        new(AanbiederAgb, ValueKind.Text, "AGB-code van de aanbieder (8 cijfers)"),
        new(AanbiederKvk, ValueKind.Text, "KvK-nummer (8 cijfers, niet verplicht)"),
        new(AanbiederNaam, ValueKind.Text, "Naam van de aanbieder"),
        new(AanbiederEmail, ValueKind.Text, "E-mailadres voor vragen over de bevindingen"),
        new(ContracturenFte, ValueKind.Number, "Contracturen per fte per jaar"),
        new(VerlofurenFte, ValueKind.Number, "Verlof- en vakantie-uren per fte per jaar"),
        new(ScholingsurenFte, ValueKind.Number, "Scholingsuren per fte per jaar"),
        new(Verzuim, ValueKind.Fraction, "Ziekteverzuim als deel van de resterende uren"),
        new(ProductiviteitAmbulant, ValueKind.Fraction, "Cliëntgebonden deel van de beschikbare uren (verplicht bij producten per uur)"),
        new(Overhead, ValueKind.Fraction, "Opslag overhead op de directe kosten"),
        new(Ondernemersrisico, ValueKind.Fraction, "Opslag ondernemersrisico"),
        new(MaterieelUur, ValueKind.Money, "Materiële directe kosten per cliëntuur in euro (verplicht bij producten per uur)"),
    ];

    /// <summary>Round-wide variables counted for every provider with a valid value.</summary>
    public static readonly IReadOnlyList<string> RoundWide =
        [ContracturenFte, VerlofurenFte, ScholingsurenFte, Verzuim, Overhead, Ondernemersrisico];

    /// <summary>Round-wide variables counted only for providers with at least one <c>uur</c> product.</summary>
    public static readonly IReadOnlyList<string> Ambulant = [ProductiviteitAmbulant, MaterieelUur];

    public const string PersoneelTable = "Personeel";
    public const string Functieniveau = "Functieniveau";
    public const string Fte = "FTE";
    public const string Brutojaarsalaris = "Brutojaarsalaris";
    public const string Werkgeverslasten = "Werkgeverslasten";

    public static readonly IReadOnlyList<TableColumn> PersoneelColumns =
    [
        new(Functieniveau, ValueKind.Text, "Functieniveau"),
        new(Fte, ValueKind.Number, "Aantal fte op dit niveau"),
        new(Brutojaarsalaris, ValueKind.Money, "Bruto jaarsalaris per fte incl. vakantiegeld en eindejaarsuitkering"),
        new(Werkgeverslasten, ValueKind.Fraction, "Werkgeverslasten als deel van het brutosalaris"),
    ];

    /// <summary>The function levels in order; the share column of each is <see cref="ShareColumn"/>.</summary>
    public static readonly IReadOnlyList<string> Levels = ["MBO3", "MBO4", "HBO", "HBO+", "WO", "WO+"];

    /// <summary>What kind of number a variable of format v1 is (a fraction shows as a percentage), null when unknown.</summary>
    public static ValueKind? KindOf(string variable) =>
        SingleValues.FirstOrDefault(v => v.Name == variable)?.Kind
        ?? PersoneelColumns.Concat(ProductenColumns).FirstOrDefault(c => c.Header == variable)?.Kind;

    public static string ShareColumn(string level) => "Aandeel_" + level.Replace("+", "plus");

    public const string ProductenTable = "Producten";
    public const string Productcode = "Productcode";
    public const string Eenheid = "Eenheid";
    public const string Volume = "Volume";
    public const string Groepsgrootte = "Groepsgrootte";
    public const string Roosteruren = "Roosteruren";
    public const string Bezetting = "Bezetting";
    public const string HuisvestingPlaatsJaar = "Huisvesting_Plaats_Jaar";
    public const string MaterieelEenheid = "Materieel_Eenheid";

    public static readonly IReadOnlyList<TableColumn> ProductenColumns =
    [
        new(Productcode, ValueKind.Text, "Productcode uit de productenlijst van de ronde"),
        new(Eenheid, ValueKind.Text, "Eenheid: uur, dagdeel of etmaal"),
        new(Volume, ValueKind.Number, "Geleverde eenheden in het peiljaar"),
        .. Levels.Select(l => new TableColumn(ShareColumn(l), ValueKind.Fraction, $"Aandeel {l} in de personeelsinzet")),
        new(Groepsgrootte, ValueKind.Number, "Cliënten per professional (uur) of plaatsen per groep"),
        new(Roosteruren, ValueKind.Number, "Roosteruren personeel op de groep per dagdeel of etmaal"),
        new(Bezetting, ValueKind.Fraction, "Bezettingsgraad"),
        new(HuisvestingPlaatsJaar, ValueKind.Money, "Huisvestingskosten per plaats per jaar in euro"),
        new(MaterieelEenheid, ValueKind.Money, "Materiële directe kosten per eenheid in euro (voeding, activiteiten)"),
    ];

    /// <summary>The product variables that normalisation and the tariff use, by the units that need them.</summary>
    public static IReadOnlyList<string> ProductVariables(Unit unit) => unit switch
    {
        Unit.Uur => [Groepsgrootte],
        Unit.Dagdeel => [Groepsgrootte, Roosteruren, Bezetting, MaterieelEenheid],
        Unit.Etmaal => [Groepsgrootte, Roosteruren, Bezetting, HuisvestingPlaatsJaar, MaterieelEenheid],
        _ => throw new ArgumentOutOfRangeException(nameof(unit)),
    };

    public static readonly IReadOnlyList<string> ShareVariables = Levels.Select(ShareColumn).ToArray();

    /// <summary>Every variable normalisation computes a norm for: the variables a normalisation rule may name.</summary>
    public static readonly IReadOnlySet<string> NormalisableVariables = new HashSet<string>(
        [.. RoundWide, .. Ambulant, Brutojaarsalaris, Werkgeverslasten, .. ShareVariables,
         Groepsgrootte, Roosteruren, Bezetting, HuisvestingPlaatsJaar, MaterieelEenheid],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>Numbers that weigh (weightedMean) and are checked against a band, but are not normalised themselves.</summary>
    public static readonly IReadOnlySet<string> Weights = new HashSet<string>([Fte, Volume], StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Who and what a format is about: checked against the round, the catalogue or a shape, never against a band and
    /// never normalised.
    /// </summary>
    public static readonly IReadOnlySet<string> Identifying = new HashSet<string>(
        [OnderzoekRonde, Peiljaar, AanbiederAgb, AanbiederKvk, AanbiederNaam, AanbiederEmail, Functieniveau, Productcode, Eenheid],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>Every variable of section 1: the single values, then the columns of Personeel and Producten.</summary>
    public static IEnumerable<string> AllVariables =>
        SingleValues.Select(v => v.Name).Concat(PersoneelColumns.Select(c => c.Header)).Concat(ProductenColumns.Select(c => c.Header));

    /// <summary>Every variable a round may give a band for: each number of the format except the identifying ones.</summary>
    public static IEnumerable<string> BandVariables => AllVariables.Where(v => !Identifying.Contains(v));

    /// <summary>
    /// What "Variable[qualifier]" qualifies a variable by: a column of Personeel by function level, a column of
    /// Producten by product code; a single value holds for the whole format and takes no qualifier.
    /// </summary>
    public static VariableScope ScopeOf(string variable) =>
        PersoneelColumns.Any(c => string.Equals(c.Header, variable, StringComparison.OrdinalIgnoreCase)) ? VariableScope.Level
        : ProductenColumns.Any(c => string.Equals(c.Header, variable, StringComparison.OrdinalIgnoreCase)) ? VariableScope.Product
        : VariableScope.Format;
}

/// <summary>What one value of a variable belongs to, and so what its qualifier names.</summary>
public enum VariableScope { Format, Level, Product }
