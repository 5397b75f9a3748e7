using Inkoop.Domain.Consultations;
using Inkoop.Domain.Labels;
using OfficeOpenXml;
using static Inkoop.Excel.AnalystCells;

namespace Inkoop.Excel;

/// <summary>
/// The market consultation as workbooks: the published answers (like a nota van inlichtingen, for everyone) and every
/// reaction with its versions and answer (for analysts). Times in Dutch time; text never becomes a formula.
/// </summary>
public static class ConsultationWorkbookWriter
{
    private const string DateTimeFormat = "yyyy-mm-dd hh:mm";

    /// <summary>One reaction for the analysts' workbook.</summary>
    public sealed record ReactionRow(string Id, string Agb, int Version, string? Product, string? Variable, string Text, DateTimeOffset CreatedAt,
        DateTimeOffset UpdatedAt, DateTimeOffset? WithdrawnAt, IReadOnlyList<(int Version, DateTimeOffset At, string Text)> Versions,
        string? PublicQuestion, string? Answer, string? Outcome);

    public static void WriteAnswers(string title, DateTimeOffset publishedAt, IReadOnlyList<PublishedAnswer> answers, Stream output)
    {
        using var package = new ExcelPackage();
        var sheet = package.Workbook.Worksheets.Add("Antwoorden");
        Text(sheet.Cells[1, 1], title);
        sheet.Cells[1, 1].Style.Font.Bold = true;
        Text(sheet.Cells[2, 1], $"Gepubliceerd op {DutchTime.Format(publishedAt)}");
        var row = Header(sheet, 4, ["Nr", "Product", "Variabele", "Vraag", "Antwoord", "Uitkomst"], [6, 10, 24, 60, 80, 14]);
        for (var i = 0; i < answers.Count; i++, row++)
        {
            var a = answers[i];
            sheet.Cells[row, 1].Value = i + 1;
            Text(sheet.Cells[row, 2], a.Product);
            Text(sheet.Cells[row, 3], a.Variable);
            Text(sheet.Cells[row, 4], a.PublicQuestion);
            Text(sheet.Cells[row, 5], a.Answer);
            Text(sheet.Cells[row, 6], DutchLabels.Of(LabelKind.AnswerOutcome, a.Outcome));
            sheet.Cells[row, 4, row, 5].Style.WrapText = true;
        }
        package.SaveAs(output);
    }

    public static void WriteReactions(string title, IReadOnlyList<ReactionRow> reactions, Stream output)
    {
        using var package = new ExcelPackage();
        var sheet = package.Workbook.Worksheets.Add("Reacties");
        Text(sheet.Cells[1, 1], title);
        sheet.Cells[1, 1].Style.Font.Bold = true;
        var row = Header(sheet, 3,
            ["Reactie", "AGB", "Versie", "Product", "Variabele", "Tekst", "Ingediend", "Gewijzigd", "Ingetrokken", "Publieke vraag", "Antwoord", "Uitkomst"],
            [30, 10, 8, 10, 24, 60, 17, 17, 17, 50, 60, 14]);
        foreach (var r in reactions)
        {
            Text(sheet.Cells[row, 1], r.Id);
            Text(sheet.Cells[row, 2], r.Agb);
            sheet.Cells[row, 3].Value = r.Version;
            Text(sheet.Cells[row, 4], r.Product);
            Text(sheet.Cells[row, 5], r.Variable);
            Text(sheet.Cells[row, 6], r.Text);
            Time(sheet.Cells[row, 7], r.CreatedAt);
            Time(sheet.Cells[row, 8], r.UpdatedAt);
            Time(sheet.Cells[row, 9], r.WithdrawnAt);
            Text(sheet.Cells[row, 10], r.PublicQuestion);
            Text(sheet.Cells[row, 11], r.Answer);
            Text(sheet.Cells[row, 12], r.Outcome is null ? null : DutchLabels.Of(LabelKind.AnswerOutcome, r.Outcome));
            row++;
        }

        var history = package.Workbook.Worksheets.Add("Versies");
        row = Header(history, 1, ["Reactie", "AGB", "Versie", "Tijd", "Tekst"], [30, 10, 8, 17, 80]);
        foreach (var r in reactions)
        {
            foreach (var v in r.Versions)
            {
                Text(history.Cells[row, 1], r.Id);
                Text(history.Cells[row, 2], r.Agb);
                history.Cells[row, 3].Value = v.Version;
                Time(history.Cells[row, 4], v.At);
                Text(history.Cells[row, 5], v.Text);
                row++;
            }
        }
        package.SaveAs(output);
    }

    private static void Time(ExcelRange cell, DateTimeOffset? at)
    {
        if (at is null) return;
        cell.Value = DutchTime.InDutchTime(at.Value).DateTime;
        cell.Style.Numberformat.Format = DateTimeFormat;
    }
}
