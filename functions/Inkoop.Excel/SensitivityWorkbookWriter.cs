using Inkoop.Domain.Tariffs;
using OfficeOpenXml;
using static Inkoop.Excel.AnalystCells;

namespace Inkoop.Excel;

/// <summary>
/// The sensitivity of a round's tariffs as a workbook for analysts: one row per product and variable with the
/// configured statistic, the lowest and highest tariff, the range and the tariff under each alternative.
/// </summary>
public static class SensitivityWorkbookWriter
{
    public static void Write(string title, SensitivityResult result, Stream output)
    {
        using var package = new ExcelPackage();
        var sheet = package.Workbook.Worksheets.Add("Gevoeligheid");
        Text(sheet.Cells[1, 1], title);
        sheet.Cells[1, 1].Style.Font.Bold = true;
        string[] fixedHeaders = ["Product", "Tarief", "Variabele", "Gekozen statistiek", "Laagste", "Hoogste", "Bereik"];
        var row = Header(sheet, 3, [.. fixedHeaders, .. result.Alternatives],
            [10, 12, 26, 20, 12, 12, 12, .. result.Alternatives.Select(_ => 16)]);
        foreach (var product in result.Products)
        foreach (var v in product.Variables)
        {
            Text(sheet.Cells[row, 1], product.Product);
            Number(sheet.Cells[row, 2], product.Tariff, Money);
            Text(sheet.Cells[row, 3], v.Variable);
            Text(sheet.Cells[row, 4], v.Configured);
            Number(sheet.Cells[row, 5], v.Low, Money);
            Number(sheet.Cells[row, 6], v.High, Money);
            Number(sheet.Cells[row, 7], v.Range, Money);
            for (var i = 0; i < result.Alternatives.Count; i++)
                Number(sheet.Cells[row, fixedHeaders.Length + 1 + i], v.Tariffs.GetValueOrDefault(result.Alternatives[i]), Money);
            row++;
        }
        package.SaveAs(output);
    }
}
