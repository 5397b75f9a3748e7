namespace Inkoop.Domain.Formats;

/// <summary>
/// What a reader found in any of our workbooks (formats, bid files, realisation reports), before any
/// interpretation: the cells behind the workbook-scoped defined names and the tables asked for, by name.
/// </summary>
public sealed class RawWorkbook
{
    public RawWorkbook(IReadOnlyDictionary<string, RawCell> names, IEnumerable<RawTable> tables)
    {
        Names = new Dictionary<string, RawCell>(names, StringComparer.OrdinalIgnoreCase);
        var byName = new Dictionary<string, RawTable>(StringComparer.OrdinalIgnoreCase);
        foreach (var table in tables) byName.TryAdd(table.Name, table);
        Tables = byName;
    }

    /// <summary>Defined names (trimmed, case-insensitive) with the single cell they point to.</summary>
    public IReadOnlyDictionary<string, RawCell> Names { get; }

    /// <summary>The tables that were asked for and found, by name (case-insensitive).</summary>
    public IReadOnlyDictionary<string, RawTable> Tables { get; }

    public RawTable? Table(string name) => Tables.TryGetValue(name.Trim(), out var table) ? table : null;
}
