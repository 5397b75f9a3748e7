using Inkoop.Domain.Bids;
using Inkoop.Domain.Formats;
using Inkoop.Domain.Tariffs;

namespace Inkoop.Tests.Bids;

/// <summary>A tender, tariffs and bids as the domain sees them (RawWorkbook), without any workbook in between.</summary>
public static class BidData
{
    public const string TenderJson = """
        {
          "tender": "jeugd-2025-t1",
          "name": "Aanbesteding Jeugdhulp 2025",
          "round": "jeugd-2025",
          "lots": [
            { "code": "AMB", "name": "Integrale Ambulante Jeugdhulp", "products": ["45A11", "45A12"] },
            { "code": "DYS", "name": "Dyslexiezorg" }
          ]
        }
        """;

    public static TenderConfiguration Tender() => TenderConfigurationParser.Parse(TenderJson);

    /// <summary>45A11 100.00, 45A12 80.00, 54001 not computable; anything else is outside the catalogue.</summary>
    public static ReferenceTariffs Tariffs() => ReferenceTariffs.Of(
    [
        new ReferenceTariff("45A11", 100.00m, null),
        new ReferenceTariff("45A12", 80.00m, null),
        new ReferenceTariff("54001", null, "Te weinig formats (n = 2 < 3)."),
    ], "jeugd-2025");

    public static Dictionary<string, object?> Identity(string agb = "12345678", string lot = "AMB", string tender = "jeugd-2025-t1") => new()
    {
        [BidSchema.Aanbesteding] = tender,
        [BidSchema.Perceel] = lot,
        [BidSchema.InschrijverAgb] = agb,
        [BidSchema.InschrijverNaam] = "Zorg B.V.",
    };

    public static RawWorkbook Raw(Dictionary<string, object?> names, params (object? Product, object? Price, object? Volume)[] rows) =>
        new(names.ToDictionary(n => n.Key, n => new RawCell($"Inschrijving!B{names.Keys.ToList().IndexOf(n.Key) + 2}", n.Value)),
            [new RawTable(BidSchema.PrijzenTable, "Prijzen!A4", BidSchema.PrijzenColumns,
                rows.Select((r, i) => new RawRow(new Dictionary<string, RawCell>
                {
                    [BidSchema.Productcode] = new($"Prijzen!A{i + 5}", r.Product),
                    [BidSchema.Prijs] = new($"Prijzen!D{i + 5}", r.Price),
                    [BidSchema.Volume] = new($"Prijzen!E{i + 5}", r.Volume),
                })).ToList())]);

    public static Bid Validate(Dictionary<string, object?> names, params (object? Product, object? Price, object? Volume)[] rows) =>
        BidValidator.Validate(Raw(names, rows), Tender());

    public static BidAnalysis Analyse(params (object? Product, object? Price, object? Volume)[] rows) =>
        BidAnalysis.Of(Validate(Identity(), rows), Tender(), Tariffs());
}
