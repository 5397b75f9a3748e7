using Inkoop.Domain.Formats;

namespace Inkoop.Excel;

/// <summary>Reads one Excel table: headers from its header row, then its non-empty data rows.</summary>
internal static class TableReader
{
    public static RawTable Read(TableDefinition table, SheetInfo sheet, IReadOnlyDictionary<long, XmlCell> stored,
        Func<SheetInfo, CellPosition, RawCell> cell, WorkbookLimits limits)
    {
        var area = table.Area;
        var headers = ReadHeaders(table, sheet, cell);
        var dataFirstRow = table.HasHeaderRow ? area.From.Row + 1 : area.From.Row;
        var dataLastRow = area.To.Row - Math.Clamp(table.TotalsRows, 0, area.To.Row - area.From.Row);

        var rows = new List<RawRow>();
        foreach (var row in RowsWithCells(stored, area, dataFirstRow, dataLastRow))
        {
            var cells = new Dictionary<string, RawCell>(headers.Count, StringComparer.OrdinalIgnoreCase);
            var empty = true;
            for (var i = 0; i < headers.Count; i++)
            {
                // With two columns of one header the first wins, as a reader would look left to right.
                if (headers[i].Length == 0 || cells.ContainsKey(headers[i]))
                    continue;
                var found = cell(sheet, new CellPosition(row, area.From.Column + i));
                empty &= CellValues.IsEmpty(found.Value);
                cells[headers[i]] = found;
            }
            if (empty)
                continue;
            if (rows.Count == limits.MaxTableRows)
                throw UnreadableWorkbookException.TooLarge($"de tabel {table.Name} heeft meer dan {limits.MaxTableRows} rijen");
            rows.Add(new RawRow(cells));
        }

        return new RawTable(table.Name, CellReferences.Address(sheet.Name, area.From), headers.Where(h => h.Length > 0), rows);
    }

    /// <summary>
    /// The header row is what the provider sees, so it wins; the table's own column name fills in
    /// where the header cell is empty or the table has no header row.
    /// </summary>
    private static List<string> ReadHeaders(TableDefinition table, SheetInfo sheet, Func<SheetInfo, CellPosition, RawCell> cell)
    {
        var columnCount = table.Area.To.Column - table.Area.From.Column + 1;
        var headers = new List<string>(columnCount);
        for (var i = 0; i < columnCount; i++)
        {
            string? header = null;
            if (table.HasHeaderRow)
                header = cell(sheet, new CellPosition(table.Area.From.Row, table.Area.From.Column + i)).Value?.ToString();
            if (string.IsNullOrWhiteSpace(header) && i < table.ColumnNames.Count)
                header = table.ColumnNames[i];
            headers.Add(header?.Trim() ?? "");
        }
        return headers;
    }

    /// <summary>
    /// Rows that hold at least one stored cell, in order: only stored cells were kept, so a table that
    /// claims a million rows costs no more than the cells it really has.
    /// </summary>
    private static SortedSet<int> RowsWithCells(IReadOnlyDictionary<long, XmlCell> stored, CellArea area, int fromRow, int toRow)
    {
        var rows = new SortedSet<int>();
        foreach (var key in stored.Keys)
        {
            var position = CellPosition.FromKey(key);
            if (position.Row >= fromRow && position.Row <= toRow && area.Contains(position.Row, position.Column))
                rows.Add(position.Row);
        }
        return rows;
    }
}
