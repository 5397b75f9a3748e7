namespace Inkoop.Domain.Formats;

/// <summary>
/// What a reader found in a workbook, before any interpretation: the cells behind the defined
/// names and the rows of the known tables. Validation turns this into a <see cref="ProviderFormat"/>.
/// </summary>
public sealed class RawFormat
{
    public RawFormat(
        IReadOnlyDictionary<string, RawCell> names,
        RawTable? personeel,
        RawTable? producten)
    {
        Names = new Dictionary<string, RawCell>(names, StringComparer.OrdinalIgnoreCase);
        Personeel = personeel;
        Producten = producten;
    }

    /// <summary>Defined names (trimmed, case-insensitive) with the single cell they point to.</summary>
    public IReadOnlyDictionary<string, RawCell> Names { get; }

    public RawTable? Personeel { get; }
    public RawTable? Producten { get; }
}

/// <summary>
/// One cell: its address as <c>Sheet!A1</c> and its value as found. <see cref="Value"/> is one of
/// null (empty), <see cref="string"/>, <see cref="decimal"/>, <see cref="bool"/>,
/// <see cref="DateTime"/>, <see cref="CellError"/> (e.g. <c>#DIV/0!</c>) or
/// <see cref="UncalculatedFormula"/>.
/// </summary>
public sealed record RawCell(string Cell, object? Value)
{
    public static RawCell Empty(string cell) => new(cell, null);
}

/// <summary>An Excel error value such as <c>#DIV/0!</c> or <c>#N/A</c>.</summary>
public sealed record CellError(string Text)
{
    public override string ToString() => Text;
}

/// <summary>
/// A formula cell without a stored result. Formulas are never evaluated (spec section 1): the
/// provider opens and saves the file in Excel or LibreOffice, which stores the results.
/// </summary>
public sealed record UncalculatedFormula
{
    public static UncalculatedFormula Instance { get; } = new();

    private UncalculatedFormula() { }

    public override string ToString() => "";
}

/// <summary>
/// An Excel table: its header cell (top-left, for findings about missing columns), the header
/// texts present (trimmed) and its data rows. Every row holds a cell for every header, empty or not.
/// </summary>
public sealed class RawTable
{
    public RawTable(string name, string headerCell, IEnumerable<string> columns, IReadOnlyList<RawRow> rows)
    {
        Name = name;
        HeaderCell = headerCell;
        Columns = new HashSet<string>(columns.Select(c => c.Trim()), StringComparer.OrdinalIgnoreCase);
        Rows = rows;
    }

    public string Name { get; }
    public string HeaderCell { get; }
    public IReadOnlySet<string> Columns { get; }
    public IReadOnlyList<RawRow> Rows { get; }
}

/// <summary>One data row of a table, by header text (case-insensitive).</summary>
public sealed class RawRow
{
    public RawRow(IReadOnlyDictionary<string, RawCell> cells) =>
        Cells = new Dictionary<string, RawCell>(cells, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyDictionary<string, RawCell> Cells { get; }

    public RawCell? this[string column] => Cells.TryGetValue(column, out var cell) ? cell : null;
}
