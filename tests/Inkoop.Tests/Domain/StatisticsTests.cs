using Inkoop.Domain.Formats;
using Inkoop.Domain.Normalisation;
using Inkoop.Domain.Rounds;
using Inkoop.Tests.Support;

namespace Inkoop.Tests.Domain;

public class StatisticsTests
{
    [Fact]
    public void Percentile_inc_interpolates_between_closest_ranks_like_excel()
    {
        decimal[] sorted = [1836, 1872, 1872, 1872];
        Assert.Equal(1863m, Statistics.PercentileInc(sorted, 0.25m));
        Assert.Equal(1872m, Statistics.PercentileInc(sorted, 0.75m));
        // Excel: PERCENTILE.INC({1,2,3,4,5}, 0.6) = 3.4; of one value it is that value.
        Assert.Equal(3.4m, Statistics.PercentileInc([1, 2, 3, 4, 5], 0.6m));
        Assert.Equal(7m, Statistics.PercentileInc([7], 0.3m));
        Assert.Equal(5m, Statistics.PercentileInc([1, 5], 1m));
        Assert.Equal(1m, Statistics.PercentileInc([1, 5], 0m));
    }

    [Fact]
    public void Median_of_even_and_odd_counts()
    {
        Assert.Equal(2.5m, Statistics.Median([1, 2, 3, 4]));
        Assert.Equal(3m, Statistics.Median([1, 3, 9]));
    }

    [Fact]
    public void Weighted_mean_uses_the_weights_and_is_null_when_they_add_up_to_zero()
    {
        Assert.Equal(2.5m, Statistics.WeightedMean([1, 3], [1, 3]));
        Assert.Null(Statistics.WeightedMean([1, 3], [0, 0]));
    }

    [Fact]
    public void Trimmed_mean_cuts_floor_n_times_trim_from_each_end()
    {
        // n = 5, trim 0.2: one value from each end.
        Assert.Equal(3m, Statistics.TrimmedMean([1, 2, 3, 4, 100], 0.2m));
        // n = 4, trim 0.2: floor(0.8) = 0, nothing cut.
        Assert.Equal(27.5m, Statistics.TrimmedMean([1, 2, 7, 100], 0.2m));
    }

    [Fact]
    public void Tukey_fences_keep_a_value_on_the_fence()
    {
        // Q1 = 2, Q3 = 4, IQR = 2, k = 1.5: fences -1 and 7.
        decimal[] sorted = [1, 2, 3, 4, 5];
        var (lower, upper) = Statistics.TukeyFences(sorted, 1.5m);
        Assert.Equal(-1m, lower);
        Assert.Equal(7m, upper);
    }

    // ---- the outlier step inside normalisation ----

    private static RoundConfiguration RoundWith(string defaultRule) => RoundConfigurationParser.Parse($$"""
        { "round": "voorbeeld-2025", "referenceYear": 2023,
          "products": [ { "code": "45A11", "unit": "uur" } ],
          "normalisation": { "default": {{defaultRule}} } }
        """);

    private static Norm OverheadNorm(RoundConfiguration round, params decimal[] overheads)
    {
        var formats = overheads.Select((o, i) => FormatValidator.Validate(
            FormatData.Valid((10000000 + i).ToString()).Set(FormatSchema.Overhead, o).ToRaw(), round)).ToList();
        return Normaliser.Normalise(round, formats).Single(n => n.Key == FormatSchema.Overhead);
    }

    [Fact]
    public void With_fewer_than_four_values_there_is_no_outlier_step()
    {
        var norm = OverheadNorm(RoundWith("""{ "statistic": "mean", "outliers": "tukey", "minRespondents": 3 }"""), 0.10m, 0.11m, 0.39m);
        Assert.Equal(0.20m, norm.Value);
        Assert.Empty(norm.Excluded);
        Assert.Equal(3, norm.N);
    }

    [Fact]
    public void With_an_iqr_of_zero_every_other_value_is_an_outlier()
    {
        var norm = OverheadNorm(RoundWith("""{ "statistic": "mean", "outliers": "tukey", "minRespondents": 3 }"""), 0.2m, 0.2m, 0.2m, 0.2m, 0.2m, 0.25m);
        Assert.Equal(0.2m, norm.Value);
        Assert.Equal(5, norm.N);
        Assert.Equal(Exclusion.Outlier, Assert.Single(norm.Excluded).Reason);
    }

    [Fact]
    public void Ties_on_the_fence_all_stay()
    {
        // Sorted 0.1 0.1 0.2 0.3 0.3: Q1 0.1, Q3 0.3, IQR 0.2, k = 0: fences are exactly 0.1 and 0.3.
        var norm = OverheadNorm(RoundWith("""{ "statistic": "median", "outliers": "tukey", "k": 0, "minRespondents": 3 }"""), 0.1m, 0.3m, 0.2m, 0.1m, 0.3m);
        Assert.Empty(norm.Excluded);
        Assert.Equal(0.2m, norm.Value);
        Assert.Equal("median", norm.Statistic);
    }

    [Fact]
    public void Too_few_values_without_benchmark_is_not_computable_with_a_reason()
    {
        var norm = OverheadNorm(RoundWith("""{ "statistic": "mean", "minRespondents": 3 }"""), 0.1m, 0.3m);
        Assert.Null(norm.Value);
        Assert.False(norm.BenchmarkUsed);
        Assert.Contains("n = 2, minimaal 3", norm.Reason);
    }

    [Fact]
    public void Percentile_and_trimmed_mean_and_weighted_mean_are_applied_as_configured()
    {
        var p = OverheadNorm(RoundWith("""{ "statistic": "percentile", "p": 0.6, "outliers": "none" }"""), 0.1m, 0.2m, 0.3m, 0.4m, 0.35m);
        Assert.Equal(0.32m, p.Value); // sorted .1 .2 .3 .35 .4, h = 2.4: .3 + .4 * .05
        var t = OverheadNorm(RoundWith("""{ "statistic": "trimmedMean", "trim": 0.2, "outliers": "none" }"""), 0.1m, 0.2m, 0.3m, 0.4m, 0.35m);
        Assert.Equal(0.2833333333333333333333333333m, t.Value);
        // Weighted by total FTE (30 for every provider built by FormatData.Valid): equals the mean.
        var w = OverheadNorm(RoundWith("""{ "statistic": "weightedMean", "outliers": "none" }"""), 0.1m, 0.2m, 0.3m);
        Assert.Equal(0.2m, w.Value);
    }

    [Fact]
    public void Weighted_mean_of_salaries_uses_the_fte_of_the_level()
    {
        var round = RoundConfigurationParser.Parse("""
            { "round": "voorbeeld-2025", "referenceYear": 2023, "products": [ { "code": "45A11", "unit": "uur" } ],
              "normalisation": { "variables": { "Brutojaarsalaris": { "statistic": "weightedMean", "outliers": "none" } } } }
            """);
        FormatData P(string agb, decimal fte, decimal salary)
        {
            var data = FormatData.Valid(agb);
            data.Personeel[1][FormatSchema.Fte] = fte;
            data.Personeel[1][FormatSchema.Brutojaarsalaris] = salary;
            return data;
        }
        var formats = new[] { P("11111111", 1, 40000), P("22222222", 3, 48000), P("33333333", 4, 50000) }
            .Select(d => FormatValidator.Validate(d.ToRaw(), round)).ToList();
        var norm = Normaliser.Normalise(round, formats).Single(n => n.Key == "Brutojaarsalaris[HBO]");
        Assert.Equal((40000m * 1 + 48000 * 3 + 50000 * 4) / 8, norm.Value);
        Assert.Equal("weightedMean", norm.Statistic);
    }

    [Fact]
    public void Normalised_shares_that_do_not_add_up_to_one_are_rescaled()
    {
        var round = RoundConfigurationParser.Parse("""
            { "round": "voorbeeld-2025", "referenceYear": 2023, "products": [ { "code": "45A11", "unit": "uur" } ],
              "normalisation": { "variables": { "Aandeel_HBO": { "statistic": "median" } } } }
            """);
        FormatData P(string agb, decimal mbo4, decimal hbo)
        {
            var data = FormatData.Valid(agb);
            data.Producten[0][FormatSchema.ShareColumn("MBO4")] = mbo4;
            data.Producten[0][FormatSchema.ShareColumn("HBO")] = hbo;
            return data;
        }
        var formats = new[] { P("11111111", 0.1m, 0.9m), P("22222222", 0.5m, 0.5m), P("33333333", 0.6m, 0.4m) }
            .Select(d => FormatValidator.Validate(d.ToRaw(), round)).ToList();
        var norms = Normaliser.Normalise(round, formats);
        // mean MBO4 = 0.4, median HBO = 0.5: sum 0.9, rescaled to 4/9 and 5/9.
        var mbo4 = norms.Single(n => n.Key == "Aandeel_MBO4[45A11]");
        var hbo = norms.Single(n => n.Key == "Aandeel_HBO[45A11]");
        Assert.True(mbo4.Rescaled);
        Assert.Equal(0.4m / 0.9m, mbo4.Value);
        Assert.Equal(0.5m / 0.9m, hbo.Value);
        Assert.Equal(1m, Math.Round(FormatSchema.ShareVariables.Sum(v => norms.Single(n => n.Key == $"{v}[45A11]").Value!.Value), 20));
    }
}
