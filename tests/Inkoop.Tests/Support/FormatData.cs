using Inkoop.Domain.Formats;

namespace Inkoop.Tests.Support;

/// <summary>What a provider typed into a format, for building test workbooks and raw formats.</summary>
public sealed class FormatData
{
    public Dictionary<string, object?> Single { get; } = new(StringComparer.OrdinalIgnoreCase);
    public List<Dictionary<string, object?>> Personeel { get; } = [];
    public List<Dictionary<string, object?>> Producten { get; } = [];

    public FormatData Set(string name, object? value) { Single[name] = value; return this; }

    public FormatData Level(string level, object? fte, object? salary, object? charges)
    {
        Personeel.Add(new(StringComparer.OrdinalIgnoreCase)
        {
            [FormatSchema.Functieniveau] = level, [FormatSchema.Fte] = fte,
            [FormatSchema.Brutojaarsalaris] = salary, [FormatSchema.Werkgeverslasten] = charges,
        });
        return this;
    }

    public FormatData Product(string code, string unit, object? volume, IReadOnlyDictionary<string, object?> shares, IReadOnlyDictionary<string, object?>? more = null)
    {
        var row = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
        {
            [FormatSchema.Productcode] = code, [FormatSchema.Eenheid] = unit, [FormatSchema.Volume] = volume,
        };
        foreach (var (level, share) in shares) row[FormatSchema.ShareColumn(level)] = share;
        foreach (var (k, v) in more ?? new Dictionary<string, object?>()) row[k] = v;
        Producten.Add(row);
        return this;
    }

    /// <summary>A complete, valid provider for the worked example's round.</summary>
    public static FormatData Valid(string agb = "12345678", string round = "voorbeeld-2025") => new FormatData()
        .Set(FormatSchema.OnderzoekRonde, round)
        .Set(FormatSchema.Peiljaar, 2023m)
        .Set(FormatSchema.AanbiederAgb, agb)
        .Set(FormatSchema.AanbiederNaam, "Zorg B.V.")
        .Set(FormatSchema.AanbiederEmail, "info@zorg.nl")
        .Set(FormatSchema.ContracturenFte, 1872m)
        .Set(FormatSchema.VerlofurenFte, 220m)
        .Set(FormatSchema.ScholingsurenFte, 40m)
        .Set(FormatSchema.Verzuim, 0.06m)
        .Set(FormatSchema.ProductiviteitAmbulant, 0.68m)
        .Set(FormatSchema.Overhead, 0.22m)
        .Set(FormatSchema.Ondernemersrisico, 0.02m)
        .Set(FormatSchema.MaterieelUur, 3.5m)
        .Level("MBO4", 10m, 38000m, 0.30m)
        .Level("HBO", 20m, 46000m, 0.31m)
        .Product("45A11", "uur", 12000m, new Dictionary<string, object?> { ["MBO4"] = 0.3m, ["HBO"] = 0.7m },
            new Dictionary<string, object?> { [FormatSchema.Groepsgrootte] = 1m });

    /// <summary>The same data as cells, without a workbook: for validation tests that need no Excel.</summary>
    public RawFormat ToRaw()
    {
        var names = Single.ToDictionary(kv => kv.Key, kv => new RawCell($"Algemeen!B{Array.IndexOf(Single.Keys.ToArray(), kv.Key) + 2}", kv.Value));
        return new RawFormat(names, Table(FormatSchema.PersoneelTable, FormatSchema.PersoneelColumns.Select(c => c.Header), Personeel),
            Table(FormatSchema.ProductenTable, FormatSchema.ProductenColumns.Select(c => c.Header), Producten));
    }

    private static RawTable Table(string name, IEnumerable<string> headers, List<Dictionary<string, object?>> rows)
    {
        var columns = headers.ToList();
        var raw = rows.Select((row, r) => new RawRow(columns.Select((h, c) => (h, c)).ToDictionary(
            x => x.h, x => new RawCell($"{name}!{(char)('A' + x.c)}{r + 2}", row.GetValueOrDefault(x.h))))).ToList();
        return new RawTable(name, $"{name}!A1", columns, raw);
    }
}
