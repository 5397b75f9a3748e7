using System.Globalization;
using Inkoop.Domain.Formats;
using Inkoop.Domain.Labels;
using Inkoop.Domain.Lumpsums;
using Inkoop.Domain.Tariffs;
using Inkoop.Excel;

namespace Inkoop.Cli;

/// <summary>
/// The offline lumpsum variance: every <c>.xlsx</c> and <c>.json</c> in a folder is one realisation report; of two reports
/// for one (year, quarter, AGB, segment) the one whose file name sorts last counts.
/// </summary>
public static class LumpsumRun
{
    public static VarianceResult Compute(LumpsumConfiguration configuration, ReferenceTariffs? normalised, IReadOnlyList<string> files, int quarter,
        TextWriter stderr)
    {
        var references = LumpsumReference.For(normalised);
        var reports = FolderProgress.Run(files, "Realisatie", stderr, path =>
        {
            using var file = File.OpenRead(path);
            return RealisationIntake.Validate(Path.GetFileName(path), file, RealisationIntake.IsJson(path), configuration, references);
        });
        return LumpsumVariance.Compute(configuration, quarter, RealisationReports.Supersede(reports));
    }

    /// <summary>The report files, sorted by name (ordinal), without Excel's lock files.</summary>
    public static IReadOnlyList<string> ReportFiles(string folder) =>
        Directory.GetFiles(folder)
            .Where(f => CliInput.IsWorkbook(f) || RealisationIntake.IsJson(f) && !Path.GetFileName(f).StartsWith("~$"))
            .OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal)
            .ToList();

    /// <summary>The variance as readable tables, in Dutch; superseded reports say by which file.</summary>
    public static void Print(VarianceResult result, TextWriter o)
    {
        o.WriteLine($"Lumpsum en afwijking {result.Year}, tot en met kwartaal {result.Quarter}");
        Report.Table(o, ["AGB", "Segment", "Lumpsum", "Verwacht", "Gerealiseerd", "Afwijking", "%", "Status", "Prognose", "Nacalculatie"],
            result.Lumpsums.Select(l => new[]
            {
                l.Agb, l.Segment, Report.Money(l.Amount), Report.Money(l.Expected), Report.Money(l.Realised), Report.Money(l.Variance),
                Report.Percentage(l.VariancePct), DutchLabels.Of(LabelKind.VarianceStatus, l.Status), Report.Money(l.Forecast), Report.Money(l.Settlement),
            }));
        o.WriteLine();
        Report.Table(o, ["Bestand", "Jaar", "Kwartaal", "AGB", "Segment", "Status", "Fouten", "Waarschuwingen"],
            result.Reports.Select(r => new[]
            {
                r.File, r.Year?.ToString(CultureInfo.InvariantCulture) ?? "", r.Quarter?.ToString(CultureInfo.InvariantCulture) ?? "", r.Agb ?? "",
                r.Segment ?? "", r.SupersededBy is null ? DutchLabels.Of(LabelKind.ReportStatus, r.Status) : $"vervangen door {r.SupersededBy}",
                r.Findings.Count(f => f.Severity == Severity.Error).ToString(CultureInfo.InvariantCulture),
                r.Findings.Count(f => f.Severity == Severity.Warning).ToString(CultureInfo.InvariantCulture),
            }));
    }
}
