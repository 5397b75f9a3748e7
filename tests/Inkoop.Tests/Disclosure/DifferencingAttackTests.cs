using Inkoop.Domain.Disclosure;
using Inkoop.Tests.Shared;
using Inkoop.Domain.Normalisation;

namespace Inkoop.Tests.Disclosure;

/// <summary>
/// The attack of issue 14 on the rounding rule alone: a provider keeps two published states (two final snapshots around
/// one late provider, or a consultation's concept and the final after it) and solves for the late provider's figure.
/// It knows the rule, the exact numbers of providers and even the weights (worse than it can know); what it learns of
/// each published figure is everything that rounds to it (<see cref="Preimage"/>). Every attack is first checked to
/// be sound (the planted figure lies in what it concludes), then shown to leave more than ±1%.
/// </summary>
public class DifferencingAttackTests
{
    private static decimal Published(decimal value) => Coarsening.Round(value);

    /// <summary>The figures <c>a * m2 - b * m1</c> can be, given only the published m1 and m2 (a, b ≥ 0).</summary>
    private static (decimal Low, decimal High) Combine(decimal a, decimal m2, decimal b, decimal m1)
    {
        var (low2, high2) = Preimage.Of(Published(m2));
        var (low1, high1) = Preimage.Of(Published(m1));
        return (a * low2 - b * high1, a * high2 - b * low1);
    }

    private static void AssertNotRecoverable(decimal planted, (decimal Low, decimal High) concluded, string what)
    {
        Assert.True(concluded.Low <= planted && planted <= concluded.High, $"{what}: the attack is unsound, {planted} outside [{concluded.Low}, {concluded.High}]");
        var width = concluded.High - concluded.Low;
        Assert.True(width > 0.02m * Math.Abs(planted), $"{what}: {planted} recovered within [{concluded.Low}, {concluded.High}] (width {width})");
    }

    public static TheoryData<string, decimal[], decimal> MeanCases()
    {
        var random = new Random(1401);
        decimal[] Around(int n, decimal centre, decimal spread) =>
            Enumerable.Range(0, n).Select(_ => Math.Round(centre + (decimal)(random.NextDouble() * 2 - 1) * spread, 2)).ToArray();
        var data = new TheoryData<string, decimal[], decimal>
        {
            { "30 salaries, an ordinary late one", Around(30, 45000m, 4000m), 46250m },
            { "30 salaries, a late one at the band's top", Around(30, 45000m, 4000m), 150000m },
            { "5 salaries, a late one at the band's bottom", Around(5, 60000m, 5000m), 20000m },
            { "Verzuim of 5, a late 15%", Around(5, 0.02m, 0.01m), 0.15m },
            { "Verzuim of 40, a late 0.1%", Around(40, 0.06m, 0.03m), 0.001m },
            { "shares of 8, a late 1", Around(8, 0.3m, 0.2m), 1m },
            { "productivity of 12", Around(12, 0.68m, 0.1m), 0.9m },
        };
        // The mean after lands just below and just above a zone edge (39,999.99 and 40,000.01), where steps change.
        foreach (var target in new[] { 39999.99m, 40000.01m, 7.999m, 8.001m })
        {
            var before = Around(9, target, target / 20);
            data.Add($"mean after at {target}", before, 10 * target - before.Sum());
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(MeanCases))]
    public void Mean_two_states_around_one_late_provider_leave_more_than_one_percent(string what, decimal[] before, decimal late)
    {
        var after = before.Append(late).ToArray();
        var (m1, m2) = (Statistics.Mean(before), Statistics.Mean(after));
        // late = n2 * m2 - n1 * m1
        AssertNotRecoverable(late, Combine(after.Length, m2, before.Length, m1), what);
    }

    [Fact]
    public void Whole_euros_give_a_late_salary_away_the_way_issue_14_says()
    {
        var before = Enumerable.Range(0, 30).Select(i => 43000m + 137.31m * i).ToArray();
        var late = 46250m;
        var (m1, m2) = (Statistics.Mean(before), Statistics.Mean(before.Append(late).ToList()));
        var (r1, r2) = (Math.Round(m1), Math.Round(m2));
        var width = 31 * (r2 + 0.5m) - 30 * (r1 - 0.5m) - (31 * (r2 - 0.5m) - 30 * (r1 + 0.5m));
        Assert.True(width < 0.02m * late, "whole euros leave 61 euro on 46,250: recovered within 0.07%");
        AssertNotRecoverable(late, Combine(31, m2, 30, m1), "the same with the rule");
    }

    [Theory]
    [InlineData(46250, 20)]
    [InlineData(39999.5, 6)]
    [InlineData(0.0799, 8)]
    public void Median_a_late_provider_that_becomes_the_median_is_not_given_away(decimal late, int before)
    {
        // An even number of providers, half below and half above the late one: the median after is the late figure.
        var values = Enumerable.Range(0, before / 2).Select(i => late * (0.9m - 0.01m * i))
            .Concat(Enumerable.Range(0, before / 2).Select(i => late * (1.1m + 0.01m * i))).ToArray();
        var after = values.Append(late).Order().ToList();
        Assert.Equal(late, Statistics.Median(after));
        AssertNotRecoverable(late, Preimage.Of(Published(Statistics.Median(after))), "median = the late figure");
    }

    [Theory]
    [InlineData(46250, 5)]
    [InlineData(40010, 7)]
    [InlineData(0.62, 9)]
    public void Median_a_late_provider_next_to_the_middle_is_not_given_away_by_two_medians(decimal late, int before)
    {
        // An odd number before; the late figure lands just below the middle one, so median after = (late + m1) / 2.
        var middle = late * 1.015m;
        var values = Enumerable.Range(0, before / 2).Select(i => late * (0.8m - 0.01m * i)).Append(middle)
            .Concat(Enumerable.Range(0, before / 2).Select(i => late * (1.2m + 0.01m * i))).Order().ToList();
        var after = values.Append(late).Order().ToList();
        var (m1, m2) = (Statistics.Median(values), Statistics.Median(after));
        Assert.Equal(late, 2 * m2 - m1);
        AssertNotRecoverable(late, Combine(2, m2, 1, m1), "late = 2 * m2 - m1");
    }

    [Theory]
    [InlineData(150000, 0.49)]
    [InlineData(20000, 0.49)]
    [InlineData(46250, 0.2)]
    [InlineData(46250, 0.01)]
    public void Weighted_mean_with_known_weights_does_not_give_the_late_provider_away(decimal late, decimal share)
    {
        var values = new[] { 41000m, 45500m, 47250m, 52000m, 39000m, 44000m };
        var weights = new[] { 12m, 30m, 7.5m, 4m, 18m, 9m };
        var w1 = weights.Sum();
        var weight = share * w1 / (1 - share); // the late provider's share of the weight after
        var m1 = Statistics.WeightedMean(values, weights)!.Value;
        var m2 = Statistics.WeightedMean(values.Append(late).ToList(), weights.Append(weight).ToList())!.Value;
        // late = (W2 * m2 - W1 * m1) / w
        var (low, high) = Combine(w1 + weight, m2, w1, m1);
        AssertNotRecoverable(late, (low / weight, high / weight), $"weighted, share {share}");
    }

    [Fact]
    public void Trimmed_mean_a_late_provider_kept_in_the_middle_is_not_given_away()
    {
        var before = new[] { 30000m, 41000m, 42000m, 43500m, 44000m, 45000m, 46000m, 47000m, 48500m, 90000m };
        var late = 44750m;
        var after = before.Append(late).Order().ToList();
        var (m1, m2) = (Statistics.TrimmedMean(before.Order().ToList(), 0.1m), Statistics.TrimmedMean(after, 0.1m));
        // One cut at each end both times, so 8 kept before and 9 after: late = 9 * m2 - 8 * m1.
        Assert.Equal(late, 9 * m2 - 8 * m1);
        AssertNotRecoverable(late, Combine(9, m2, 8, m1), "trimmed mean");
    }
}
