using Inkoop.Domain.Formats;
using Inkoop.Excel;
using OfficeOpenXml;
using OfficeOpenXml.Table;

namespace Inkoop.Tests.Excel;

/// <summary>
/// The reader the upload path used before our own (EPPlus 4.5.3.3), kept here only as the reference
/// that <see cref="ReaderComparisonTests"/> compares with, value by value. It reads trusted fixtures,
/// so it has no guard. One deliberate difference is modelled: formulas are never evaluated, so a
/// formula without a stored result is an <see cref="UncalculatedFormula"/> here too. Another is corrected: EPPlus
/// gives a date only for built-in date formats, ours for own date formats too (issue 20), so that is modelled as well.
/// </summary>
internal static class EpplusReference
{
    public static RawWorkbook Read(byte[] xlsx, IReadOnlyCollection<string> tableNames)
    {
        using var package = new ExcelPackage(new MemoryStream(xlsx));
        var workbook = package.Workbook;
        return new RawWorkbook(ReadNames(workbook),
            tableNames.Select(name => FindTable(workbook, name)).OfType<ExcelTable>().Select(ReadTable).ToList());
    }

    private static Dictionary<string, RawCell> ReadNames(ExcelWorkbook workbook)
    {
        var names = new Dictionary<string, RawCell>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in workbook.Names)
        {
            if (name.IsName || name.Worksheet is null || name.Start.Row < 1 || name.Start.Column < 1)
                continue;
            var key = name.Name.Trim();
            if (key.Length == 0 || names.ContainsKey(key))
                continue;
            names[key] = new RawCell(Address(name.Worksheet, name.Start.Row, name.Start.Column),
                Value(name.Worksheet.Cells[name.Start.Row, name.Start.Column]));
        }
        return names;
    }

    private static ExcelTable? FindTable(ExcelWorkbook workbook, string tableName) =>
        workbook.Worksheets.Where(s => s is not ExcelChartsheet).SelectMany(s => s.Tables)
            .FirstOrDefault(t => string.Equals(t.Name?.Trim(), tableName, StringComparison.OrdinalIgnoreCase));

    private static RawTable ReadTable(ExcelTable table)
    {
        var sheet = table.WorkSheet;
        var start = table.Address.Start;
        var end = table.Address.End;
        var headers = new List<string>();
        for (var i = 0; i < end.Column - start.Column + 1; i++)
        {
            var header = table.ShowHeader ? Value(sheet.Cells[start.Row, start.Column + i])?.ToString() : null;
            if (string.IsNullOrWhiteSpace(header) && i < table.Columns.Count)
                header = table.Columns[i].Name;
            headers.Add(header?.Trim() ?? "");
        }
        var rows = new List<RawRow>();
        var firstRow = table.ShowHeader ? start.Row + 1 : start.Row;
        var lastRow = table.ShowTotal ? end.Row - 1 : end.Row;
        var stored = firstRow > lastRow ? [] : new SortedSet<int>(sheet.Cells[firstRow, start.Column, lastRow, end.Column].Select(c => c.Start.Row));
        foreach (var row in stored)
        {
            var cells = new Dictionary<string, RawCell>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < headers.Count; i++)
            {
                if (headers[i].Length == 0 || cells.ContainsKey(headers[i]))
                    continue;
                cells[headers[i]] = new RawCell(Address(sheet, row, start.Column + i), Value(sheet.Cells[row, start.Column + i]));
            }
            if (cells.Values.Any(c => c.Value is not null))
                rows.Add(new RawRow(cells));
        }
        return new RawTable(table.Name!.Trim(), Address(sheet, start.Row, start.Column), headers.Where(h => h.Length > 0), rows);
    }

    private static object? Value(ExcelRangeBase cell) => cell.Value switch
    {
        null when !string.IsNullOrEmpty(cell.Formula) => UncalculatedFormula.Instance,
        null => null,
        string text => string.IsNullOrWhiteSpace(text) ? null : text,
        bool flag => flag,
        DateTime date => date,
        double number when cell.Style.Numberformat.NumFmtID >= 164 && DateStyles.IsDateFormat(cell.Style.Numberformat.Format) => DateTime.FromOADate(number),
        ExcelErrorValue error => new CellError(error.ToString()),
        double number => double.IsFinite(number) && Math.Abs(number) < 7.9e28 ? (decimal)number : new CellError("#NUM!"),
        var other => Convert.ToDecimal(other),
    };

    private static string Address(ExcelWorksheet sheet, int row, int column) => $"{sheet.Name}!{ExcelCellBase.GetAddress(row, column)}";
}
