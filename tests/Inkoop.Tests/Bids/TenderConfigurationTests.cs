using Inkoop.Domain;
using Inkoop.Domain.Bids;

namespace Inkoop.Tests.Bids;

public sealed class TenderConfigurationTests
{
    [Fact]
    public void Reads_the_example_of_the_spec_with_default_thresholds()
    {
        var tender = BidData.Tender();
        Assert.Equal("jeugd-2025-t1", tender.Tender);
        Assert.Equal("jeugd-2025", tender.Round);
        Assert.Equal(0.10m, tender.LowThreshold);
        Assert.Equal(0.10m, tender.CeilingThreshold);
        Assert.True(tender.FindLot("amb")!.Includes("45A12"));
        Assert.False(tender.FindLot("AMB")!.Includes("54001"));
        Assert.Null(tender.FindLot("DYS")!.Products);
        Assert.True(tender.FindLot("DYS")!.Includes("54001"));
        Assert.Null(tender.FindLot("XYZ"));
    }

    [Fact]
    public void Thresholds_can_be_set()
    {
        var tender = TenderConfigurationParser.Parse("""{ "tender": "t", "round": "r", "lowThreshold": 0.2, "ceilingThreshold": 0.05, "lots": [ { "code": "A" } ] }""");
        Assert.Equal(0.2m, tender.LowThreshold);
        Assert.Equal(0.05m, tender.CeilingThreshold);
        Assert.Equal("t", tender.Name);
    }

    [Fact]
    public void Every_problem_is_listed_at_once_in_dutch()
    {
        var e = Assert.Throws<ConfigurationException>(() => TenderConfigurationParser.Parse("""
            { "tender": "Jeugd 2025", "lowThreshold": 1.5, "ceilingThreshold": -0.1,
              "lots": [ { "code": "AMB", "products": ["45A11", "45A11", "x"] }, { "code": "amb" }, { "name": "zonder code" }, { "code": "a b" }, { "code": "E", "products": [] } ] }
            """));
        Assert.Contains(e.Errors, m => m.Contains("De aanbestedings-id 'Jeugd 2025' is ongeldig"));
        Assert.Contains(e.Errors, m => m.Contains("'round' ontbreekt"));
        Assert.Contains(e.Errors, m => m.Contains("'lowThreshold' is 1.5"));
        Assert.Contains(e.Errors, m => m.Contains("'ceilingThreshold' is -0.1"));
        Assert.Contains(e.Errors, m => m.Contains("product '45A11' staat twee keer"));
        Assert.Contains(e.Errors, m => m.Contains("'x' is geen productcode"));
        Assert.Contains(e.Errors, m => m.Contains("Perceel 'amb' staat twee keer"));
        Assert.Contains(e.Errors, m => m.Contains("Perceel 3 heeft geen code"));
        Assert.Contains(e.Errors, m => m.Contains("Perceel 'a b': een perceelcode"));
        Assert.Contains(e.Errors, m => m.Contains("Perceel 'E': 'products' is leeg"));
        Assert.Equal(10, e.Errors.Count);
    }

    [Theory]
    [InlineData("", "leeg")]
    [InlineData("null", "leeg (null)")]
    [InlineData("{ \"tender\": \"t\", \"round\": \"r\", \"lots\": [], \"extra\": 1 }", "geen geldige JSON")]
    [InlineData("{ \"tender\": \"t\", \"round\": \"r\" }", "minstens één perceel")]
    public void Unusable_configurations_get_a_clear_reason(string json, string reason)
    {
        var e = Assert.Throws<ConfigurationException>(() => TenderConfigurationParser.Parse(json));
        Assert.Contains(e.Errors, m => m.Contains(reason));
    }
}
