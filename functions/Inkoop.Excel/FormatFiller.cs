using Inkoop.Domain.Formats;
using OfficeOpenXml;

namespace Inkoop.Excel;

/// <summary>Values to put into a format: by defined name, and table rows by header.</summary>
public sealed record FormatValues(
    IReadOnlyDictionary<string, object?> Names,
    IReadOnlyList<IReadOnlyDictionary<string, object?>> Personeel,
    IReadOnlyList<IReadOnlyDictionary<string, object?>> Producten);

/// <summary>
/// Fills a format workbook the way a provider would: values go into the cells behind the defined
/// names and into the data rows of the tables, found by name and header like the reader does.
/// For example formats, demos and round trips; it does not validate anything.
/// </summary>
public static class FormatFiller
{
    public static void Fill(Stream format, FormatValues values, Stream output)
    {
        ArgumentNullException.ThrowIfNull(values);
        using var package = new ExcelPackage(format);
        var workbook = package.Workbook;

        foreach (var (name, value) in values.Names)
        {
            var named = workbook.Names.FirstOrDefault(n => string.Equals(n.Name.Trim(), name.Trim(), StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException($"The workbook has no defined name '{name}'.", nameof(values));
            named.Worksheet.Cells[named.Start.Row, named.Start.Column].Value = value;
        }

        FillTable(workbook, FormatSchema.PersoneelTable, values.Personeel);
        FillTable(workbook, FormatSchema.ProductenTable, values.Producten);
        package.SaveAs(output);
    }

    /// <summary>Row i of <paramref name="rows"/> goes into data row i of the table.</summary>
    private static void FillTable(ExcelWorkbook workbook, string tableName, IReadOnlyList<IReadOnlyDictionary<string, object?>> rows)
    {
        if (rows.Count == 0)
            return;
        var table = workbook.Worksheets.SelectMany(s => s.Tables)
            .FirstOrDefault(t => string.Equals(t.Name.Trim(), tableName, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"The workbook has no table '{tableName}'.", nameof(rows));
        var sheet = table.WorkSheet;
        var start = table.Address.Start;
        var firstDataRow = start.Row + (table.ShowHeader ? 1 : 0);
        var capacity = table.Address.End.Row - firstDataRow + 1 - (table.ShowTotal ? 1 : 0);
        if (rows.Count > capacity)
            throw new ArgumentException($"Table '{tableName}' has room for {capacity} rows, not {rows.Count}.", nameof(rows));

        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var c = start.Column; c <= table.Address.End.Column; c++)
            columns.TryAdd(sheet.Cells[start.Row, c].Text.Trim(), c);

        for (var i = 0; i < rows.Count; i++)
        {
            foreach (var (header, value) in rows[i])
            {
                if (!columns.TryGetValue(header.Trim(), out var column))
                    throw new ArgumentException($"Table '{tableName}' has no column '{header}'.", nameof(rows));
                sheet.Cells[firstDataRow + i, column].Value = value;
            }
        }
    }
}
