using System.Text.Json;
using Inkoop.Domain.Bids;
using Inkoop.Excel;
using OfficeOpenXml;

namespace Inkoop.Tests.Bids;

public sealed class BidsCliTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("inkoop-bids-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static Task<(int Code, string Out, string Err)> Run(params string[] args) => Inkoop.Tests.Cli.CliTests.Run(args);

    /// <summary>TENDER.json, TARIFFS.json (45A11 70.00, 45A12 80.00, 45D01 not computable) and a folder of bids.</summary>
    private (string Tender, string Tariffs, string Bids) Write()
    {
        var tender = Path.Combine(dir, "tender.json");
        File.WriteAllText(tender, $$"""
            { "tender": "jeugd-2025-t1", "name": "Aanbesteding Jeugdhulp 2025", "round": "{{DemoFormats.RoundId}}",
              "lots": [ { "code": "AMB", "name": "Ambulant", "products": ["45A11", "45A12"] }, { "code": "DYS", "name": "Dyslexie" } ] }
            """);
        var tariffs = Path.Combine(dir, "tariffs.json");
        File.WriteAllText(tariffs, """
            { "round": "demo-2025", "tariffs": [ { "product": "45A11", "tariff": 70.00 }, { "product": "45A12", "tariff": 80.00 },
              { "product": "45D01", "tariff": null, "reason": "Te weinig formats." } ] }
            """);
        var bids = Directory.CreateDirectory(Path.Combine(dir, "bids")).FullName;
        void Bid(string file, string agb, string lot, decimal? proposed, params (string, object?, object?)[] prices)
        {
            // A bidder's name may look like a formula; in the workbook it stays text.
            var name = agb == "33333333" ? "=HYPERLINK(\"http://x\")" : $"Zorg {agb}";
            var names = new Dictionary<string, object?> { [BidSchema.Perceel] = lot, [BidSchema.InschrijverAgb] = agb, [BidSchema.InschrijverNaam] = name };
            if (proposed is not null) names[BidSchema.LumpsumVoorstel] = proposed;
            File.WriteAllBytes(Path.Combine(bids, file), BidWorkbookTests.Filled(new BidValues(names, prices)));
        }
        Bid("a.xlsx", "11111111", "AMB", 100000m, ("45A11", 62.99m, 1000m), ("45A12", 88m, 500m));
        Bid("b.xlsx", "22222222", "AMB", null, ("45A11", 70m, 1000m), ("45A12", -1m, 500m), ("45D01", 90m, 10m));
        Bid("c.xlsx", "33333333", "DYS", null, ("45D01", 90m, 100m));
        Bid("d.xlsx", "44444444", "WON", null, ("45A11", 70m, 1m));
        File.WriteAllBytes(Path.Combine(bids, "kapot.xlsx"), [0x50, 0x4B, 0x03, 0x04, 1, 2, 3]);
        return (tender, tariffs, bids);
    }

    [Fact]
    public async Task Bids_json_has_exactly_the_shape_of_the_issue_with_the_figures()
    {
        var (tender, tariffs, bids) = Write();

        var (code, output, error) = await Run("bids", "--tender", tender, "--tariffs", tariffs, "--bids", bids, "--json");

        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(["tender", "bids", "lots"], Keys(root));
        Assert.Equal("jeugd-2025-t1", root.GetProperty("tender").GetString());
        var all = root.GetProperty("bids").EnumerateArray().ToDictionary(b => b.GetProperty("file").GetString()!);
        Assert.Equal(["a.xlsx", "b.xlsx", "c.xlsx", "d.xlsx", "kapot.xlsx"], all.Keys);
        Assert.All(all.Values, b => Assert.Equal(["file", "agb", "name", "lot", "status", "findings", "lines", "impliedLumpsum",
            "normalisedValue", "normalisedValueComplete", "proposedLumpsum", "weightedDeviation"], Keys(b)));

        var a = all["a.xlsx"];
        Assert.Equal(("11111111", "Zorg 11111111", "AMB", "accepted"), (a.GetProperty("agb").GetString(), a.GetProperty("name").GetString(),
            a.GetProperty("lot").GetString(), a.GetProperty("status").GetString()));
        var line = a.GetProperty("lines")[0];
        Assert.Equal(["product", "price", "volume", "normalisedTariff", "deviation", "flags"], Keys(line));
        Assert.Equal(("45A11", 62.99m, 1000m, 70.00m, -0.1001m), (line.GetProperty("product").GetString(), line.GetProperty("price").GetDecimal(),
            line.GetProperty("volume").GetDecimal(), line.GetProperty("normalisedTariff").GetDecimal(), line.GetProperty("deviation").GetDecimal()));
        Assert.Equal(["abnormallyLow"], line.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        // 88 / 80 - 1 is exactly +10%: not above the ceiling.
        Assert.Equal(0.1m, a.GetProperty("lines")[1].GetProperty("deviation").GetDecimal());
        Assert.Empty(a.GetProperty("lines")[1].GetProperty("flags").EnumerateArray());
        Assert.Equal(106990m, a.GetProperty("impliedLumpsum").GetDecimal());
        Assert.Equal(110000m, a.GetProperty("normalisedValue").GetDecimal());
        Assert.True(a.GetProperty("normalisedValueComplete").GetBoolean());
        Assert.Equal(100000m, a.GetProperty("proposedLumpsum").GetDecimal());
        Assert.Equal(-0.0274m, a.GetProperty("weightedDeviation").GetDecimal()); // 106,990 / 110,000 - 1

        var b = all["b.xlsx"];
        Assert.Equal("hasErrors", b.GetProperty("status").GetString());
        var finding = b.GetProperty("findings")[0];
        Assert.Equal(["severity", "code", "variable", "cell", "message"], Keys(finding));
        Assert.Equal(("error", "OUT_OF_BAND", "Prijs[45A12]"), (finding.GetProperty("severity").GetString(), finding.GetProperty("code").GetString(), finding.GetProperty("variable").GetString()));
        Assert.StartsWith("Prijzen!D", finding.GetProperty("cell").GetString());
        var notComputable = b.GetProperty("lines")[1];
        Assert.Equal(JsonValueKind.Null, notComputable.GetProperty("normalisedTariff").ValueKind);
        Assert.Equal(JsonValueKind.Null, notComputable.GetProperty("deviation").ValueKind);
        Assert.Equal(["notComputable", "notInLot"], notComputable.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(70900m, b.GetProperty("impliedLumpsum").GetDecimal());
        Assert.Equal(70000m, b.GetProperty("normalisedValue").GetDecimal());
        Assert.False(b.GetProperty("normalisedValueComplete").GetBoolean());
        Assert.Equal(JsonValueKind.Null, b.GetProperty("proposedLumpsum").ValueKind);
        Assert.Equal(0m, b.GetProperty("weightedDeviation").GetDecimal());

        Assert.Equal(JsonValueKind.Null, all["c.xlsx"].GetProperty("weightedDeviation").ValueKind);
        Assert.Equal(("rejected", "LOT_UNKNOWN"), (all["d.xlsx"].GetProperty("status").GetString(), all["d.xlsx"].GetProperty("findings")[0].GetProperty("code").GetString()));
        Assert.Empty(all["d.xlsx"].GetProperty("lines").EnumerateArray());
        Assert.Equal(("rejected", "FILE_UNREADABLE"), (all["kapot.xlsx"].GetProperty("status").GetString(), all["kapot.xlsx"].GetProperty("findings")[0].GetProperty("code").GetString()));

        var lots = root.GetProperty("lots").EnumerateArray().ToList();
        Assert.Equal(["code", "ranking"], Keys(lots[0]));
        Assert.Equal(["AMB", "DYS"], lots.Select(l => l.GetProperty("code").GetString()));
        var ranking = lots[0].GetProperty("ranking").EnumerateArray().ToList();
        Assert.Equal(["agb", "weightedDeviation"], Keys(ranking[0]));
        Assert.Equal([("11111111", -0.0274m), ("22222222", 0m)], ranking.Select(r => (r.GetProperty("agb").GetString(), r.GetProperty("weightedDeviation").GetDecimal())));
        Assert.Empty(lots[1].GetProperty("ranking").EnumerateArray());
    }

    [Fact]
    public async Task Bids_xlsx_holds_the_same_numbers_with_formats_and_coloured_status()
    {
        var (tender, tariffs, bids) = Write();
        var xlsx = Path.Combine(dir, "analyse.xlsx");

        var (code, table, _) = await Run("bids", "--tender", tender, "--tariffs", tariffs, "--bids", bids, "--xlsx", xlsx);

        Assert.Equal(0, code);
        Assert.Contains("Rangorde perceel AMB", table);
        Assert.Contains("-2,74%", table);
        using var package = new ExcelPackage(new FileInfo(xlsx));
        var overview = package.Workbook.Worksheets["Inschrijvingen"];
        Assert.Equal("a.xlsx", overview.Cells[2, 1].Text);
        Assert.Equal(106990d, (double)overview.Cells[2, 6].Value);
        Assert.Equal("#,##0.00", overview.Cells[2, 6].Style.Numberformat.Format);
        Assert.Equal(-0.0274d, (double)overview.Cells[2, 12].Value, 10);
        Assert.Equal("0.00%", overview.Cells[2, 12].Style.Numberformat.Format);
        Assert.Equal(100000d - 106990d, (double)overview.Cells[2, 10].Value, 6);
        Assert.Equal("geaccepteerd", overview.Cells[2, 5].Text);
        Assert.NotEqual(overview.Cells[2, 5].Style.Fill.BackgroundColor.Rgb, overview.Cells[6, 5].Style.Fill.BackgroundColor.Rgb);
        var ranking = package.Workbook.Worksheets["Rangorde"];
        Assert.Equal(("AMB", "11111111"), (ranking.Cells[4, 1].Text, ranking.Cells[4, 3].Text));
        var lines = package.Workbook.Worksheets["Regels"];
        Assert.Equal(-0.1001d, (double)lines.Cells[2, 7].Value, 10);
        Assert.Equal("abnormaal laag", lines.Cells[2, 8].Text);
        var planted = overview.Cells[4, 3];
        // Text with a leading apostrophe in the value: no formula in Excel, none in a CSV saved from it.
        Assert.Equal("'=HYPERLINK(\"http://x\")", planted.Value);
        Assert.True(string.IsNullOrEmpty(planted.Formula));
    }

    [Theory]
    [InlineData("bids --tender /nope/t.json --tariffs T --bids B", "aanbestedingsconfiguratie '/nope/t.json' bestaat niet")]
    [InlineData("bids --tender BADTENDER --tariffs T --bids B", "ongeldige aanbestedingsconfiguratie")]
    [InlineData("bids --tender TENDER --tariffs BADTARIFFS --bids B", "ongeldig tarievenbestand")]
    [InlineData("bids --tender TENDER --tariffs T --bids /nope/dir", "'/nope/dir' is geen map")]
    [InlineData("bids --tender TENDER --bids B", "--tariffs ontbreekt")]
    [InlineData("bids --tender TENDER --tariffs T --bids EMPTY", "staan geen inschrijvingen")]
    public async Task Unusable_input_exits_two_with_a_one_line_reason(string args, string reason)
    {
        var (tender, tariffs, bids) = Write();
        var bad = Path.Combine(dir, "bad.json");
        File.WriteAllText(bad, """{ "tender": "x", "tariffs": 7 }""");
        var empty = Directory.CreateDirectory(Path.Combine(dir, "leeg")).FullName;
        var line = args.Replace("EMPTY", empty).Replace("BADTENDER", bad).Replace("BADTARIFFS", bad).Replace("TENDER", tender).Replace(" T ", $" {tariffs} ").Replace(" B", $" {bids}");

        var (code, output, error) = await Run(line.Split(' '));

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains(reason, error);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    private static List<string> Keys(JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToList();
}
