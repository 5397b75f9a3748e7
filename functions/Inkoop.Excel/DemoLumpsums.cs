using System.Globalization;
using System.Text;
using Inkoop.Domain.Lumpsums;

namespace Inkoop.Excel;

/// <summary>
/// The demo's year of lumpsums on the demo round: four providers in AMB valued at the round's final snapshot, one in DYS
/// at contract prices, and their quarterly realisation (one provider's Q4 still missing). The same for <c>inkoop demo</c>
/// over HTTP and <c>inkoop demo realisation</c> on disk.
/// </summary>
public static class DemoLumpsums
{
    public const int Year = 2025;

    private static readonly double[] Profile = [0.22, 0.25, 0.23, 0.30];

    /// <summary>(AGB, segment, amount, how much of the lumpsum the provider realises, quarters reported)</summary>
    private static readonly (string Agb, string Segment, decimal Amount, decimal Pace, int Quarters)[] Providers =
    [
        ("25000001", "AMB", 1_250_000.00m, 1.00m, 4), ("25000002", "AMB", 640_000.00m, 1.08m, 4),
        ("25000003", "AMB", 380_000.00m, 0.90m, 4), ("25000004", "AMB", 210_000.00m, 1.01m, 3),
        ("25000005", "DYS", 96_000.00m, 1.025m, 4),
    ];

    private static readonly IReadOnlyDictionary<string, decimal> ContractPrices = new Dictionary<string, decimal> { ["45D01"] = 92.50m, ["45D02"] = 84.00m };

    /// <summary>The lumpsum configuration (bids-and-lumpsum §6) of <see cref="Year"/>.</summary>
    public static string ConfigurationJson
    {
        get
        {
            var config = new StringBuilder($$"""{ "year": {{Year}}, "round": "{{DemoFormats.RoundId}}", "lumpsums": [""");
            config.AppendJoin(",", Providers.Select(p => p.Segment == "DYS"
                ? $$"""{ "agb": "{{p.Agb}}", "segment": "DYS", "amount": {{Money(p.Amount)}}, "tariffs": { {{string.Join(", ", ContractPrices.Select(c => $"\"{c.Key}\": {Money(c.Value)}"))}} } }"""
                : $$"""{ "agb": "{{p.Agb}}", "segment": "AMB", "amount": {{Money(p.Amount)}}, "profile": [{{string.Join(", ", Profile.Select(q => q.ToString(CultureInfo.InvariantCulture)))}}] }"""));
            config.Append("] }");
            return config.ToString();
        }
    }

    /// <summary>
    /// Every report of the year: each quarter's value split over the municipalities by clients and over two products, as
    /// volumes at the round's tariffs of 45A11 and 45A12 (<paramref name="tariffs"/>) or the contract prices.
    /// </summary>
    public static IReadOnlyList<(RealisationKey Key, IReadOnlyList<RealisationRow> Rows)> Reports(IReadOnlyDictionary<string, decimal?> tariffs)
    {
        decimal Price(string product) => ContractPrices.TryGetValue(product, out var contract) ? contract
            : tariffs.GetValueOrDefault(product) ?? throw new InvalidOperationException($"The demo round has no tariff for {product}.");
        var reports = new List<(RealisationKey, IReadOnlyList<RealisationRow>)>();
        foreach (var p in Providers)
        {
            var products = p.Segment == "DYS" ? new[] { "45D01", "45D02" } : ["45A11", "45A12"];
            for (var quarter = 1; quarter <= p.Quarters; quarter++)
            {
                var value = p.Amount * p.Pace * (p.Segment == "DYS" ? 0.25m : (decimal)Profile[quarter - 1]);
                var rows = Municipalities.Achterhoek.SelectMany(m => products.Select((product, i) =>
                    new RealisationRow(m.Code, product, Math.Round(value * m.Clients / 10_437m * (i == 0 ? 0.6m : 0.4m) / Price(product), 1)))).ToList();
                reports.Add((new RealisationKey(Year, quarter, p.Agb, p.Segment), rows));
            }
        }
        return reports;
    }

    private static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);
}
