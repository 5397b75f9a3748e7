using Inkoop.Domain.Formats;
using OfficeOpenXml;
using OfficeOpenXml.Table;

namespace Inkoop.Excel;

/// <summary>Reads a format workbook (tariff-research-format-v1.md section 1) into a <see cref="RawFormat"/>.</summary>
public static class FormatReader
{
    /// <summary>
    /// Reads an uploaded format. Throws <see cref="UnreadableWorkbookException"/> for anything
    /// that is no readable, acceptable .xlsx; never any other exception for bad input.
    /// </summary>
    public static RawFormat Read(Stream xlsx, WorkbookLimits? limits = null, CancellationToken ct = default)
    {
        var workbook = WorkbookReader.Read(xlsx, [FormatSchema.PersoneelTable, FormatSchema.ProductenTable], limits, ct);
        return new RawFormat(workbook.Names, workbook.Table(FormatSchema.PersoneelTable), workbook.Table(FormatSchema.ProductenTable));
    }
}

/// <summary>
/// Reads any of our workbooks into a <see cref="RawWorkbook"/>: every workbook-scoped defined name with its
/// cell, and the rows of the tables asked for. Cells are found by name and header only, never by address,
/// and values are delivered as found; the domain's validators interpret them.
/// </summary>
public static class WorkbookReader
{
    /// <summary>
    /// Reads an uploaded workbook. Throws <see cref="UnreadableWorkbookException"/> for anything
    /// that is no readable, acceptable .xlsx; never any other exception for bad input.
    /// </summary>
    public static RawWorkbook Read(Stream xlsx, IReadOnlyCollection<string> tableNames, WorkbookLimits? limits = null,
        CancellationToken ct = default)
    {
        limits ??= WorkbookLimits.Default;
        using var checkedPackage = WorkbookPackage.Open(xlsx, limits);
        try
        {
            using var package = new ExcelPackage(checkedPackage);
            var workbook = package.Workbook;
            return new RawWorkbook(ReadNames(workbook),
                tableNames.Select(name => ReadTable(workbook, name, limits)).OfType<RawTable>().ToList());
        }
        catch (UnreadableWorkbookException)
        {
            throw;
        }
        catch (OutOfMemoryException e)
        {
            throw UnreadableWorkbookException.TooLarge("het is te groot om te verwerken", e);
        }
        catch (Exception e)
        {
            // EPPlus throws whatever its parsers hit on a malformed part (XmlException,
            // NullReferenceException, IndexOutOfRange...): to the provider that is all one thing.
            throw UnreadableWorkbookException.NotAWorkbook(e);
        }
    }

    private static Dictionary<string, RawCell> ReadNames(ExcelWorkbook workbook)
    {
        var names = new Dictionary<string, RawCell>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in workbook.Names)
        {
            // Constants, formulas and #REF! names have no worksheet cell behind them.
            if (name.IsName || name.Worksheet is null || name.Start.Row < 1 || name.Start.Column < 1)
                continue;
            var key = name.Name.Trim();
            if (key.Length == 0 || names.ContainsKey(key))
                continue;
            // A name on a range stands for its top-left cell.
            var cell = name.Worksheet.Cells[name.Start.Row, name.Start.Column];
            names[key] = new RawCell(CellAddress(name.Worksheet, name.Start.Row, name.Start.Column), CellValues.Read(cell));
        }
        return names;
    }

    private static RawTable? ReadTable(ExcelWorkbook workbook, string tableName, WorkbookLimits limits)
    {
        var table = FindTable(workbook, tableName);
        return table is null ? null : TableReader.Read(table, limits);
    }

    private static ExcelTable? FindTable(ExcelWorkbook workbook, string tableName)
    {
        foreach (var sheet in workbook.Worksheets)
        {
            // Chart sheets have no cells and no tables.
            if (sheet is ExcelChartsheet)
                continue;
            foreach (var table in sheet.Tables)
            {
                if (string.Equals(table.Name?.Trim(), tableName, StringComparison.OrdinalIgnoreCase))
                    return table;
            }
        }
        return null;
    }

    internal static string CellAddress(ExcelWorksheet sheet, int row, int column) =>
        $"{sheet.Name}!{ExcelCellBase.GetAddress(row, column)}";
}
