using Inkoop.Domain.Formats;
using Inkoop.Domain.Rounds;

namespace Inkoop.Domain.Tariffs;

/// <summary>A value for the tariff formula, or the reason it is missing.</summary>
public readonly record struct Input(decimal? Value, string? Reason)
{
    public static Input Of(decimal value) => new(value, null);
    public static Input Missing(string reason) => new(null, reason);
}

/// <summary>
/// Section 5: the cost per unit of a product and the tariff, from normalised values or a
/// provider's own values. Unrounded; <see cref="Round"/> rounds the final tariff to cents.
/// </summary>
public static class TariffCalculator
{
    private const decimal DaysPerYear = 365m;

    /// <summary>The unrounded tariff, or null with every missing input named in the reason.</summary>
    public static (decimal? Tariff, string? Reason) Compute(CatalogueProduct product, Func<string, Input> get)
    {
        var (parts, reason) = ComputeParts(product, get);
        return (parts?.Total, reason);
    }

    /// <summary>The tariff in its parts (what indexation by components needs), or null with every missing input named.</summary>
    public static (TariffParts? Parts, string? Reason) ComputeParts(CatalogueProduct product, Func<string, Input> get)
    {
        var missing = new List<string>();
        decimal Need(string key)
        {
            var input = get(key);
            if (input.Value is { } v) return v;
            missing.Add($"{key}: {input.Reason}");
            return 0;
        }

        var contracturen = Need(FormatSchema.ContracturenFte);
        var verlof = Need(FormatSchema.VerlofurenFte);
        var scholing = Need(FormatSchema.ScholingsurenFte);
        var verzuim = Need(FormatSchema.Verzuim);
        var overhead = Need(FormatSchema.Overhead);
        var risico = Need(FormatSchema.Ondernemersrisico);

        var cmix = 0m;
        foreach (var level in FormatSchema.Levels)
        {
            var share = Need(VariableKeys.Of(FormatSchema.ShareColumn(level), product.Code));
            if (share <= 0) continue; // a level the product does not use needs no salary
            var salary = Need(VariableKeys.Of(FormatSchema.Brutojaarsalaris, level));
            var charges = Need(VariableKeys.Of(FormatSchema.Werkgeverslasten, level));
            cmix += share * salary * (1 + charges);
        }

        string P(string variable) => VariableKeys.Of(variable, product.Code);
        var groep = Need(P(FormatSchema.Groepsgrootte));
        decimal productiviteit = 0, materieel = 0, rooster = 0, bezetting = 0, huisvesting = 0;
        switch (product.Unit)
        {
            case Unit.Uur:
                productiviteit = Need(FormatSchema.ProductiviteitAmbulant);
                materieel = Need(FormatSchema.MaterieelUur);
                break;
            case Unit.Dagdeel:
            case Unit.Etmaal:
                rooster = Need(P(FormatSchema.Roosteruren));
                bezetting = Need(P(FormatSchema.Bezetting));
                materieel = Need(P(FormatSchema.MaterieelEenheid));
                if (product.Unit == Unit.Etmaal) huisvesting = Need(P(FormatSchema.HuisvestingPlaatsJaar));
                break;
        }
        if (missing.Count > 0) return (null, "Niet te berekenen: " + string.Join("; ", missing) + ".");

        var available = (contracturen - verlof - scholing) * (1 - verzuim);
        if (available <= 0) return (null, "Niet te berekenen: de beschikbare uren per fte zijn 0 of minder.");

        decimal personnel, housing = 0;
        if (product.Unit == Unit.Uur)
        {
            if (productiviteit <= 0 || groep <= 0) return (null, "Niet te berekenen: productiviteit of groepsgrootte is 0.");
            personnel = cmix / (available * productiviteit) / groep;
        }
        else
        {
            var places = groep * bezetting;
            if (places <= 0) return (null, "Niet te berekenen: groepsgrootte maal bezetting is 0.");
            personnel = rooster * cmix / available / places;
            if (product.Unit == Unit.Etmaal) housing = huisvesting / (DaysPerYear * bezetting);
        }
        return (new TariffParts(personnel, materieel, housing, overhead, risico), null);
    }

    /// <summary>Tariffs are rounded once, at the end, to cents, half away from zero.</summary>
    public static decimal Round(decimal tariff) => Math.Round(tariff, 2, MidpointRounding.AwayFromZero);
}

/// <summary>
/// A tariff before rounding, in the parts of section 5: the personnel part (the terms with Cmix), the material part
/// (Materieel_Uur or Materieel_Eenheid), housing (Huisvesting_Plaats_Jaar / (365 * Bezetting)), and the two mark-ups.
/// </summary>
public sealed record TariffParts(decimal Personnel, decimal Material, decimal Housing, decimal Overhead, decimal Risk)
{
    /// <summary>The cost per unit times both mark-ups, summed in the order of section 5.</summary>
    public decimal Total => (Personnel + Material + Housing) * (1 + Overhead) * (1 + Risk);

    /// <summary>Personnel indexed with one factor, material and housing with another (indexation by components).</summary>
    public decimal IndexedTotal(decimal personnelFactor, decimal materialFactor) =>
        (Personnel * personnelFactor + (Material + Housing) * materialFactor) * (1 + Overhead) * (1 + Risk);
}
