using Inkoop.Domain.Disclosure;
using Inkoop.Tests.Shared;

namespace Inkoop.Tests.Disclosure;

public class CoarseningTests
{
    /// <summary>Values across the decades the format's variables live in, with the zone edges (1, 2, 4, 8) on both sides.</summary>
    public static IEnumerable<decimal> Values()
    {
        var random = new Random(14);
        foreach (var decade in new[] { 0.0001m, 0.001m, 0.01m, 0.1m, 1m, 10m, 100m, 1000m, 10000m, 100000m, 1000000m })
        {
            foreach (var edge in new[] { 1m, 2m, 4m, 8m, 10m })
            foreach (var nudge in new[] { -0.03m, -0.0001m, 0m, 0.0001m, 0.03m })
                yield return (edge + nudge) * decade;
            for (var i = 0; i < 40; i++) yield return (decimal)(1 + random.NextDouble() * 9) * decade;
        }
    }

    [Fact]
    public void Every_step_is_one_two_or_five_times_a_power_of_ten_and_at_least_two_and_a_half_percent_of_the_value()
    {
        foreach (var value in Values())
        {
            var step = Coarsening.StepFor(value);
            var leading = step;
            while (leading >= 10) leading /= 10;
            while (leading < 1) leading *= 10;
            Assert.Contains(leading, new[] { 1m, 2m, 5m });
            Assert.True(step >= 0.025m * value, $"step {step} for {value}");
            Assert.Equal(0, Coarsening.Round(value) % step);
        }
    }

    [Theory]
    [InlineData("45123.40", "46000")]    // salary: step 2,000 in [40,000, 80,000)
    [InlineData("39990", "40000")]       // just below the zone edge: step 1,000
    [InlineData("0.0612", "0.062")]      // Verzuim 6.12%: step 0.2 percentage point
    [InlineData("0.6840", "0.68")]       // productivity: step 0.02
    [InlineData("1872", "1850")]         // contract hours: step 50
    [InlineData("-3.7", "-3.7")]
    [InlineData("0", "0")]
    public void Rounds_to_the_step_of_its_zone(string value, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            Coarsening.Round(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Rounding_is_monotone()
    {
        var sorted = Values().Order().ToList();
        for (var i = 1; i < sorted.Count; i++)
            Assert.True(Coarsening.Round(sorted[i - 1]) <= Coarsening.Round(sorted[i]), $"{sorted[i - 1]} and {sorted[i]}");
    }

    [Fact]
    public void What_rounds_to_one_published_figure_is_wider_than_two_and_a_half_percent_of_any_value_in_it()
    {
        foreach (var value in Values())
        {
            var (low, high) = Preimage.Of(Coarsening.Round(value));
            Assert.InRange(value, low, high);
            Assert.True(high - low > 0.025m * Math.Max(Math.Abs(low), Math.Abs(high)), $"{value}: [{low}, {high}]");
        }
    }
}
