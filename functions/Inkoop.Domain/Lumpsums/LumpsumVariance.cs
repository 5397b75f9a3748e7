using Inkoop.Domain.Formats;

namespace Inkoop.Domain.Lumpsums;

public enum VarianceStatus { Within, Over, Under, Missing }

/// <summary>The variance of every lumpsum of a year up to a quarter, and the reports it was computed from.</summary>
public sealed record VarianceResult(int Year, int Quarter, IReadOnlyList<LumpsumVarianceLine> Lumpsums, IReadOnlyList<ReportOverview> Reports);

/// <summary>One lumpsum's variance year to date; money in cents that add up, <see cref="VariancePct"/> to 4 decimals.</summary>
public sealed record LumpsumVarianceLine(
    string Agb, string Segment, decimal Amount, decimal Bandwidth,
    decimal? Expected, decimal? Realised, decimal? Variance, decimal? VariancePct, VarianceStatus Status, decimal? Forecast, decimal? Settlement,
    IReadOnlyList<QuarterRealised> Quarters, IReadOnlyList<MunicipalityVariance> Municipalities);

/// <summary>What was realised in one quarter; null when the quarter has no report.</summary>
public sealed record QuarterRealised(int Quarter, decimal? Realised);

/// <summary>A municipality's share of a lumpsum, with its allocated amount as its amount.</summary>
public sealed record MunicipalityVariance(
    string Code, decimal Allocated,
    decimal? Expected, decimal? Realised, decimal? Variance, decimal? VariancePct, VarianceStatus Status, decimal? Forecast, decimal? Settlement);

/// <summary>One report file (or upload) and what became of it.</summary>
public sealed record ReportOverview(string File, int? Year, int? Quarter, string? Agb, string? Segment, ReportStatus Status, string? SupersededBy,
    IReadOnlyList<Finding> Findings);

/// <summary>
/// Variance per lumpsum and per municipality, year to date (bids-and-lumpsum.md sections 4 and 7):
/// <code>
/// expected   = amount * Q/4 (or the cumulative profile)      realised = value of quarters 1..Q
/// variance   = realised - expected                            variance% = variance / expected
/// status     = within if |variance%| &lt;= bandwidth, over / under outside it, missing when a quarter 1..Q has no report
/// forecast   = realised / (Q/4 or the cumulative profile)
/// settlement = sign(variance) * max(0, |variance| - bandwidth * amount), only when Q = 4
/// </code>
/// Every figure a user sees adds up (section 7): a row's value is rounded to cents and realised is the sum of those;
/// a lumpsum's expected is rounded to cents and its municipalities' expected split it by the largest remainders, so
/// both columns add up; variance is realised - expected exactly; forecast and the band are rounded to cents on their
/// own. Only variance% is rounded (to 4 decimals) and the status is decided on it unrounded. Where expected is 0
/// (a municipality allocated nothing, a profile of 0 so far) variance% is null and any realisation is over.
/// </summary>
public static class LumpsumVariance
{
    public static VarianceResult Compute(LumpsumConfiguration configuration, int quarter, IReadOnlyList<ReportInUse> reports)
    {
        if (quarter is < 1 or > 4) throw new ArgumentOutOfRangeException(nameof(quarter), quarter, "A quarter is 1..4.");
        var counted = reports.Where(r => r.Counts).ToDictionary(r => r.Report.Key!, r => r.Report);
        var lines = configuration.Lumpsums.Select(l => Line(configuration.Year, quarter, l, counted)).ToList();
        var overviews = reports.Select(r => new ReportOverview(r.Report.Source, r.Report.Key?.Year, r.Report.Key?.Quarter, r.Report.Key?.Agb,
            r.Report.Key?.Segment, r.SupersededBy is null ? r.Report.Status : ReportStatus.Superseded, r.SupersededBy, r.Report.Findings)).ToList();
        return new VarianceResult(configuration.Year, quarter, lines, overviews);
    }

    private static LumpsumVarianceLine Line(int year, int quarter, Lumpsum lumpsum, IReadOnlyDictionary<RealisationKey, RealisationReport> reports)
    {
        var quarters = new List<QuarterRealised>(quarter);
        var byMunicipality = lumpsum.Allocation.ToDictionary(a => a.Code, _ => 0m, StringComparer.OrdinalIgnoreCase);
        var missing = false;
        for (var q = 1; q <= quarter; q++)
        {
            if (!reports.TryGetValue(new RealisationKey(year, q, lumpsum.Agb, lumpsum.Segment), out var report))
            {
                missing = true;
                quarters.Add(new QuarterRealised(q, null));
                continue;
            }
            var total = 0m;
            foreach (var line in report.Lines)
            {
                total += line.Value;
                byMunicipality[line.Municipality] += line.Value;
            }
            quarters.Add(new QuarterRealised(q, total));
        }

        var share = lumpsum.CumulativeShare(quarter);
        var expected = Cents.Round(lumpsum.Amount * share);
        var own = Figures.Of(lumpsum.Amount, lumpsum.Bandwidth, share, expected, byMunicipality.Values.Sum(), quarter, missing);
        var split = Cents.Split(expected, lumpsum.Allocation.Select(a => (a.Code, a.Allocated)).ToList());
        var municipalities = lumpsum.Allocation.Select((a, i) =>
        {
            var f = Figures.Of(a.Allocated, lumpsum.Bandwidth, share, split[i], byMunicipality[a.Code], quarter, missing);
            return new MunicipalityVariance(a.Code, a.Allocated, f.Expected, f.Realised, f.Variance, f.VariancePct, f.Status, f.Forecast, f.Settlement);
        }).ToList();
        return new LumpsumVarianceLine(lumpsum.Agb, lumpsum.Segment, lumpsum.Amount, lumpsum.Bandwidth,
            own.Expected, own.Realised, own.Variance, own.VariancePct, own.Status, own.Forecast, own.Settlement, quarters, municipalities);
    }

    /// <summary>The figures of one amount, from its expected and realised in cents.</summary>
    private sealed record Figures(decimal? Expected, decimal? Realised, decimal? Variance, decimal? VariancePct, VarianceStatus Status,
        decimal? Forecast, decimal? Settlement)
    {
        public static Figures Of(decimal amount, decimal bandwidth, decimal share, decimal expected, decimal realised, int quarter, bool missing)
        {
            if (missing) return new Figures(null, null, null, null, VarianceStatus.Missing, null, null);
            var variance = realised - expected;
            decimal? pct = expected == 0 ? null : variance / expected;
            var status = pct switch
            {
                null => variance > 0 ? VarianceStatus.Over : VarianceStatus.Within,
                { } p when p > bandwidth => VarianceStatus.Over,
                { } p when p < -bandwidth => VarianceStatus.Under,
                _ => VarianceStatus.Within,
            };
            decimal? forecast = share == 0 ? null : Cents.Round(realised / share);
            var band = Cents.Round(bandwidth * amount);
            decimal? settlement = quarter == 4 ? Math.Sign(variance) * Math.Max(0m, Math.Abs(variance) - band) : null;
            decimal? reportedPct = pct is { } v ? Math.Round(v, 4, MidpointRounding.AwayFromZero) : null;
            return new Figures(expected, realised, variance, reportedPct, status, forecast, settlement);
        }
    }
}
