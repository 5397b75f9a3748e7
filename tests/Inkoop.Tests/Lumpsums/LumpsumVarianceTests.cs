using Inkoop.Domain.Lumpsums;
using static Inkoop.Tests.Lumpsums.LumpsumTestData;

namespace Inkoop.Tests.Lumpsums;

/// <summary>
/// Section 4 and 7 by hand. The lumpsum is 351,500.00 (Aalten 81,300, Doetinchem 270,200), bandwidth 3%, and product
/// 45A11 is valued at 100 a unit, so a volume of v is a realised value of 100 v.
/// </summary>
public class LumpsumVarianceTests
{
    /// <summary>One report per quarter with the realised value of Aalten and of Doetinchem.</summary>
    private static VarianceResult Variance(int quarter, string json = Json, params (int Quarter, decimal Aalten, decimal Doetinchem)[] realised)
    {
        var configuration = Configuration(json);
        var reports = realised.Select(r => RealisationValidator.Validate($"q{r.Quarter}.xlsx",
            Table(Row(r.Quarter, "GM0197", "45A11", r.Aalten / 100m), Row(r.Quarter, "GM0222", "45A11", r.Doetinchem / 100m)),
            null, configuration, Contract)).ToList();
        return LumpsumVariance.Compute(configuration, quarter, RealisationReports.Supersede(reports));
    }

    [Fact]
    public void Year_to_date_against_Q_over_4_per_lumpsum_and_per_municipality()
    {
        var line = Variance(2, Json, (1, 20_000m, 70_000m), (2, 20_000m, 70_000m)).Lumpsums.Single();
        Assert.Equal(175_750.00m, line.Expected);                 // 351,500 * 2/4
        Assert.Equal(180_000.00m, line.Realised);
        Assert.Equal(4_250.00m, line.Variance);
        Assert.Equal(0.0242m, line.VariancePct);                  // 4,250 / 175,750 = 0.024182
        Assert.Equal(VarianceStatus.Within, line.Status);
        Assert.Equal(360_000.00m, line.Forecast);                 // 180,000 * 4 / 2
        Assert.Null(line.Settlement);
        Assert.Equal([(1, (decimal?)90_000m), (2, 90_000m)], line.Quarters.Select(q => (q.Quarter, q.Realised)));

        var aalten = line.Municipalities.Single(m => m.Code == "GM0197");
        Assert.Equal((81_300m, 40_650m, 40_000m, -650m), (aalten.Allocated, aalten.Expected!.Value, aalten.Realised!.Value, aalten.Variance!.Value));
        Assert.Equal(-0.016m, aalten.VariancePct);                // -650 / 40,650 = -0.01599
        Assert.Equal(VarianceStatus.Within, aalten.Status);
        var doetinchem = line.Municipalities.Single(m => m.Code == "GM0222");
        Assert.Equal((135_100m, 140_000m, 4_900m), (doetinchem.Expected!.Value, doetinchem.Realised!.Value, doetinchem.Variance!.Value));
        Assert.Equal(0.0363m, doetinchem.VariancePct);            // 4,900 / 135,100 = 0.03627
        Assert.Equal(VarianceStatus.Over, doetinchem.Status);
    }

    [Theory]
    [InlineData("181022.50", "within", "0.03")]      // exactly +3.00%: within
    [InlineData("181022.51", "over", "0.03")]        // a cent more: over, though 3.00% rounded
    [InlineData("170477.50", "within", "-0.03")]     // exactly -3.00%: within
    [InlineData("170477.49", "under", "-0.03")]
    public void The_band_edges_are_decided_on_unrounded_values(string realisedText, string status, string pct)
    {
        var realised = decimal.Parse(realisedText, System.Globalization.CultureInfo.InvariantCulture);
        // Expected at Q2: 175,750; all of it realised in Doetinchem in Q2, nothing in Q1.
        var line = Variance(2, Json, (1, 0m, 0m), (2, 0m, realised)).Lumpsums.Single();
        Assert.Equal(status, line.Status.ToString().ToLowerInvariant());
        Assert.Equal(decimal.Parse(pct, System.Globalization.CultureInfo.InvariantCulture), line.VariancePct);
    }

    [Fact]
    public void A_missing_quarter_makes_the_status_missing_and_the_figures_null_but_lists_what_was_realised()
    {
        var line = Variance(3, Json, (1, 20_000m, 70_000m), (3, 1m, 2m)).Lumpsums.Single();
        Assert.Equal(VarianceStatus.Missing, line.Status);
        Assert.Equal([null, null, null, null, null, null], new[] { line.Expected, line.Realised, line.Variance, line.VariancePct, line.Forecast, line.Settlement });
        Assert.Equal([(1, (decimal?)90_000m), (2, null), (3, 3m)], line.Quarters.Select(q => (q.Quarter, q.Realised)));
        Assert.All(line.Municipalities, m => Assert.Equal((VarianceStatus.Missing, (decimal?)null), (m.Status, m.Realised)));

        // A report without rows for a municipality is a realised 0 for it, not missing.
        var zero = Variance(1, Json, (1, 0m, 87_875m)).Lumpsums.Single();
        Assert.Equal((VarianceStatus.Under, (decimal?)0m, (decimal?)-1m), (zero.Municipalities[0].Status, zero.Municipalities[0].Realised, zero.Municipalities[0].VariancePct));
    }

    [Fact]
    public void Q4_settles_what_lies_outside_the_band_over()
    {
        // 400,000 realised: variance 48,500; band 3% of 351,500 = 10,545; settlement 37,955.
        var line = Variance(4, Json, (1, 0m, 100_000m), (2, 0m, 100_000m), (3, 0m, 100_000m), (4, 0m, 100_000m)).Lumpsums.Single();
        Assert.Equal((VarianceStatus.Over, (decimal?)48_500m, (decimal?)37_955m, (decimal?)400_000m),
            (line.Status, line.Variance, line.Settlement, line.Forecast));
        // Aalten realised nothing: -81,300, band 2,439: settles -78,861.
        Assert.Equal(-78_861m, line.Municipalities.Single(m => m.Code == "GM0197").Settlement);
    }

    [Fact]
    public void Q4_settles_what_lies_outside_the_band_under_and_nothing_within()
    {
        var under = Variance(4, Json, (1, 0m, 75_000m), (2, 0m, 75_000m), (3, 0m, 75_000m), (4, 0m, 75_000m)).Lumpsums.Single();
        Assert.Equal((VarianceStatus.Under, (decimal?)-51_500m, (decimal?)-40_955m), (under.Status, under.Variance, under.Settlement));

        var within = Variance(4, Json, (1, 0m, 90_000m), (2, 0m, 90_000m), (3, 0m, 90_000m), (4, 0m, 85_000m)).Lumpsums.Single();
        Assert.Equal((VarianceStatus.Within, (decimal?)3_500m, (decimal?)0m), (within.Status, within.Variance, within.Settlement));
    }

    [Fact]
    public void A_seasonal_profile_sets_expected_and_forecast_by_its_cumulative_share()
    {
        const string seasonal = """
            { "year": 2025, "participation": { "AMB": ["GM0197", "GM0222"] },
              "lumpsums": [ { "agb": "12345678", "segment": "AMB", "amount": 351500.00, "tariffs": { "45A11": 100 },
                              "profile": [0.1, 0.2, 0.3, 0.4] } ] }
            """;
        var line = Variance(2, seasonal, (1, 10_000m, 25_000m), (2, 20_000m, 50_000m)).Lumpsums.Single();
        Assert.Equal(105_450.00m, line.Expected);                 // 351,500 * (0.1 + 0.2)
        Assert.Equal(105_000.00m, line.Realised);
        Assert.Equal(-0.0043m, line.VariancePct);                 // -450 / 105,450
        Assert.Equal(350_000.00m, line.Forecast);                 // 105,000 / 0.3
        Assert.Equal(24_390.00m, line.Municipalities.Single(m => m.Code == "GM0197").Expected);

        // Q3 without profile: forecast is realised * 4 / 3, rounded to cents only at the end.
        var even = Variance(3, Json, (1, 0m, 100m), (2, 0m, 0m), (3, 0m, 0m)).Lumpsums.Single();
        Assert.Equal(133.33m, even.Forecast);
    }

    [Fact]
    public void A_municipality_allocated_nothing_has_no_percentage_and_any_realisation_is_over()
    {
        const string json = """
            { "year": 2025, "participation": { "AMB": ["GM0197", "GM0222"] },
              "lumpsums": [ { "agb": "12345678", "segment": "AMB", "amount": 1000.00, "tariffs": { "45A11": 100 },
                              "allocation": { "GM0222": 1000.00 } } ] }
            """;
        var line = Variance(1, json, (1, 100m, 250m)).Lumpsums.Single();
        var aalten = line.Municipalities.Single(m => m.Code == "GM0197");
        Assert.Equal((0m, (decimal?)0m, (decimal?)null, VarianceStatus.Over), (aalten.Allocated, aalten.Expected, aalten.VariancePct, aalten.Status));
    }

    [Fact]
    public void Each_row_is_valued_in_cents_like_an_invoice_line_and_realised_is_their_sum()
    {
        // Three rows of 0.00005 units at 100 are worth 0.005 each: 0.01 per row, half away from zero. Aalten has two rows
        // (0.02), Doetinchem one (0.01), and the lumpsum is their sum (0.03), not the rounded 0.015 of the raw total.
        var configuration = Configuration();
        var report = RealisationValidator.Validate("q1", Table(Row(1, "GM0197", "45A11", 0.00005m), Row(1, "GM0197", "45A11", 0.00005m),
            Row(1, "GM0222", "45A11", 0.00005m)), null, configuration, Contract);
        var line = LumpsumVariance.Compute(configuration, 1, RealisationReports.Supersede([report])).Lumpsums.Single();
        Assert.Equal(0.02m, line.Municipalities.Single(m => m.Code == "GM0197").Realised);
        Assert.Equal(0.01m, line.Municipalities.Single(m => m.Code == "GM0222").Realised);
        Assert.Equal(0.03m, line.Realised);
        Assert.Equal(0.03m, line.Quarters.Single().Realised);
    }

    /// <summary>A lumpsum of 380,000.00 for Aalten alone, so the lumpsum and its one municipality show the same figures.</summary>
    private const string Aalten380k = """
        { "year": 2025, "participation": { "AMB": ["GM0197"] },
          "lumpsums": [ { "agb": "12345678", "segment": "AMB", "amount": 380000.00, "tariffs": { "45A11": 100 } } ] }
        """;

    [Fact]
    public void The_issues_example_realised_342_012_11_against_380_000_00_is_a_variance_of_minus_37_987_89()
    {
        // The realised row is worth 342,012.105 and is shown as 342,012.11; variance and settlement follow from the shown
        // figure: -37,987.89 (not -37,987.90) and -37,987.89 + 11,400.00 = -26,587.89 (not -26,587.90).
        var configuration = Configuration(Aalten380k);
        var reports = Enumerable.Range(1, 4).Select(q => RealisationValidator.Validate($"q{q}.xlsx",
            Table(Row(q, "GM0197", "45A11", q == 4 ? 3_420.12105m : 0m)), null, configuration, Contract)).ToList();
        var line = LumpsumVariance.Compute(configuration, 4, RealisationReports.Supersede(reports)).Lumpsums.Single();
        Assert.Equal((342_012.11m, 380_000.00m, -37_987.89m, -26_587.89m),
            (line.Realised!.Value, line.Expected!.Value, line.Variance!.Value, line.Settlement!.Value));
        Assert.Equal(line.Realised - line.Expected, line.Variance);
        var aalten = line.Municipalities.Single();
        Assert.Equal((342_012.11m, 380_000.00m, -37_987.89m, -26_587.89m),
            (aalten.Realised!.Value, aalten.Expected!.Value, aalten.Variance!.Value, aalten.Settlement!.Value));
    }

    [Fact]
    public void The_issues_example_323_605_74_minus_323_608_32_is_minus_2_58()
    {
        // Aalten is allocated 1,294,433.28: a quarter of it is 323,608.32. It realises one row worth 323,605.735, shown
        // 323,605.74; the variance is what the two shown figures give, -2.58, not the -2.585 -> -2.59 of unrounded values.
        const string json = """
            { "year": 2025, "participation": { "AMB": ["GM0197", "GM0222"] },
              "lumpsums": [ { "agb": "12345678", "segment": "AMB", "amount": 2000000.00, "tariffs": { "45A11": 100 },
                              "allocation": { "GM0197": 1294433.28, "GM0222": 705566.72 } } ] }
            """;
        var line = Variance(1, json, (1, 323_605.735m, 0m)).Lumpsums.Single();
        var aalten = line.Municipalities.Single(m => m.Code == "GM0197");
        Assert.Equal((323_605.74m, 323_608.32m, -2.58m), (aalten.Realised!.Value, aalten.Expected!.Value, aalten.Variance!.Value));
    }

    [Theory]
    [InlineData(1, "351500.01", "0.33", "12.34", "56789.995")]
    [InlineData(2, "1000000.00", "7.77", "0.005", "1.115")]
    [InlineData(3, "99999.99", "123.455", "0.335", "0")]
    [InlineData(4, "12345.67", "17.385", "44.445", "91.005")]
    public void Every_column_adds_up_to_the_cent(int quarter, string amountText, string aaltenText, string doetinchemText, string extraText)
    {
        static decimal D(string text) => decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        // Amounts and realised values that leave half cents and thirds everywhere; Aalten 813 and Doetinchem 2702 clients.
        var json = $$"""
            { "year": 2025, "participation": { "AMB": ["GM0197", "GM0222"] },
              "lumpsums": [ { "agb": "12345678", "segment": "AMB", "amount": {{amountText}}, "tariffs": { "45A11": 100, "45A12": 33.333 } } ] }
            """;
        var configuration = Configuration(json);
        var reports = Enumerable.Range(1, quarter).Select(q => RealisationValidator.Validate($"q{q}.xlsx", Table(
            Row(q, "GM0197", "45A11", D(aaltenText) / 100m), Row(q, "GM0222", "45A11", D(doetinchemText) / 100m),
            Row(q, "GM0222", "45A12", D(extraText) / 7m)), null, configuration, Contract)).ToList();
        var line = LumpsumVariance.Compute(configuration, quarter, RealisationReports.Supersede(reports)).Lumpsums.Single();

        decimal?[] Figures(decimal? expected, decimal? realised, decimal? variance, decimal? forecast, decimal? settlement) =>
            [expected, realised, variance, forecast, settlement];
        Assert.All(Figures(line.Expected, line.Realised, line.Variance, line.Forecast, line.Settlement)
                .Concat(line.Municipalities.SelectMany(m => Figures(m.Expected, m.Realised, m.Variance, m.Forecast, m.Settlement)))
                .Concat(line.Quarters.Select(q => q.Realised)).Where(f => f is not null),
            f => Assert.Equal(Math.Round(f!.Value, 2), f.Value));  // every figure is whole cents
        Assert.Equal(line.Expected, line.Municipalities.Sum(m => m.Expected));
        Assert.Equal(line.Realised, line.Municipalities.Sum(m => m.Realised));
        Assert.Equal(line.Realised, line.Quarters.Sum(q => q.Realised));
        Assert.Equal(line.Variance, line.Municipalities.Sum(m => m.Variance));
        Assert.Equal(line.Realised - line.Expected, line.Variance);
        Assert.All(line.Municipalities, m => Assert.Equal(m.Realised - m.Expected, m.Variance));
        Assert.Equal(Math.Round(line.Amount * quarter / 4m, 2, MidpointRounding.AwayFromZero), line.Expected);
        Assert.Equal(line.Amount, line.Municipalities.Sum(m => m.Allocated));
        if (quarter == 4)
        {
            var band = Math.Round(line.Bandwidth * line.Amount, 2, MidpointRounding.AwayFromZero);
            Assert.Equal(Math.Sign(line.Variance!.Value) * Math.Max(0, Math.Abs(line.Variance.Value) - band), line.Settlement);
        }
    }

    [Fact]
    public void Municipalities_split_the_lumpsums_expected_by_the_largest_remainders()
    {
        // 0.03 over three quarters of the year: expected 0.02 (0.0225 -> 0.02). Split by the allocations 0.01 (Aalten)
        // and 0.02 (Doetinchem) that is 2/3 and 4/3 of a cent: the floors 0 and 1 leave a cent for the larger remainder,
        // Aalten's 2/3 (not Doetinchem's 1/3), so they add up to 0.02 where rounding each (0.01 + 0.01) happens to agree
        // but for different reasons.
        const string json = """
            { "year": 2025, "participation": { "AMB": ["GM0197", "GM0222"] },
              "lumpsums": [ { "agb": "12345678", "segment": "AMB", "amount": 0.03, "tariffs": { "45A11": 100 },
                              "allocation": { "GM0197": 0.01, "GM0222": 0.02 } } ] }
            """;
        var line = Variance(3, json, (1, 0m, 0m), (2, 0m, 0m), (3, 0m, 0m)).Lumpsums.Single();
        Assert.Equal(0.02m, line.Expected);
        Assert.Equal([("GM0197", (decimal?)0.01m), ("GM0222", 0.01m)], line.Municipalities.Select(m => (m.Code, m.Expected)));
    }

    [Fact]
    public void Superseded_and_rejected_reports_are_listed_with_their_status()
    {
        var configuration = Configuration();
        var old = RealisationValidator.Validate("1-q1.xlsx", Table(Row(1, "GM0197", "45A11", 1)), null, configuration, Contract);
        var repaired = RealisationValidator.Validate("2-q1.xlsx", Table(Row(1, "GM0197", "45A11", 2)), null, configuration, Contract);
        var broken = RealisationValidator.Validate("3-q1.xlsx", Table(Row(9, "GM0197", "45A11", 2)), null, configuration, Contract);
        var result = LumpsumVariance.Compute(configuration, 1, RealisationReports.Supersede([old, repaired, broken]));
        Assert.Equal(200m, result.Lumpsums.Single().Realised);
        Assert.Equal([(ReportStatus.Superseded, "2-q1.xlsx"), (ReportStatus.Accepted, null), (ReportStatus.Rejected, null)],
            result.Reports.Select(r => (r.Status, r.SupersededBy)));
    }
}
