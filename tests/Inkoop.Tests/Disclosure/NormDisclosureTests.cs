using Inkoop.Domain.Disclosure;
using Inkoop.Domain.Formats;
using Inkoop.Domain.Normalisation;

namespace Inkoop.Tests.Disclosure;

public class NormDisclosureTests
{
    private static readonly DisclosureRules Rules = DisclosureRules.Default;

    private static Norm Mean(decimal? value, int n) => new("Verzuim", null, value, "mean", n, false, []);

    private static Norm Weighted(decimal value, int n, decimal? largestShare) =>
        new("Brutojaarsalaris", "HBO", value, "weightedMean", n, false, [], LargestShare: largestShare);

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    public void A_norm_from_fewer_than_min_providers_is_suppressed_with_a_Dutch_reason(int n)
    {
        var shown = NormDisclosure.Disclose(Mean(0.0612m, n), Rules);
        Assert.Null(shown.Value);
        Assert.Null(shown.Providers);
        Assert.True(shown.Suppressed);
        Assert.Equal("Deze norm wordt niet getoond: minder dan 5 aanbieders leverden een waarde.", shown.Reason);
    }

    [Theory]
    [InlineData(5, "5-9")]
    [InlineData(9, "5-9")]
    [InlineData(10, "10-19")]
    [InlineData(19, "10-19")]
    [InlineData(20, "20+")]
    [InlineData(300, "20+")]
    public void A_norm_from_enough_providers_is_rounded_and_carries_a_band_not_n(int n, string band)
    {
        var shown = NormDisclosure.Disclose(Mean(0.0612m, n), Rules);
        Assert.Equal(0.062m, shown.Value);
        Assert.Equal(band, shown.Providers);
        Assert.False(shown.Suppressed);
        Assert.Null(shown.Reason);
    }

    [Fact]
    public void The_minimum_is_the_rounds_own()
    {
        var strict = new DisclosureRules(MinProviders: 10);
        Assert.Null(NormDisclosure.Disclose(Mean(0.0612m, 9), strict).Value);
        Assert.Contains("minder dan 10 aanbieders", NormDisclosure.Disclose(Mean(0.0612m, 9), strict).Reason);
        Assert.Equal("3-4", NormDisclosure.Disclose(Mean(0.0612m, 3), new DisclosureRules(MinProviders: 3)).Providers);
    }

    [Theory]
    [InlineData("0.51", true)]
    [InlineData("0.5000001", true)]
    [InlineData("0.5", false)]
    [InlineData("0.2", false)]
    public void A_weighted_norm_in_which_one_provider_carries_more_than_max_share_of_the_weight_is_suppressed(string share, bool suppressed)
    {
        var shown = NormDisclosure.Disclose(Weighted(46123m, 12, decimal.Parse(share, System.Globalization.CultureInfo.InvariantCulture)), Rules);
        Assert.Equal(suppressed, shown.Suppressed);
        if (suppressed)
        {
            Assert.Null(shown.Value);
            Assert.Equal("Deze norm wordt niet getoond: één aanbieder heeft meer dan 50% van het totale gewicht.", shown.Reason);
        }
        else Assert.Equal(46000m, shown.Value);
    }

    [Fact]
    public void A_weighted_norm_without_its_largest_share_is_suppressed_and_max_share_is_the_rounds_own()
    {
        Assert.True(NormDisclosure.Disclose(Weighted(46123m, 12, null), Rules).Suppressed);
        var shown = NormDisclosure.Disclose(Weighted(46123m, 12, 0.6m), new DisclosureRules(MaxShare: 0.75m));
        Assert.Equal(46000m, shown.Value);
        Assert.Contains("75%", NormDisclosure.Disclose(Weighted(46123m, 12, 0.8m), new DisclosureRules(MaxShare: 0.75m)).Reason);
    }

    [Fact]
    public void A_benchmark_is_the_configurations_own_figure_and_shown_as_it_is_unless_rescaled_with_the_providers_shares()
    {
        var benchmark = NormDisclosure.Disclose(new Norm("Brutojaarsalaris", "WO", 63123m, "mean", 2, true, []), Rules);
        Assert.Equal(63123m, benchmark.Value);
        Assert.Null(benchmark.Providers);
        Assert.True(benchmark.BenchmarkUsed);
        var rescaled = NormDisclosure.Disclose(new Norm("Aandeel_WO", "45A11", 0.0981m, "mean", 1, true, [], Rescaled: true), Rules);
        Assert.Equal(0.1m, rescaled.Value);
        Assert.Null(rescaled.Providers);
    }

    [Fact]
    public void A_norm_that_could_not_be_computed_gives_no_exact_n_in_its_reason()
    {
        var analysts = new Norm("Verzuim", null, null, "mean", 7, false, [], "Te weinig geldige waarden voor Verzuim (n = 7, minimaal 10) en geen benchmark.");
        var shown = NormDisclosure.Disclose(analysts, Rules);
        Assert.Null(shown.Value);
        Assert.DoesNotContain("7", shown.Reason);
        Assert.False(shown.Suppressed);
        Assert.True(NormDisclosure.Disclose(analysts with { N = 2 }, Rules).Suppressed);
    }

    [Fact]
    public void The_normaliser_records_the_largest_weight_share_of_a_weighted_mean_only()
    {
        var round = Inkoop.Domain.Rounds.RoundConfigurationParser.Parse("""
            { "round": "r", "referenceYear": 2023, "products": [ { "code": "45A11", "unit": "uur" } ],
              "normalisation": { "default": { "outliers": "none", "minRespondents": 1 },
                                 "variables": { "Brutojaarsalaris": { "statistic": "weightedMean" } } } }
            """);
        var formats = new[] { ("12345678", 20m), ("23456789", 10m), ("34567890", 70m) }.Select(p =>
        {
            var data = Support.FormatData.Valid(p.Item1, "r");
            data.Personeel.Single(l => Equals(l[FormatSchema.Functieniveau], "HBO"))[FormatSchema.Fte] = p.Item2;
            return FormatValidator.Validate(data.ToRaw(), round);
        }).ToList();
        var norms = Normaliser.Normalise(round, formats);
        var salary = norms.Single(n => n.Variable == "Brutojaarsalaris" && n.Qualifier == "HBO");
        Assert.Equal("weightedMean", salary.Statistic);
        Assert.Equal(0.7m, salary.LargestShare);
        Assert.All(norms.Where(n => n.Statistic != "weightedMean"), n => Assert.Null(n.LargestShare));
    }

    [Fact]
    public void When_one_computed_share_of_a_product_is_suppressed_its_other_shares_are_too_since_they_add_up_to_one()
    {
        Norm Share(string level, string product, decimal? value, int n) => new($"Aandeel_{level}", product, value, "mean", n, false, []);
        var shown = NormDisclosure.Disclose([
            Share("MBO4", "45A11", 0.3m, 6), Share("HBO", "45A11", 0.6m, 6), Share("WO", "45A11", 0.1m, 4), Share("HBOplus", "45A11", null, 0),
            Share("MBO4", "45A12", 0.5m, 6), Share("HBO", "45A12", 0.5m, 6), Share("WO", "45A12", null, 0),
            Mean(0.0612m, 6),
        ], Rules);
        Assert.All(shown.Where(n => n.Qualifier == "45A11"), n => Assert.Null(n.Value));
        Assert.Contains("tellen samen op tot 1", shown[0].Reason);
        Assert.Contains("minder dan 5", shown[2].Reason);
        // A share nobody reported (n = 0) gives nothing away: the product's other shares stay.
        Assert.Equal([0.5m, 0.5m], shown.Where(n => n.Qualifier == "45A12" && n.Value is not null).Select(n => n.Value!.Value));
        Assert.Equal(0.062m, shown[^1].Value);
    }
}
