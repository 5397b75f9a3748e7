using Inkoop.Domain.Bids;
using OfficeOpenXml;

namespace Inkoop.Excel;

/// <summary>What a bidder types into a bid template: the identity by defined name and per product a price and volume.</summary>
public sealed record BidValues(IReadOnlyDictionary<string, object?> Names, IReadOnlyList<(string Product, object? Price, object? Volume)> Prices);

/// <summary>
/// Fills a bid template the way a bidder would, finding cells by defined name and the product's row in table Prijzen.
/// For demos, tests and benchmarks; it does not validate anything.
/// </summary>
public static class BidFiller
{
    public static void Fill(Stream template, BidValues values, Stream output)
    {
        using var package = new ExcelPackage(template);
        var workbook = package.Workbook;
        foreach (var (name, value) in values.Names)
        {
            var named = workbook.Names.FirstOrDefault(n => string.Equals(n.Name, name, StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException($"The bid template has no defined name '{name}'.", nameof(values));
            named.Worksheet.Cells[named.Start.Row, named.Start.Column].Value = value;
        }

        var table = workbook.Worksheets.SelectMany(s => s.Tables).First(t => t.Name == BidSchema.PrijzenTable);
        var sheet = table.WorkSheet;
        var first = table.Address.Start;
        int Column(string header) => Enumerable.Range(first.Column, table.Columns.Count).First(c => sheet.Cells[first.Row, c].Text == header);
        var (codeColumn, priceColumn, volumeColumn) = (Column(BidSchema.Productcode), Column(BidSchema.Prijs), Column(BidSchema.Volume));
        foreach (var (product, price, volume) in values.Prices)
        {
            var row = Enumerable.Range(first.Row + 1, table.Address.End.Row - first.Row)
                .First(r => string.Equals(sheet.Cells[r, codeColumn].Text, product, StringComparison.OrdinalIgnoreCase));
            sheet.Cells[row, priceColumn].Value = price;
            sheet.Cells[row, volumeColumn].Value = volume;
        }
        package.SaveAs(output);
    }
}
