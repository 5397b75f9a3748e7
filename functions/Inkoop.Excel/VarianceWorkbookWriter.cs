using System.Drawing;
using Inkoop.Domain.Formats;
using Inkoop.Domain.Labels;
using Inkoop.Domain.Lumpsums;
using OfficeOpenXml;
using static Inkoop.Excel.AnalystCells;

namespace Inkoop.Excel;

/// <summary>
/// The lumpsum variance as a workbook for analysts: per lumpsum, per municipality, and the reports with their findings.
/// Status cells are coloured, numbers are numbers with formats, text never becomes a formula.
/// </summary>
public static class VarianceWorkbookWriter
{
    private static readonly IReadOnlyDictionary<VarianceStatus, Color> StatusColours = new Dictionary<VarianceStatus, Color>
    {
        [VarianceStatus.Within] = Good,
        [VarianceStatus.Over] = Bad,
        [VarianceStatus.Under] = Attention,
        [VarianceStatus.Missing] = Color.FromArgb(0xD9, 0xD9, 0xD9),
    };

    public static void Write(VarianceResult result, Stream output)
    {
        using var package = new ExcelPackage();
        WriteLumpsums(package.Workbook.Worksheets.Add("Lumpsums"), result);
        WriteMunicipalities(package.Workbook.Worksheets.Add("Gemeenten"), result);
        WriteReports(package.Workbook.Worksheets.Add("Rapporten"), result.Reports);
        package.SaveAs(output);
    }

    private static void WriteLumpsums(ExcelWorksheet sheet, VarianceResult result)
    {
        Text(sheet.Cells[1, 1], $"Lumpsum en afwijking {result.Year}, tot en met kwartaal {result.Quarter}");
        sheet.Cells[1, 1].Style.Font.Bold = true;
        var row = Header(sheet, 3,
            ["AGB", "Segment", "Lumpsum", "Bandbreedte", "Verwacht", "Gerealiseerd", "Afwijking", "Afwijking %", "Status", "Prognose", "Nacalculatie",
             "K1", "K2", "K3", "K4"],
            [10, 10, 14, 12, 14, 14, 14, 12, 18, 14, 14, 12, 12, 12, 12]);
        foreach (var l in result.Lumpsums)
        {
            Text(sheet.Cells[row, 1], l.Agb);
            Text(sheet.Cells[row, 2], l.Segment);
            Number(sheet.Cells[row, 3], l.Amount, Money);
            Number(sheet.Cells[row, 4], l.Bandwidth, Percent);
            Figures(sheet, row, 5, l.Expected, l.Realised, l.Variance, l.VariancePct, l.Status, l.Forecast, l.Settlement);
            foreach (var q in l.Quarters) Number(sheet.Cells[row, 11 + q.Quarter], q.Realised, Money);
            row++;
        }
    }

    private static void WriteMunicipalities(ExcelWorksheet sheet, VarianceResult result)
    {
        var row = Header(sheet, 1,
            ["AGB", "Segment", "Gemeente", "Toegedeeld", "Verwacht", "Gerealiseerd", "Afwijking", "Afwijking %", "Status", "Prognose", "Nacalculatie"],
            [10, 10, 10, 14, 14, 14, 14, 12, 18, 14, 14]);
        foreach (var l in result.Lumpsums)
        {
            foreach (var m in l.Municipalities)
            {
                Text(sheet.Cells[row, 1], l.Agb);
                Text(sheet.Cells[row, 2], l.Segment);
                Text(sheet.Cells[row, 3], m.Code);
                Number(sheet.Cells[row, 4], m.Allocated, Money);
                Figures(sheet, row, 5, m.Expected, m.Realised, m.Variance, m.VariancePct, m.Status, m.Forecast, m.Settlement);
                row++;
            }
        }
    }

    /// <summary>Expected, realised, variance, variance %, status, forecast and settlement from <paramref name="column"/> on.</summary>
    private static void Figures(ExcelWorksheet sheet, int row, int column, decimal? expected, decimal? realised, decimal? variance,
        decimal? pct, VarianceStatus status, decimal? forecast, decimal? settlement)
    {
        Number(sheet.Cells[row, column], expected, Money);
        Number(sheet.Cells[row, column + 1], realised, Money);
        Number(sheet.Cells[row, column + 2], variance, Money);
        Number(sheet.Cells[row, column + 3], pct, Percent);
        var cell = sheet.Cells[row, column + 4];
        Text(cell, DutchLabels.Of(LabelKind.VarianceStatus, status));
        Fill(cell, StatusColours[status]);
        Number(sheet.Cells[row, column + 5], forecast, Money);
        Number(sheet.Cells[row, column + 6], settlement, Money);
    }

    private static void WriteReports(ExcelWorksheet sheet, IReadOnlyList<ReportOverview> reports)
    {
        var row = Header(sheet, 1, ["Bestand", "Jaar", "Kwartaal", "AGB", "Segment", "Status", "Vervangen door", "Ernst", "Code", "Cel", "Melding"],
            [28, 8, 9, 10, 10, 12, 28, 12, 28, 18, 80]);
        foreach (var report in reports)
        {
            var findings = report.Findings.Count > 0 ? report.Findings.Cast<Finding?>() : [null];
            foreach (var f in findings)
            {
                Text(sheet.Cells[row, 1], report.File);
                Number(sheet.Cells[row, 2], report.Year, "0");
                Number(sheet.Cells[row, 3], report.Quarter, "0");
                Text(sheet.Cells[row, 4], report.Agb);
                Text(sheet.Cells[row, 5], report.Segment);
                Text(sheet.Cells[row, 6], DutchLabels.Of(LabelKind.ReportStatus, report.Status));
                Text(sheet.Cells[row, 7], report.SupersededBy);
                if (f is not null)
                {
                    Text(sheet.Cells[row, 8], DutchLabels.Of(LabelKind.Severity, f.Severity));
                    Text(sheet.Cells[row, 9], f.Code);
                    Text(sheet.Cells[row, 10], f.Cell);
                    Text(sheet.Cells[row, 11], f.Message);
                }
                row++;
            }
        }
    }
}
