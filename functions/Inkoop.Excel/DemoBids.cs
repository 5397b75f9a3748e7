using Inkoop.Domain.Bids;

namespace Inkoop.Excel;

/// <summary>
/// The demo tender on the demo round: two lots and a handful of bidders whose prices sit around the normalised
/// tariffs, so the analysis shows every flag (abnormally low, above the ceiling, not in lot) and a ranking.
/// </summary>
public static class DemoBids
{
    public const string TenderId = "demo-2025-t1";

    public static readonly string TenderJson = $$"""
        {
          "tender": "{{TenderId}}",
          "name": "Aanbesteding Jeugdhulp Achterhoek 2025 (demo)",
          "round": "{{DemoFormats.RoundId}}",
          "lowThreshold": 0.10,
          "ceilingThreshold": 0.10,
          "lots": [
            { "code": "AMB", "name": "Integrale Ambulante Jeugdhulp", "products": ["45A11", "45A12", "45A13"] },
            { "code": "DYS", "name": "Dyslexiezorg", "products": ["45D01", "45D02"] }
          ]
        }
        """;

    /// <summary>A bidder, its lot, what it offers (price as a factor of the tariff, volume) and the lumpsum it proposes.</summary>
    private static readonly (string Agb, string Name, string Lot, (string Product, decimal Factor, decimal Volume)[] Lines, decimal? Proposed)[] Bidders =
    [
        ("71000001", "Jeugdhulp Oost B.V.", "AMB", [("45A11", 0.97m, 12000m), ("45A12", 1.02m, 6000m), ("45A13", 0.99m, 2500m)], 1_650_000m),
        ("71000002", "Stichting Samen Verder", "AMB", [("45A11", 0.86m, 9000m), ("45A12", 0.92m, 4000m)], null),
        ("71000003", "Zorggroep Achterhoek", "AMB", [("45A11", 1.04m, 15000m), ("45A12", 1.14m, 7000m), ("45A13", 1.05m, 3000m), ("45D01", 1.00m, 200m)], 2_400_000m),
        ("71000004", "Kindkracht", "AMB", [("45A11", 1.00m, 5000m), ("45A13", 0.95m, 1000m)], null),
        ("72000001", "Leesrijk Dyslexiezorg", "DYS", [("45D01", 0.98m, 800m), ("45D02", 0.96m, 2400m)], 250_000m),
        ("72000002", "Taalpunt", "DYS", [("45D01", 1.12m, 500m), ("45D02", 0.88m, 1500m)], null),
    ];

    /// <summary>The bids as a bidder fills in the template; a product without a tariff is priced at 80.</summary>
    public static IReadOnlyList<(string Agb, string Lot, BidValues Values)> Bids(IReadOnlyDictionary<string, decimal?> tariffs) =>
        Bidders.Select(b => (b.Agb, b.Lot, new BidValues(
            new Dictionary<string, object?>
            {
                [BidSchema.Perceel] = b.Lot, [BidSchema.InschrijverAgb] = b.Agb, [BidSchema.InschrijverNaam] = b.Name,
                [BidSchema.LumpsumVoorstel] = b.Proposed,
            },
            b.Lines.Select(l => (l.Product, (object?)Math.Round((tariffs.GetValueOrDefault(l.Product) ?? 80m) * l.Factor, 2), (object?)l.Volume)).ToList())))
            .ToList();
}
