using Inkoop.Domain.Bids;
using Inkoop.Domain.Formats;
using Inkoop.Domain.Labels;
using Inkoop.Domain.Lumpsums;
using Inkoop.Domain.Normalisation;
using Inkoop.Domain.Rounds;

namespace Inkoop.Tests.Domain;

/// <summary>The one table of Dutch labels covers every code the API hands out that a person reads.</summary>
public class DutchLabelsTests
{
    private static void AllLabelled(string kind, IEnumerable<string> codes)
    {
        var missing = codes.Where(c => !DutchLabels.Table[kind].ContainsKey(c)).ToList();
        Assert.True(missing.Count == 0, $"{kind} without a Dutch label: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_status_flag_statistic_and_reason_has_a_Dutch_label()
    {
        AllLabelled(LabelKind.FormatStatus, Enum.GetValues<FormatStatus>().Select(FormatStatuses.Name).Append("superseded")); // superseded: offline, a newer file
        AllLabelled(LabelKind.BidStatus, Enum.GetValues<BidStatus>().Select(BidReport.StatusName));
        AllLabelled(LabelKind.BidFlag, Enum.GetValues<LineFlag>().Select(BidReport.FlagName));
        AllLabelled(LabelKind.Statistic, Enum.GetValues<Statistic>().Select(Normaliser.StatisticName));
        AllLabelled(LabelKind.VarianceStatus, Enum.GetValues<VarianceStatus>().Select(s => s.ToString()[..1].ToLowerInvariant() + s.ToString()[1..]));
        AllLabelled(LabelKind.ReportStatus, Enum.GetValues<ReportStatus>().Select(s => s.ToString()[..1].ToLowerInvariant() + s.ToString()[1..]));
        AllLabelled(LabelKind.Severity, Enum.GetValues<Severity>().Select(s => s.ToString().ToLowerInvariant()));
        AllLabelled(LabelKind.ExclusionReason, [Exclusion.ErrorFinding, Exclusion.Outlier, Exclusion.NoWeight]);
        AllLabelled(LabelKind.Role, ["admin", "analyst", "provider", "scheduler"]);
    }

    [Fact]
    public void Codes_read_as_Dutch_and_enums_by_their_API_code()
    {
        Assert.Equal("herstel nodig", DutchLabels.Of(LabelKind.FormatStatus, "repairNeeded"));
        Assert.Equal("gewogen gemiddelde", DutchLabels.Of(LabelKind.Statistic, "weightedMean"));
        Assert.Equal("abnormaal laag", DutchLabels.Of(LabelKind.BidFlag, "abnormallyLow"));
        Assert.Equal("met fouten", DutchLabels.Of(LabelKind.ReportStatus, ReportStatus.HasErrors));
        Assert.Equal("onder de band", DutchLabels.Of(LabelKind.VarianceStatus, VarianceStatus.Under));
        Assert.Equal("somethingNew", DutchLabels.Of(LabelKind.FormatStatus, "somethingNew"));
    }

    [Theory]
    [InlineData("1250000", "€ 1.250.000,00")]
    [InlineData("-2.585", "€ -2,59")]
    [InlineData("0.5", "€ 0,50")]
    [InlineData("999.999", "€ 1.000,00")]
    public void Money_reads_with_Dutch_grouping(string value, string shown) =>
        Assert.Equal(shown, DutchNumber.Money(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("0.15", "15%")]
    [InlineData("0", "0%")]
    [InlineData("0.0242", "2,42%")]
    [InlineData("-0.03", "-3%")]
    [InlineData("31", "3.100%")]
    public void Fractions_read_as_percentages(string value, string shown) =>
        Assert.Equal(shown, DutchNumber.Percent(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void In_a_column_percentages_have_two_decimals() =>
        Assert.Equal(("8,00%", "-2,42%", "100,00%"), (DutchNumber.Percent(0.08m, 2), DutchNumber.Percent(-0.0242m, 2), DutchNumber.Percent(1m, 2)));
}
