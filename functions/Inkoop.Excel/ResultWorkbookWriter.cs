using Inkoop.Domain.Formats;
using Inkoop.Domain.Labels;
using Inkoop.Domain.Normalisation;
using Inkoop.Domain.Rounds;
using Inkoop.Domain.Tariffs;
using OfficeOpenXml;
using static Inkoop.Excel.AnalystCells;

namespace Inkoop.Excel;

/// <summary>
/// The result of a round as a workbook for analysts: tariffs with spreads, trajectories, norms with
/// provenance, and an overview of findings; with indexation the tariffs are the indexed (published) ones, the
/// reference-year tariffs beside them and the factors on a sheet of their own. Numbers are numbers with formats; text never becomes a
/// formula, whatever a provider typed.
/// </summary>
public static class ResultWorkbookWriter
{
    public static void Write(string title, TariffResult result, IReadOnlyList<FormatOverview> formats, Stream output)
    {
        using var package = new ExcelPackage();
        WriteTariffs(package.Workbook.Worksheets.Add("Tarieven"), title, result.Tariffs, result.Indexation);
        WriteTrajectories(package.Workbook.Worksheets.Add("Trajecten"), result.Trajectories);
        WriteNorms(package.Workbook.Worksheets.Add("Normen"), result.Norms);
        WriteFindings(package.Workbook.Worksheets.Add("Bevindingen"), formats);
        if (result.Indexation is { } indexation) WriteIndexation(package.Workbook.Worksheets.Add("Indexatie"), indexation);
        package.SaveAs(output);
    }

    private static void WriteTariffs(ExcelWorksheet sheet, string title, IReadOnlyList<ProductTariff> tariffs, IndexationFactors? indexation)
    {
        Text(sheet.Cells[1, 1], title);
        sheet.Cells[1, 1].Style.Font.Bold = true;
        if (indexation is not null)
            Text(sheet.Cells[2, 1], $"Geïndexeerd van peiljaar {indexation.ReferenceYear} naar tariefjaar {indexation.TariffYear} (zie het blad Indexatie).");
        var row = Header(sheet, 3, ["Product", "Naam", "Eenheid", "Tarief", "Reden", "n", "Minimum", "Q1", "Mediaan", "Q3", "Maximum", "Tarief peiljaar"],
            [10, 36, 10, 12, 60, 6, 12, 12, 12, 12, 12, 14]);
        foreach (var t in tariffs)
        {
            Text(sheet.Cells[row, 1], t.Product);
            Text(sheet.Cells[row, 2], t.Name);
            Text(sheet.Cells[row, 3], t.Unit);
            Number(sheet.Cells[row, 4], t.Tariff, Money);
            Text(sheet.Cells[row, 5], t.Reason);
            Number(sheet.Cells[row, 6], t.Spread.N, "0");
            Number(sheet.Cells[row, 7], t.Spread.Min, Money);
            Number(sheet.Cells[row, 8], t.Spread.Q1, Money);
            Number(sheet.Cells[row, 9], t.Spread.Median, Money);
            Number(sheet.Cells[row, 10], t.Spread.Q3, Money);
            Number(sheet.Cells[row, 11], t.Spread.Max, Money);
            Number(sheet.Cells[row, 12], t.TariffReferenceYear, Money);
            row++;
        }
    }

    private static void WriteTrajectories(ExcelWorksheet sheet, IReadOnlyList<TrajectoryTariff> trajectories)
    {
        var row = Header(sheet, 1, ["Traject", "Naam", "Tarief", "Reden", "Tarief peiljaar"], [16, 36, 12, 60, 14]);
        foreach (var t in trajectories)
        {
            Text(sheet.Cells[row, 1], t.Code);
            Text(sheet.Cells[row, 2], t.Name);
            Number(sheet.Cells[row, 3], t.Tariff, Money);
            Text(sheet.Cells[row, 4], t.Reason);
            Number(sheet.Cells[row, 5], t.TariffReferenceYear, Money);
            row++;
        }
    }

    /// <summary>The method, the factor(s) and the figures of each year used, so the published tariff can be traced.</summary>
    private static void WriteIndexation(ExcelWorksheet sheet, IndexationFactors indexation)
    {
        Text(sheet.Cells[1, 1], "Peiljaar");
        Number(sheet.Cells[1, 2], indexation.ReferenceYear, "0");
        Text(sheet.Cells[2, 1], "Tariefjaar");
        Number(sheet.Cells[2, 2], indexation.TariffYear, "0");
        Text(sheet.Cells[3, 1], "Methode");
        Text(sheet.Cells[3, 2], DutchLabels.Of(LabelKind.IndexationMethod, indexation.Method));
        Text(sheet.Cells[4, 1], indexation.Method == IndexationMethod.Weighted ? "Factor" : "Factor OVA");
        Number(sheet.Cells[4, 2], indexation.Factor ?? indexation.FactorOva, Factor);
        if (indexation.FactorPcc is { } pcc)
        {
            Text(sheet.Cells[5, 1], "Factor PCC");
            Number(sheet.Cells[5, 2], pcc, Factor);
        }
        var row = Header(sheet, 7, ["Jaar", "OVA", "PCC", "Samengesteld", "Status"], [16, 12, 12, 14, 14]);
        foreach (var y in indexation.Years)
        {
            Number(sheet.Cells[row, 1], y.Year, "0");
            Number(sheet.Cells[row, 2], y.Ova, Percent);
            Number(sheet.Cells[row, 3], y.Pcc, Percent);
            Number(sheet.Cells[row, 4], y.Composite, "0.0000%");
            Text(sheet.Cells[row, 5], DutchLabels.Of(LabelKind.IndexationStatus, y.Status));
            row++;
        }
    }

    private const string Factor = "0.000000";

    private static void WriteNorms(ExcelWorksheet sheet, IReadOnlyList<Norm> norms)
    {
        var row = Header(sheet, 1, ["Variabele", "Kwalificatie", "Waarde", "Statistiek", "n", "Benchmark", "Herschaald", "Uitgesloten", "Reden"],
            [26, 12, 14, 14, 6, 10, 10, 60, 60]);
        foreach (var n in norms)
        {
            Text(sheet.Cells[row, 1], n.Variable);
            Text(sheet.Cells[row, 2], n.Qualifier);
            Number(sheet.Cells[row, 3], n.Value, FormatOf(n.Variable));
            Text(sheet.Cells[row, 4], DutchLabels.Of(LabelKind.Statistic, n.Statistic));
            Number(sheet.Cells[row, 5], n.N, "0");
            Text(sheet.Cells[row, 6], n.BenchmarkUsed ? "ja" : "nee");
            Text(sheet.Cells[row, 7], n.Rescaled ? "ja" : "nee");
            Text(sheet.Cells[row, 8], string.Join(", ", n.Excluded.Select(e => $"{e.Agb} ({Describe(e)})")));
            Text(sheet.Cells[row, 9], n.Reason);
            row++;
        }
    }

    private static void WriteFindings(ExcelWorksheet sheet, IReadOnlyList<FormatOverview> formats)
    {
        var row = Header(sheet, 1, ["Bron", "AGB", "Aanbieder", "Status", "Ernst", "Code", "Variabele", "Cel", "Waarde", "Verwacht", "Melding"],
            [24, 10, 28, 20, 8, 20, 24, 16, 14, 16, 80]);
        foreach (var format in formats)
        {
            // A format without findings still gets a row, so the overview lists every format.
            var findings = format.Findings.Count > 0 ? format.Findings.Cast<Finding?>() : [null];
            foreach (var f in findings)
            {
                Text(sheet.Cells[row, 1], format.Source);
                Text(sheet.Cells[row, 2], format.Agb);
                Text(sheet.Cells[row, 3], format.Name);
                Text(sheet.Cells[row, 4], DutchLabels.Of(LabelKind.FormatStatus, format.Status));
                if (f is not null)
                {
                    Text(sheet.Cells[row, 5], DutchLabels.Of(LabelKind.Severity, f.Severity));
                    Text(sheet.Cells[row, 6], f.Code);
                    Text(sheet.Cells[row, 7], f.Variable);
                    Text(sheet.Cells[row, 8], f.Cell);
                    Text(sheet.Cells[row, 9], f.Value);
                    Text(sheet.Cells[row, 10], f.Band);
                    Text(sheet.Cells[row, 11], f.Message);
                }
                row++;
            }
        }
    }

    private static string Describe(Exclusion e) =>
        DutchLabels.Of(LabelKind.ExclusionReason, e.Reason) + (e.Code is null ? "" : ": " + e.Code);

    private static string FormatOf(string variable) =>
        FormatSchema.KindOf(variable) switch { ValueKind.Fraction => Percent, ValueKind.Money => Money, _ => Plain };
}
