using Inkoop.Domain.Formats;
using Inkoop.Domain.Lumpsums;

namespace Inkoop.Tests.Lumpsums;

/// <summary>Small configurations and reports for the lumpsum tests, written out by hand.</summary>
internal static class LumpsumTestData
{
    /// <summary>
    /// 2025; AMB taken part in by Aalten (813 clients) and Doetinchem (2702), lumpsum 351,500.00 for 12345678 (100 euro per
    /// client: Aalten 81,300, Doetinchem 270,200) with contract prices 45A11 = 100 and 45A12 = 50.
    /// </summary>
    public const string Json = """
        { "year": 2025, "participation": { "AMB": ["GM0197", "GM0222"] },
          "lumpsums": [ { "agb": "12345678", "segment": "AMB", "amount": 351500.00, "tariffs": { "45A11": 100, "45A12": 50 } } ] }
        """;

    public static LumpsumConfiguration Configuration(string json = Json) => LumpsumConfigurationParser.Parse(json);

    public static readonly Func<Lumpsum, LumpsumReference?> Contract = LumpsumReference.For(null);

    /// <summary>A table <c>Realisatie</c> with rows of (Jaar, Kwartaal, AGB, Segment, Gemeente, Productcode, Volume).</summary>
    public static RawTable Table(params object?[][] rows) => new(RealisationSchema.Table, "Realisatie!A1", RealisationSchema.Columns,
        rows.Select((row, r) => new RawRow(RealisationSchema.Columns.Select((c, i) => (c, i))
            .ToDictionary(x => x.c, x => new RawCell($"Realisatie!{(char)('A' + x.i)}{r + 2}", row[x.i])))).ToList());

    public static object?[] Row(int quarter, string municipality, string product, decimal volume, int year = 2025, string agb = "12345678",
        string segment = "AMB") => [(decimal)year, (decimal)quarter, agb, segment, municipality, product, volume];

    public static RealisationReport Report(string source, params object?[][] rows) =>
        RealisationValidator.Validate(source, Table(rows), null, Configuration(), Contract);
}
