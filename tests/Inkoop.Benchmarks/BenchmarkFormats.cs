using Inkoop.Domain.Formats;
using Inkoop.Excel;

namespace Inkoop.Benchmarks;

/// <summary>Validated formats for the engine benchmarks, without the cost of building workbooks.</summary>
public static class BenchmarkFormats
{
    /// <summary>The cells a reader would deliver for these values.</summary>
    public static RawFormat ToRaw(FormatValues values)
    {
        var names = values.Names.ToDictionary(kv => kv.Key, kv => new RawCell("Algemeen!B1", kv.Value is int n ? n : kv.Value));
        return new RawFormat(names, Table("Personeel", values.Personeel), Table("Producten", values.Producten));
    }

    private static RawTable Table(string name, IReadOnlyList<IReadOnlyDictionary<string, object?>> rows)
    {
        var headers = rows.SelectMany(r => r.Keys).Distinct().ToList();
        return new RawTable(name, name + "!A1", headers, rows.Select(r => new RawRow(headers.ToDictionary(h => h,
            h => new RawCell(name + "!A2", r.GetValueOrDefault(h) is int n ? (decimal)n : r.GetValueOrDefault(h))))).ToList());
    }
}
