namespace Inkoop.Domain.Lumpsums;

/// <summary>A report with the report that superseded it, if any.</summary>
public sealed record ReportInUse(RealisationReport Report, string? SupersededBy)
{
    public bool Counts => !Report.IsRejected && SupersededBy is null;
}

public static class RealisationReports
{
    /// <summary>
    /// Per (year, quarter, AGB, segment) the newest non-rejected report counts; older ones are superseded by it.
    /// <paramref name="oldestFirst"/> gives the order: offline the file names sorted, over HTTP the upload versions.
    /// </summary>
    public static IReadOnlyList<ReportInUse> Supersede(IEnumerable<RealisationReport> oldestFirst)
    {
        var reports = oldestFirst.ToList();
        var newest = reports.Where(r => !r.IsRejected && r.Key is not null)
            .GroupBy(r => r.Key!)
            .ToDictionary(g => g.Key, g => g.Last());
        return reports
            .Select(r => new ReportInUse(r,
                r.IsRejected || r.Key is null || ReferenceEquals(newest[r.Key], r) ? null : newest[r.Key].Source))
            .ToList();
    }
}
