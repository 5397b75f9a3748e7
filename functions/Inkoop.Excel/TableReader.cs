using Inkoop.Domain.Formats;
using OfficeOpenXml;
using OfficeOpenXml.Table;

namespace Inkoop.Excel;

/// <summary>Reads one Excel table: headers from its header row, then its non-empty data rows.</summary>
internal static class TableReader
{
    public static RawTable Read(ExcelTable table, WorkbookLimits limits)
    {
        var sheet = table.WorkSheet;
        var address = table.Address;
        var firstRow = address.Start.Row;
        var firstColumn = address.Start.Column;
        var columnCount = address.End.Column - firstColumn + 1;
        if (columnCount > limits.MaxTableColumns)
            throw UnreadableWorkbookException.TooLarge($"de tabel {table.Name} heeft meer dan {limits.MaxTableColumns} kolommen");

        var headers = ReadHeaders(table, columnCount);
        var dataFirstRow = table.ShowHeader ? firstRow + 1 : firstRow;
        var dataLastRow = table.ShowTotal ? address.End.Row - 1 : address.End.Row;

        var rows = new List<RawRow>();
        foreach (var row in RowsWithCells(sheet, dataFirstRow, dataLastRow, firstColumn, address.End.Column))
        {
            var cells = new Dictionary<string, RawCell>(StringComparer.OrdinalIgnoreCase);
            var empty = true;
            for (var i = 0; i < headers.Count; i++)
            {
                // With two columns of one header the first wins, as a reader would look left to right.
                if (headers[i].Length == 0 || cells.ContainsKey(headers[i]))
                    continue;
                var value = CellValues.Read(sheet.Cells[row, firstColumn + i]);
                empty &= CellValues.IsEmpty(value);
                cells[headers[i]] = new RawCell(WorkbookReader.CellAddress(sheet, row, firstColumn + i), value);
            }
            if (empty)
                continue;
            if (rows.Count == limits.MaxTableRows)
                throw UnreadableWorkbookException.TooLarge($"de tabel {table.Name} heeft meer dan {limits.MaxTableRows} rijen");
            rows.Add(new RawRow(cells));
        }

        return new RawTable(
            table.Name!.Trim(),
            WorkbookReader.CellAddress(sheet, firstRow, firstColumn),
            headers.Where(h => h.Length > 0),
            rows);
    }

    /// <summary>
    /// The header row is what the provider sees, so it wins; the table's own column name fills in
    /// where the header cell is empty or the table has no header row.
    /// </summary>
    private static List<string> ReadHeaders(ExcelTable table, int columnCount)
    {
        var headers = new List<string>(columnCount);
        for (var i = 0; i < columnCount; i++)
        {
            string? header = null;
            if (table.ShowHeader)
                header = CellValues.Read(table.WorkSheet.Cells[table.Address.Start.Row, table.Address.Start.Column + i])?.ToString();
            if (string.IsNullOrWhiteSpace(header) && i < table.Columns.Count)
                header = table.Columns[i].Name;
            headers.Add(header?.Trim() ?? "");
        }
        return headers;
    }

    /// <summary>
    /// Rows that hold at least one stored cell, in order. Enumerating the stored cells instead of the
    /// address space keeps a table that claims a million rows from costing a million lookups.
    /// </summary>
    private static IEnumerable<int> RowsWithCells(ExcelWorksheet sheet, int fromRow, int toRow, int fromColumn, int toColumn)
    {
        if (fromRow > toRow)
            return [];
        var rows = new SortedSet<int>();
        foreach (var cell in sheet.Cells[fromRow, fromColumn, toRow, toColumn])
            rows.Add(cell.Start.Row);
        return rows;
    }
}
