using Inkoop.Domain;
using Inkoop.Domain.Tariffs;

namespace Inkoop.Tests.Domain;

public sealed class ReferenceTariffsParserTests
{
    [Fact]
    public void Reads_the_tariffs_of_the_cli_output_and_ignores_everything_else()
    {
        var tariffs = ReferenceTariffsParser.Parse("""
            { "round": "jeugd-2025", "tariffs": [
                { "product": "45A11", "name": "x", "unit": "uur", "tariff": 73.26, "unrounded": 73.2612, "reason": null, "spread": { "n": 3 } },
                { "product": "45a12", "tariff": null, "reason": "Te weinig formats (n = 2 < 3)." },
                { "product": "54001", "tariff": null } ],
              "trajectories": [], "norms": [ { "variable": "Verzuim" } ], "formats": [] }
            """);

        Assert.Equal("jeugd-2025", tariffs.Round);
        Assert.Null(tariffs.Snapshot);
        Assert.Equal(new ReferenceTariff("45A11", 73.26m, null), tariffs.Find("45a11 "));
        Assert.Equal("Te weinig formats (n = 2 < 3).", tariffs.Find("45A12")!.Reason);
        Assert.Null(tariffs.Find("45A12")!.Tariff);
        Assert.NotNull(tariffs.Find("54001")!.Reason);
        Assert.Null(tariffs.Find("99Z99"));
    }

    [Fact]
    public void Reads_a_snapshot_document_with_its_id()
    {
        var tariffs = ReferenceTariffsParser.Parse("""{ "id": "20250101T000000Z-ab", "status": "final", "tariffs": [ { "product": "45A11", "tariff": 70 } ] }""");
        Assert.Equal("20250101T000000Z-ab", tariffs.Snapshot);
        Assert.Equal(70m, tariffs.Find("45A11")!.Tariff);
    }

    [Fact]
    public void Every_problem_is_listed_at_once_in_dutch()
    {
        var e = Assert.Throws<ConfigurationException>(() => ReferenceTariffsParser.Parse("""
            { "tariffs": [ { "product": "45A11", "tariff": -1 }, { "product": "45A11", "tariff": 1 }, { "product": "x" , "tariff": 1},
                           { "tariff": 1 }, { "product": "45A13" }, { "product": "45A14", "tariff": "73,26" }, 7 ] }
            """));
        Assert.Equal(7, e.Errors.Count);
        Assert.Contains(e.Errors, m => m.Contains("geen object"));
        Assert.Contains(e.Errors, m => m.Contains("groter dan 0"));
        Assert.Contains(e.Errors, m => m.Contains("twee keer"));
        Assert.Contains(e.Errors, m => m.Contains("5 letters of cijfers"));
        Assert.Contains(e.Errors, m => m.Contains("geen productcode"));
        Assert.Contains(e.Errors, m => m.Contains("geen veld 'tariff'"));
        Assert.Contains(e.Errors, m => m.Contains("getal of null"));
    }

    [Theory]
    [InlineData("", "leeg")]
    [InlineData("[1]", "geen JSON-object")]
    [InlineData("{ \"tariffs\": ", "geen geldige JSON")]
    [InlineData("{ \"formats\": [] }", "'tariffs' ontbreekt")]
    public void Unusable_files_get_a_clear_reason(string json, string reason)
    {
        var e = Assert.Throws<ConfigurationException>(() => ReferenceTariffsParser.Parse(json));
        Assert.Contains(e.Errors, m => m.Contains(reason));
    }

    [Fact]
    public void Without_tariffs_every_product_is_not_computable_with_the_reason()
    {
        var none = ReferenceTariffs.None("De ronde heeft nog geen definitieve snapshot.");
        var any = none.Find("99Z99")!;
        Assert.Null(any.Tariff);
        Assert.Equal("De ronde heeft nog geen definitieve snapshot.", any.Reason);
    }
}
