using Inkoop.Domain.Rounds;

namespace Inkoop.Domain.Formats;

/// <summary>The default bands of format v1 (section 1); a round's <c>bands</c> override them per variable.</summary>
public static class DefaultBands
{
    private static readonly Dictionary<string, Band> ByVariable = new(StringComparer.OrdinalIgnoreCase)
    {
        [FormatSchema.ContracturenFte] = new(1500, 2100),
        [FormatSchema.VerlofurenFte] = new(80, 350),
        [FormatSchema.ScholingsurenFte] = new(0, 160),
        [FormatSchema.Verzuim] = new(0.00m, 0.15m),
        [FormatSchema.ProductiviteitAmbulant] = new(0.45m, 0.90m),
        [FormatSchema.Overhead] = new(0.05m, 0.40m),
        [FormatSchema.Ondernemersrisico] = new(0.00m, 0.05m),
        [FormatSchema.MaterieelUur] = new(0, 30),
        [FormatSchema.Fte] = new(0, 100000),
        [FormatSchema.Brutojaarsalaris] = new(20000, 150000),
        [FormatSchema.Werkgeverslasten] = new(0.15m, 0.45m),
        [FormatSchema.Volume] = new(0, 10000000),
        [FormatSchema.Bezetting] = new(0.50m, 1.00m),
        [FormatSchema.HuisvestingPlaatsJaar] = new(1000, 40000),
        [FormatSchema.MaterieelEenheid] = new(0, 80),
    };

    static DefaultBands()
    {
        foreach (var share in FormatSchema.ShareVariables) ByVariable[share] = new(0, 1);
    }

    /// <summary>The band of a variable, for the unit of its product where the band depends on it.</summary>
    public static Band For(string variable, Unit? unit = null) => variable switch
    {
        FormatSchema.Groepsgrootte => unit switch
        {
            Unit.Dagdeel => new(2, 16),
            Unit.Etmaal => new(1, 16),
            _ => new(1, 12),
        },
        FormatSchema.Roosteruren => unit == Unit.Dagdeel ? new(2, 60) : new(8, 200),
        _ => ByVariable.TryGetValue(variable, out var band)
            ? band
            : throw new ArgumentException($"No default band for {variable}.", nameof(variable)),
    };
}
