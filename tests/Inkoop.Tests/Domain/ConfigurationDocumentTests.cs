using Inkoop.Domain;
using Inkoop.Domain.Bids;
using Inkoop.Domain.Lumpsums;
using Inkoop.Domain.Rounds;
using Inkoop.Domain.Tariffs;
using Inkoop.Storage;

namespace Inkoop.Tests.Domain;

/// <summary>
/// Rounds, tenders, lumpsums and reference tariffs read their documents one way: the same Dutch errors for an empty,
/// too large or broken document, one exception; and the ids they accept are exactly the ones storage keys take.
/// </summary>
public class ConfigurationDocumentTests
{
    public static TheoryData<string, int, string> Parsers() => new()
    {
        { "De rondeconfiguratie", RoundConfigurationParser.MaxLength, "ongeldige rondeconfiguratie" },
        { "De aanbestedingsconfiguratie", TenderConfigurationParser.MaxLength, "ongeldige aanbestedingsconfiguratie" },
        { "De lumpsumconfiguratie", LumpsumConfigurationParser.MaxLength, "ongeldige lumpsumconfiguratie" },
        { "Het tarievenbestand", ReferenceTariffsParser.MaxLength, "ongeldig tarievenbestand" },
    };

    private static void Parse(string name, string json)
    {
        switch (name)
        {
            case "De rondeconfiguratie": RoundConfigurationParser.Parse(json); break;
            case "De aanbestedingsconfiguratie": TenderConfigurationParser.Parse(json); break;
            case "De lumpsumconfiguratie": LumpsumConfigurationParser.Parse(json); break;
            default: ReferenceTariffsParser.Parse(json); break;
        }
    }

    [Theory]
    [MemberData(nameof(Parsers))]
    public void Empty_too_large_and_broken_documents_get_the_same_Dutch_errors(string name, int maxLength, string invalid)
    {
        var empty = Assert.Throws<ConfigurationException>(() => Parse(name, "  "));
        Assert.Equal([$"{name} is leeg."], empty.Errors);
        Assert.Equal(invalid, empty.Invalid);

        var large = Assert.Throws<ConfigurationException>(() => Parse(name, "{" + new string(' ', maxLength) + "}"));
        Assert.StartsWith($"{name} is groter dan ", Assert.Single(large.Errors));

        var broken = Assert.Throws<ConfigurationException>(() => Parse(name, "{\n  \"round\": \n"));
        Assert.StartsWith($"{name} is geen geldige JSON", Assert.Single(broken.Errors));
        Assert.Contains("(regel ", broken.Errors[0]);
    }

    [Theory]
    [InlineData("jeugd-2025")]
    [InlineData("a")]
    [InlineData("Jeugd-2025")]
    [InlineData("-jeugd")]
    [InlineData("jeugd_2025")]
    [InlineData("jeugd/2025")]
    public void A_round_and_a_tender_id_are_accepted_by_the_parser_exactly_when_storage_takes_them(string id)
    {
        var round = Accepts(() => RoundConfigurationParser.Parse($$"""{ "round": "{{id}}", "referenceYear": 2023, "products": [ { "code": "45A11", "unit": "uur" } ] }"""));
        var tender = Accepts(() => TenderConfigurationParser.Parse($$"""{ "tender": "{{id}}", "round": "r", "lots": [ { "code": "A" } ] }"""));
        Assert.Equal(StorageKeys.IsValidRound(id), round);
        Assert.Equal(StorageKeys.IsValidTender(id), tender);
    }

    [Theory]
    [InlineData("AMB")]
    [InlineData("amb_2")]
    [InlineData("a b")]
    [InlineData("-A")]
    public void A_lot_code_is_accepted_by_the_parser_exactly_when_storage_takes_it(string lot) =>
        Assert.Equal(StorageKeys.IsValidLot(lot),
            Accepts(() => TenderConfigurationParser.Parse($$"""{ "tender": "t", "round": "r", "lots": [ { "code": "{{lot}}" } ] }""")));

    [Theory]
    [InlineData("45A11", true)]
    [InlineData("45a11", true)]
    [InlineData("45A1", false)]
    [InlineData("45A11X", false)]
    public void A_product_code_reads_the_same_in_rounds_tenders_lumpsums_and_tariffs(string code, bool valid)
    {
        Assert.Equal(valid, Ids.IsProductCode(code));
        Assert.Equal(valid, Accepts(() => RoundConfigurationParser.Parse($$"""{ "round": "r", "referenceYear": 2023, "products": [ { "code": "{{code}}", "unit": "uur" } ] }""")));
        Assert.Equal(valid, Accepts(() => TenderConfigurationParser.Parse($$"""{ "tender": "t", "round": "r", "lots": [ { "code": "A", "products": ["{{code}}"] } ] }""")));
        Assert.Equal(valid, Accepts(() => LumpsumConfigurationParser.Parse(
            $$"""{ "year": 2025, "lumpsums": [ { "agb": "12345678", "segment": "AMB", "amount": 1000, "tariffs": { "{{code}}": 10 } } ] }""")));
        Assert.Equal(valid, Accepts(() => ReferenceTariffsParser.Parse($$"""{ "tariffs": [ { "product": "{{code}}", "tariff": 10 } ] }""")));
    }

    private static bool Accepts(Action parse)
    {
        try
        {
            parse();
            return true;
        }
        catch (ConfigurationException)
        {
            return false;
        }
    }
}
