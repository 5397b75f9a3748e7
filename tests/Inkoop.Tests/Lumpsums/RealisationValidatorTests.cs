using Inkoop.Domain.Formats;
using Inkoop.Domain.Lumpsums;
using Inkoop.Domain.Tariffs;
using static Inkoop.Tests.Lumpsums.LumpsumTestData;

namespace Inkoop.Tests.Lumpsums;

/// <summary>Sections 3 and 7: a report is keyed by its first row; rows with an error finding are left out, the rest counts.</summary>
public class RealisationValidatorTests
{
    [Fact]
    public void A_clean_report_is_keyed_by_its_first_row_and_valued_at_the_contract_prices()
    {
        var report = Report("q1.xlsx", Row(1, "GM0197", "45A11", 10), Row(1, "gm0222", "45a12", 3.5m));
        Assert.Equal(ReportStatus.Accepted, report.Status);
        Assert.Equal(new RealisationKey(2025, 1, "12345678", "AMB"), report.Key);
        Assert.Equal([1000m, 175m], report.Lines.Select(l => l.Value));
        Assert.Equal("GM0222", report.Lines[1].Municipality);
    }

    [Fact]
    public void Each_bad_row_is_a_finding_with_its_cell_and_is_left_out()
    {
        var report = Report("q2.xlsx",
            Row(2, "GM0197", "45A11", 1),
            Row(2, "GM0294", "45A11", 1),                                   // Winterswijk does not take part in AMB
            Row(2, "GM9999", "45A11", 1),                                   // no such municipality
            Row(2, "GM0197", "45A99", 1),                                   // no contract price
            Row(2, "GM0197", "45A11", -1),                                  // negative
            [2025m, 2m, "12345678", "AMB", "GM0197", "45A11", "veel"],      // not a number
            [2025m, 2m, "12345678", "AMB", "GM0197", "45A11", "2,5"],       // Dutch number text: a warning, counted
            Row(3, "GM0197", "45A11", 1),                                   // another quarter than the first row
            Row(2, "GM0197", "45A11", 1, agb: "87654321"),                  // another provider
            Row(2, "GM0197", "45A11", 1, year: 2024),                       // another year
            [2025m, 2m, "12345678", "AMB", null, "45A11", 1m]);             // municipality missing
        Assert.Equal(ReportStatus.HasErrors, report.Status);
        Assert.Equal([100m, 250m], report.Lines.Select(l => l.Value));
        var codes = report.Findings.Select(f => (f.Code, f.Cell)).ToList();
        Assert.Equal(
        [
            (RealisationFindingCodes.MunicipalityNotParticipating, "Realisatie!E3"),
            (RealisationFindingCodes.UnknownMunicipality, "Realisatie!E4"),
            (RealisationFindingCodes.NoReferenceTariff, "Realisatie!F5"),
            (RealisationFindingCodes.NegativeVolume, "Realisatie!G6"),
            (FindingCodes.NotANumber, "Realisatie!G7"),
            (FindingCodes.NumberAsText, "Realisatie!G8"),
            (RealisationFindingCodes.RowKeyMismatch, "Realisatie!B9"),
            (RealisationFindingCodes.RowKeyMismatch, "Realisatie!C10"),
            (RealisationFindingCodes.RowKeyMismatch, "Realisatie!A11"),
            (FindingCodes.RequiredMissing, "Realisatie!E12"),
        ], codes);
        Assert.All(report.Findings, f => Assert.False(string.IsNullOrWhiteSpace(f.Message)));
        Assert.Contains("neemt niet deel aan segment AMB", report.Findings[0].Message);
    }

    [Fact]
    public void A_first_row_with_a_year_that_is_not_the_configured_one_or_a_quarter_outside_1_to_4_rejects_the_report()
    {
        var year = Report("oud.xlsx", Row(1, "GM0197", "45A11", 1, year: 2024));
        Assert.True(year.IsRejected);
        Assert.Equal(RealisationFindingCodes.YearMismatch, Assert.Single(year.Findings).Code);
        Assert.Equal("Realisatie!A2", year.Findings[0].Cell);

        var quarter = Report("q5.xlsx", Row(5, "GM0197", "45A11", 1));
        Assert.True(quarter.IsRejected);
        Assert.Equal(RealisationFindingCodes.QuarterInvalid, Assert.Single(quarter.Findings).Code);
    }

    [Fact]
    public void A_report_for_a_provider_and_segment_without_lumpsum_counts_nowhere()
    {
        var report = Report("x.xlsx", Row(1, "GM0197", "45A11", 1, agb: "99999999"));
        Assert.True(report.IsRejected);
        Assert.Equal(RealisationFindingCodes.NoLumpsum, Assert.Single(report.Findings).Code);
    }

    [Fact]
    public void Normalised_reference_tells_unknown_products_from_products_without_tariff()
    {
        var configuration = Configuration("""
            { "year": 2025, "lumpsums": [ { "agb": "12345678", "segment": "AMB", "amount": 1000 } ] }
            """);
        var normalised = ReferenceTariffs.Of([new ReferenceTariff("45A11", 73.26m, null), new ReferenceTariff("45A12", null, "te weinig formats")]);
        var report = RealisationValidator.Validate("r.xlsx", Table(Row(1, "GM0197", "45A11", 2), Row(1, "GM0197", "45A12", 1), Row(1, "GM0197", "ZZZZZ", 1)),
            null, configuration, LumpsumReference.For(normalised));
        Assert.Equal([146.52m], report.Lines.Select(l => l.Value));
        Assert.Equal([RealisationFindingCodes.NoReferenceTariff, FindingCodes.UnknownProduct], report.Findings.Select(f => f.Code));
    }

    [Fact]
    public void Missing_table_columns_or_rows_reject_the_report()
    {
        var configuration = Configuration();
        Assert.Equal(FindingCodes.TableMissing, RealisationValidator.Validate("a", null, null, configuration, Contract).Findings.Single().Code);
        var noVolume = new RawTable(RealisationSchema.Table, "Blad1!B2", RealisationSchema.Columns.Take(6), []);
        var missing = RealisationValidator.Validate("b", noVolume, null, configuration, Contract);
        Assert.Equal((FindingCodes.ColumnMissing, "Volume", "Blad1!B2"), (missing.Findings.Single().Code, missing.Findings[0].Variable, missing.Findings[0].Cell));
        Assert.Equal(RealisationFindingCodes.ReportEmpty, RealisationValidator.Validate("c", Table(), null, configuration, Contract).Findings.Single().Code);
    }

    [Fact]
    public void Over_http_the_upload_key_keys_an_empty_report_and_must_match_the_rows()
    {
        var configuration = Configuration();
        var key = new RealisationKey(2025, 3, "12345678", "AMB");
        var empty = RealisationValidator.Validate("leeg", Table(), null, configuration, Contract, key);
        Assert.Equal((ReportStatus.Accepted, key), (empty.Status, empty.Key));

        var other = RealisationValidator.Validate("ander", Table(Row(2, "GM0197", "45A11", 1)), null, configuration, Contract, key);
        Assert.True(other.IsRejected);
        Assert.Equal(RealisationFindingCodes.ReportKeyMismatch, other.Findings.Single().Code);
    }

    [Fact]
    public void Json_reports_read_like_workbooks_with_paths_as_cells()
    {
        var (table, keyRow) = RealisationJson.Read("""
            { "year": 2025, "quarter": 1, "agb": "12345678", "segment": "AMB",
              "rows": [ { "municipality": "GM0197", "product": "45A11", "volume": 4 },
                        { "municipality": "GM0222", "product": "45A11", "volume": -2 } ] }
            """);
        var report = RealisationValidator.Validate("q1.json", table, keyRow, Configuration(), Contract);
        Assert.Equal(new RealisationKey(2025, 1, "12345678", "AMB"), report.Key);
        Assert.Equal([400m], report.Lines.Select(l => l.Value));
        Assert.Equal(("NEGATIVE_VOLUME", "rows[1].volume"), (report.Findings.Single().Code, report.Findings[0].Cell));

        var (emptyTable, emptyKey) = RealisationJson.Read("""{ "year": 2025, "quarter": 2, "agb": 12345678, "segment": "AMB", "rows": [] }""");
        var empty = RealisationValidator.Validate("q2.json", emptyTable, emptyKey, Configuration(), Contract);
        Assert.Equal((ReportStatus.Accepted, 2), (empty.Status, empty.Key!.Quarter));

        Assert.Throws<FormatException>(() => RealisationJson.Read("{ nope"));
        Assert.Throws<FormatException>(() => RealisationJson.Read("""{ "rows": 3 }"""));
    }

    [Fact]
    public void The_newest_report_of_a_key_supersedes_older_ones_and_rejected_ones_never_do()
    {
        var first = Report("a-q1.xlsx", Row(1, "GM0197", "45A11", 1));
        var second = Report("b-q1.xlsx", Row(1, "GM0197", "45A11", 2));
        var rejected = Report("c-q1.xlsx", Row(1, "GM0197", "45A11", 2, year: 2024));
        var q2 = Report("a-q2.xlsx", Row(2, "GM0197", "45A11", 2));
        var inUse = RealisationReports.Supersede([first, second, rejected, q2]);
        Assert.Equal(["b-q1.xlsx", null, null, null], inUse.Select(r => r.SupersededBy));
        Assert.Equal([false, true, false, true], inUse.Select(r => r.Counts));
    }
}
