using Inkoop.Domain.Formats;
using OfficeOpenXml;
using OfficeOpenXml.Table;

namespace Inkoop.Tests.Support;

/// <summary>
/// Builds a v1 format workbook from <see cref="FormatData"/> the way a provider's file may look:
/// single values behind defined names, two Excel tables, with offsets to show that rows and
/// columns may move.
/// </summary>
public static class FormatWorkbook
{
    public sealed record Layout(int RowOffset = 0, int ColumnOffset = 0, bool ExtraSheetFirst = false, bool ShuffleColumns = false);

    public static byte[] Build(FormatData data, Layout? layout = null)
    {
        layout ??= new Layout();
        using var package = new ExcelPackage();
        if (layout.ExtraSheetFirst)
        {
            var extra = package.Workbook.Worksheets.Add("Notities");
            extra.Cells["A1"].Value = "Eigen aantekeningen van de aanbieder";
            extra.Cells["C7"].Value = 42;
        }

        var general = package.Workbook.Worksheets.Add("Algemeen");
        var row = 2 + layout.RowOffset;
        var col = 2 + layout.ColumnOffset;
        foreach (var (name, value) in data.Single)
        {
            general.Cells[row, col - 1].Value = name;
            general.Cells[row, col].Value = value;
            package.Workbook.Names.Add(name, general.Cells[row, col]);
            row++;
        }

        AddTable(package, "Personeel", data.Personeel, FormatSchema.PersoneelColumns.Select(c => c.Header).ToList(), layout);
        AddTable(package, "Producten", data.Producten, FormatSchema.ProductenColumns.Select(c => c.Header).ToList(), layout);
        return package.GetAsByteArray();
    }

    private static void AddTable(ExcelPackage package, string name, List<Dictionary<string, object?>> rows, List<string> headers, Layout layout)
    {
        var sheet = package.Workbook.Worksheets.Add(name + "blad");
        if (layout.ShuffleColumns) headers = headers.AsEnumerable().Reverse().Append("Opmerking").ToList();
        var top = 3 + layout.RowOffset;
        var left = 2 + layout.ColumnOffset;
        for (var c = 0; c < headers.Count; c++) sheet.Cells[top, left + c].Value = headers[c];
        for (var r = 0; r < rows.Count; r++)
            for (var c = 0; c < headers.Count; c++)
                sheet.Cells[top + 1 + r, left + c].Value = rows[r].GetValueOrDefault(headers[c]);
        var range = sheet.Cells[top, left, top + Math.Max(rows.Count, 1), left + headers.Count - 1];
        var table = sheet.Tables.Add(range, name);
        table.TableStyle = TableStyles.Light9;
    }
}
