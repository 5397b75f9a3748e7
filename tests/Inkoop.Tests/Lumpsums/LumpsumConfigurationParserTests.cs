using Inkoop.Domain;
using Inkoop.Domain.Lumpsums;

namespace Inkoop.Tests.Lumpsums;

/// <summary>Section 6: defaults, and every check reported at once in Dutch.</summary>
public class LumpsumConfigurationParserTests
{
    [Fact]
    public void Defaults_are_the_Achterhoek_all_taking_part_clients_key_3_percent_and_even_quarters()
    {
        var configuration = LumpsumConfigurationParser.Parse("""
            { "year": 2025, "lumpsums": [ { "agb": "12345678", "segment": "amb", "amount": 1043700.00 } ] }
            """);
        Assert.Equal(2025, configuration.Year);
        Assert.Null(configuration.Round);
        Assert.Equal(8, configuration.Setup.Municipalities.Count);
        Assert.Equal(10_437, configuration.Setup.Municipalities.Sum(m => m.Clients));
        var lumpsum = Assert.Single(configuration.Lumpsums);
        Assert.Equal("AMB", lumpsum.Segment);
        Assert.Equal(0.03m, lumpsum.Bandwidth);
        Assert.Null(lumpsum.Profile);
        Assert.Null(lumpsum.ContractTariffs);
        Assert.False(lumpsum.ExplicitAllocation);
        Assert.Equal(0.75m, lumpsum.CumulativeShare(3));
        // 100 euro per client: the key divides without remainders.
        Assert.Equal(270_200.00m, lumpsum.Allocation.Single(a => a.Code == "GM0222").Allocated);
        Assert.Equal(7_200.00m, lumpsum.Allocation.Single(a => a.Code == "GM1509").Allocated);
    }

    [Fact]
    public void Participation_limits_the_key_to_the_municipalities_of_the_segment()
    {
        var configuration = LumpsumConfigurationParser.Parse("""
            { "year": 2025, "round": "jeugd-2025", "participation": { "AMB": ["GM0197", "gm0222"] },
              "lumpsums": [ { "agb": "12345678", "segment": "AMB", "amount": 3515.00, "profile": [0.2, 0.25, 0.25, 0.3],
                              "tariffs": { "45a11": 73.26 } },
                            { "agb": "12345678", "segment": "DYS", "amount": 100.00 } ] }
            """);
        Assert.Equal("jeugd-2025", configuration.Round);
        var amb = configuration.Find("12345678", "amb")!;
        // 813 and 2702 clients: 3515 euro is exactly 1 euro per client.
        Assert.Equal([("GM0197", 813.00m), ("GM0222", 2702.00m)], amb.Allocation.Select(a => (a.Code, a.Allocated)));
        Assert.Equal(0.7m, amb.CumulativeShare(3));
        Assert.Equal(73.26m, amb.ContractTariffs!["45A11"]);
        Assert.Equal(8, configuration.Find("12345678", "DYS")!.Allocation.Count);
    }

    [Fact]
    public void Explicit_allocation_that_adds_up_is_taken_as_given_and_participants_left_out_get_nothing()
    {
        var configuration = LumpsumConfigurationParser.Parse("""
            { "year": 2025, "participation": { "AMB": ["GM0197", "GM0222", "GM0294"] },
              "lumpsums": [ { "agb": "12345678", "segment": "AMB", "amount": 1000.00,
                              "allocation": { "GM0197": 400.00, "GM0222": 600.00 } } ] }
            """);
        var lumpsum = Assert.Single(configuration.Lumpsums);
        Assert.True(lumpsum.ExplicitAllocation);
        Assert.Equal([("GM0197", 400.00m), ("GM0222", 600.00m), ("GM0294", 0m)], lumpsum.Allocation.Select(a => (a.Code, a.Allocated)));
    }

    [Fact]
    public void What_GET_lumpsums_hands_out_is_accepted_back_read_only_fields_ignored()
    {
        // The shape of GET /api/lumpsums/{year}: updatedAt, allocation "explicit" or "clients", municipalities with the amounts.
        var configuration = LumpsumConfigurationParser.Parse("""
            { "year": 2025, "round": null, "updatedAt": "2026-12-03T09:00:00+00:00",
              "lumpsums": [
                { "agb": "12345678", "segment": "AMB", "amount": 1000.00, "bandwidth": 0.03, "tariffs": { "45A11": 80 }, "allocation": "explicit",
                  "municipalities": [ { "code": "GM0197", "allocated": 600.00 }, { "code": "GM0222", "allocated": 400.00 } ], "profile": null },
                { "agb": "12345678", "segment": "DYS", "amount": 1043.70, "bandwidth": 0.03, "tariffs": { "45A11": 80 }, "allocation": "clients",
                  "municipalities": [ { "code": "GM0197", "allocated": 999.99 } ], "profile": null } ] }
            """);
        var explicitly = configuration.Lumpsums.Single(l => l.Segment == "AMB");
        Assert.True(explicitly.ExplicitAllocation);
        Assert.Equal(600.00m, explicitly.Allocation.Single(a => a.Code == "GM0197").Allocated);
        Assert.Equal(400.00m, explicitly.Allocation.Single(a => a.Code == "GM0222").Allocated);
        Assert.Equal(0m, explicitly.Allocation.Single(a => a.Code == "GM1955").Allocated);
        // "clients": recomputed from the clients (Aalten 813 of 10,437), the handed-out amounts ignored.
        var byClients = configuration.Lumpsums.Single(l => l.Segment == "DYS");
        Assert.False(byClients.ExplicitAllocation);
        Assert.Equal(81.30m, byClients.Allocation.Single(a => a.Code == "GM0197").Allocated);

        var e = Assert.Throws<ConfigurationException>(() => LumpsumConfigurationParser.Parse("""
            { "year": 2025, "lumpsums": [ { "agb": "12345678", "segment": "AMB", "amount": 1000.00, "allocation": "explicit" } ] }
            """));
        Assert.Contains(e.Errors, m => m.Contains("'municipalities'"));
    }

    [Fact]
    public void Explicit_allocation_that_does_not_add_up_is_an_error_naming_the_difference()
    {
        var e = Assert.Throws<ConfigurationException>(() => LumpsumConfigurationParser.Parse("""
            { "year": 2025, "lumpsums": [ { "agb": "12345678", "segment": "AMB", "amount": 1000.00,
                                            "allocation": { "GM0197": 400.00, "GM0222": 599.99 } } ] }
            """));
        var error = Assert.Single(e.Errors);
        Assert.Contains("telt op tot 999,99 en niet tot het bedrag 1000", error);
        Assert.Contains("0,01", error);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var e = Assert.Throws<ConfigurationException>(() => LumpsumConfigurationParser.Parse("""
            { "year": 1999, "round": "Jeugd 2025",
              "municipalities": [ { "code": "GM0197", "name": "Aalten", "clients": 813 }, { "code": "X1", "clients": 3 },
                                  { "code": "GM0197", "clients": 1 }, { "code": "GM0222", "clients": -1 },
                                  { "code": "GM0294", "clients": 5 } ],
              "participation": { "AMB": ["GM0197", "GM9999"] },
              "lumpsums": [
                { "agb": "1234567", "segment": "AMB", "amount": 100.001, "bandwidth": 1.5 },
                { "agb": "12345678", "segment": "AMB", "amount": 100, "profile": [0.5, 0.5, 0.5] },
                { "agb": "12345678", "segment": "AMB", "amount": 100, "profile": [0.5, 0.25, 0.25, 0.1] },
                { "agb": "22345678", "segment": "AMB", "amount": 100, "allocation": { "GM0294": 50, "GM1234": 50 } },
                { "agb": "32345678", "segment": "AMB", "amount": 0, "tariffs": { "45A11": 0, "bad": 1 } },
                { "agb": "42345678", "segment": "AMB", "amount": 10, "allocation": "equal" },
                { "agb": "52345678", "segment": "AMB", "amount": 10, "profile": [-0.25, 0.5, 0.5, 0.25] }
              ] }
            """));
        string[] expected =
        [
            "Het jaar 1999 ligt niet tussen 2000 en 2100.",
            "'Jeugd 2025' is geen geldige ronde-id",
            "Gemeente 2: 'X1' is geen CBS-code",
            "Gemeente GM0197 staat twee keer",
            "Gemeente GM0222: het aantal cliënten mag niet negatief zijn.",
            "gemeente 'GM9999' staat niet in de gemeentelijst",
            "de AGB-code moet uit precies 8 cijfers bestaan",
            "heeft meer dan twee decimalen",
            "de bandbreedte 1,5 ligt niet tussen 0 en 1",
            "het profiel 'profile' moet vier aandelen per kwartaal hebben",
            "er is al een lumpsum voor deze aanbieder in dit segment",
            "de vier aandelen van het profiel tellen op tot 1,1 in plaats van 1",
            "de verdeling noemt gemeente 'GM1234', die niet in de gemeentelijst staat",
            "de verdeling noemt gemeente GM0294, die niet deelneemt aan segment AMB",
            "het bedrag moet groter dan 0 zijn",
            "het contracttarief van 45A11 moet groter dan 0 zijn",
            "'bad' is geen productcode",
            "'allocation' is \"clients\" of een verdeling in bedragen",
        ];
        foreach (var text in expected)
            Assert.True(e.Errors.Any(x => x.Contains(text)), $"Missing: {text}\nGot:\n{string.Join("\n", e.Errors)}");
        Assert.Contains(e.Errors, x => x.StartsWith("Lumpsum 7") && x.Contains("moet vier aandelen per kwartaal hebben, elk 0 of meer"));
    }

    [Fact]
    public void Not_json_or_unknown_fields_are_one_clear_error()
    {
        var e = Assert.Throws<ConfigurationException>(() => LumpsumConfigurationParser.Parse("""{ "year": 2025, "lumpsum": [] }"""));
        Assert.Contains("geen geldige JSON", Assert.Single(e.Errors));
        Assert.Throws<ConfigurationException>(() => LumpsumConfigurationParser.Parse("[1,"));
        Assert.Throws<ConfigurationException>(() => LumpsumConfigurationParser.Parse(""));
    }

    [Fact]
    public void A_segment_whose_municipalities_have_no_clients_cannot_use_the_clients_key()
    {
        var e = Assert.Throws<ConfigurationException>(() => LumpsumConfigurationParser.Parse("""
            { "year": 2025, "municipalities": [ { "code": "GM0197", "clients": 0 } ],
              "lumpsums": [ { "agb": "12345678", "segment": "AMB", "amount": 10 } ] }
            """));
        Assert.Contains("heeft cliënten", Assert.Single(e.Errors));
    }

    [Fact]
    public void Stored_municipalities_and_participation_apply_when_the_file_has_none()
    {
        var municipalities = LumpsumConfigurationParser.ParseMunicipalities("""
            { "municipalities": [ { "code": "GM0001", "name": "Een", "clients": 1 }, { "code": "GM0002", "name": "Twee", "clients": 3 } ] }
            """);
        var participation = LumpsumConfigurationParser.ParseParticipation("""{ "participation": { "AMB": ["GM0002"] } }""", municipalities);
        var configuration = LumpsumConfigurationParser.Parse("""
            { "year": 2025, "lumpsums": [ { "agb": "12345678", "segment": "AMB", "amount": 10 }, { "agb": "12345678", "segment": "DYS", "amount": 10 } ] }
            """, new MunicipalitySetup(municipalities, participation));
        Assert.Equal([("GM0002", 10m)], configuration.Find("12345678", "AMB")!.Allocation.Select(a => (a.Code, a.Allocated)));
        Assert.Equal([("GM0001", 2.50m), ("GM0002", 7.50m)], configuration.Find("12345678", "DYS")!.Allocation.Select(a => (a.Code, a.Allocated)));

        var e = Assert.Throws<ConfigurationException>(() =>
            LumpsumConfigurationParser.ParseParticipation("""{ "participation": { "AMB": ["GM0197"] } }""", municipalities));
        Assert.Contains("GM0197", Assert.Single(e.Errors));
    }
}
