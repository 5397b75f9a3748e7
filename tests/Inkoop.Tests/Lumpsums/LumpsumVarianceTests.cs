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
    public void Money_is_rounded_half_away_from_zero_at_presentation_only()
    {
        // Realised 0.005 + 0.005 (two rows of 0.00005 units at 100): summed unrounded to 0.01; each alone would round to 0.01 too,
        // but their sum rounded per row would be 0.02.
        var configuration = Configuration();
        var report = RealisationValidator.Validate("q1", Table(Row(1, "GM0197", "45A11", 0.00005m), Row(1, "GM0197", "45A11", 0.00005m),
            Row(1, "GM0222", "45A11", 0.00005m)), null, configuration, Contract);
        var line = LumpsumVariance.Compute(configuration, 1, RealisationReports.Supersede([report])).Lumpsums.Single();
        Assert.Equal(0.02m, line.Realised);                         // 0.015 -> 0.02 (away from zero)
        Assert.Equal(0.01m, line.Municipalities.Single(m => m.Code == "GM0197").Realised);
        Assert.Equal(0.01m, line.Municipalities.Single(m => m.Code == "GM0222").Realised); // 0.005 -> 0.01
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
