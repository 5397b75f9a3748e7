using Inkoop.Domain.Bids;
using Inkoop.Domain.Labels;
using OfficeOpenXml;
using static Inkoop.Excel.AnalystCells;

namespace Inkoop.Excel;

/// <summary>
/// The analysis of a tender's bids as a workbook for analysts: per lot the ranking, every bid with its figures and
/// status, every line with its deviation and flags, and the findings. The same rounded numbers as the JSON report;
/// numbers are numbers with formats, status and flag cells coloured, and text never becomes a formula.
/// </summary>
public static class BidAnalysisWorkbookWriter
{
    public static void Write(TenderConfiguration tender, BidsReport report, Stream output)
    {
        using var package = new ExcelPackage();
        WriteRanking(package.Workbook.Worksheets.Add("Rangorde"), tender, report);
        WriteBids(package.Workbook.Worksheets.Add("Inschrijvingen"), report.Bids);
        WriteLines(package.Workbook.Worksheets.Add("Regels"), report.Bids);
        WriteFindings(package.Workbook.Worksheets.Add("Bevindingen"), report.Bids);
        package.SaveAs(output);
    }

    private static void WriteRanking(ExcelWorksheet sheet, TenderConfiguration tender, BidsReport report)
    {
        Text(sheet.Cells[1, 1], $"Inschrijvingen {tender.Name} ({tender.Tender}), referentie: ronde {tender.Round}");
        sheet.Cells[1, 1].Style.Font.Bold = true;
        var row = Header(sheet, 3, ["Perceel", "Rang", "AGB", "Inschrijver", "Gewogen afwijking"], [12, 6, 10, 36, 18]);
        foreach (var lot in report.Lots)
        {
            var rank = 0;
            foreach (var ranked in lot.Ranking)
            {
                Text(sheet.Cells[row, 1], lot.Code);
                Number(sheet.Cells[row, 2], ++rank, "0");
                Text(sheet.Cells[row, 3], ranked.Agb);
                Text(sheet.Cells[row, 4], report.Bids.LastOrDefault(b => b.Agb == ranked.Agb && b.Lot == lot.Code)?.Name);
                Number(sheet.Cells[row, 5], ranked.WeightedDeviation, Percent);
                row++;
            }
        }
    }

    private static void WriteBids(ExcelWorksheet sheet, IReadOnlyList<BidReport> bids)
    {
        var row = Header(sheet, 1, ["Bestand", "AGB", "Inschrijver", "Perceel", "Status", "Impliciete lumpsum", "Genormeerde waarde",
            "Volledig", "Lumpsumvoorstel", "Voorstel - impliciet", "Voorstel - genormeerd", "Gewogen afwijking"],
            [28, 10, 32, 10, 12, 18, 18, 10, 18, 18, 20, 18]);
        foreach (var bid in bids)
        {
            Text(sheet.Cells[row, 1], bid.File);
            Text(sheet.Cells[row, 2], bid.Agb);
            Text(sheet.Cells[row, 3], bid.Name);
            Text(sheet.Cells[row, 4], bid.Lot);
            Status(sheet.Cells[row, 5], bid.Status);
            Number(sheet.Cells[row, 6], bid.ImpliedLumpsum, Money);
            Number(sheet.Cells[row, 7], bid.NormalisedValue, Money);
            if (bid.Status != "rejected") Text(sheet.Cells[row, 8], bid.NormalisedValueComplete ? "ja" : "nee");
            Number(sheet.Cells[row, 9], bid.ProposedLumpsum, Money);
            Number(sheet.Cells[row, 10], bid.ProposedLumpsum - bid.ImpliedLumpsum, Money);
            Number(sheet.Cells[row, 11], bid.ProposedLumpsum - bid.NormalisedValue, Money);
            Number(sheet.Cells[row, 12], bid.WeightedDeviation, Percent);
            row++;
        }
    }

    private static void WriteLines(ExcelWorksheet sheet, IReadOnlyList<BidReport> bids)
    {
        var row = Header(sheet, 1, ["AGB", "Perceel", "Product", "Prijs", "Volume", "Genormeerd tarief", "Afwijking", "Signalen"],
            [10, 10, 10, 12, 12, 18, 12, 40]);
        foreach (var bid in bids)
        foreach (var line in bid.Lines)
        {
            Text(sheet.Cells[row, 1], bid.Agb);
            Text(sheet.Cells[row, 2], bid.Lot);
            Text(sheet.Cells[row, 3], line.Product);
            Number(sheet.Cells[row, 4], line.Price, Money);
            Number(sheet.Cells[row, 5], line.Volume, Plain);
            Number(sheet.Cells[row, 6], line.NormalisedTariff, Money);
            Number(sheet.Cells[row, 7], line.Deviation, Percent);
            Text(sheet.Cells[row, 8], string.Join(", ", line.Flags.Select(f => DutchLabels.Of(LabelKind.BidFlag, f))));
            if (line.Flags.Count > 0) Fill(sheet.Cells[row, 8], line.Flags.Contains("abnormallyLow") || line.Flags.Contains("aboveCeiling") ? Bad : Attention);
            row++;
        }
    }

    private static void WriteFindings(ExcelWorksheet sheet, IReadOnlyList<BidReport> bids)
    {
        var row = Header(sheet, 1, ["Bestand", "AGB", "Status", "Ernst", "Code", "Variabele", "Cel", "Melding"], [28, 10, 12, 12, 20, 24, 16, 80]);
        foreach (var bid in bids)
        foreach (var f in bid.Findings)
        {
            Text(sheet.Cells[row, 1], bid.File);
            Text(sheet.Cells[row, 2], bid.Agb);
            Status(sheet.Cells[row, 3], bid.Status);
            Text(sheet.Cells[row, 4], DutchLabels.Of(LabelKind.Severity, f.Severity));
            Text(sheet.Cells[row, 5], f.Code);
            Text(sheet.Cells[row, 6], f.Variable);
            Text(sheet.Cells[row, 7], f.Cell);
            Text(sheet.Cells[row, 8], f.Message);
            row++;
        }
    }

    private static void Status(ExcelRange cell, string status)
    {
        Text(cell, DutchLabels.Of(LabelKind.BidStatus, status));
        Fill(cell, status switch { "accepted" => Good, "hasErrors" => Attention, _ => Bad });
    }
}
