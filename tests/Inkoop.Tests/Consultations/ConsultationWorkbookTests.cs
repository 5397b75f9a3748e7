using Inkoop.Domain.Consultations;
using Inkoop.Excel;
using OfficeOpenXml;

namespace Inkoop.Tests.Consultations;

public sealed class ConsultationWorkbookTests
{
    [Fact]
    public void The_answers_workbook_lists_every_question_and_answer_in_order_with_the_outcome_in_dutch_and_text_as_text()
    {
        PublishedAnswer[] answers =
        [
            new("Waarom deze planning?", "Zo is het proces.", AnswerOutcome.Explained, null, null),
            new("=HYPERLINK(\"x\")", "Nee.", AnswerOutcome.Unchanged, null, "Verzuim"),
            new("Is het tarief te laag?", "Ja, aangepast.", AnswerOutcome.Changed, "45A11", null),
        ];
        using var output = new MemoryStream();
        ConsultationWorkbookWriter.WriteAnswers("Nota van inlichtingen", DateTimeOffset.Parse("2025-11-02T09:00:00Z"), answers, output);

        using var package = new ExcelPackage(new MemoryStream(output.ToArray()));
        var sheet = package.Workbook.Worksheets["Antwoorden"];
        Assert.Equal("Gepubliceerd op zondag 2 november 2025 om 10:00", sheet.Cells[2, 1].Value);
        Assert.Equal(["Nr", "Product", "Variabele", "Vraag", "Antwoord", "Uitkomst"], Enumerable.Range(1, 6).Select(c => sheet.Cells[4, c].Value));
        Assert.Equal([1, 2, 3], Enumerable.Range(5, 3).Select(r => Convert.ToInt32(sheet.Cells[r, 1].Value)));
        Assert.Equal(["toegelicht", "ongewijzigd", "aangepast"], Enumerable.Range(5, 3).Select(r => sheet.Cells[r, 6].Value));
        Assert.Equal("45A11", sheet.Cells[7, 2].Value);
        Assert.Equal("Verzuim", sheet.Cells[6, 3].Value);
        Assert.Equal(SpreadsheetText.Safe("=HYPERLINK(\"x\")"), sheet.Cells[6, 4].Value); // text that would be a formula is made safe
        Assert.NotEqual("=HYPERLINK(\"x\")", sheet.Cells[6, 4].Value);
        Assert.Equal("", sheet.Cells[6, 4].Formula);
        Assert.Null(sheet.Cells[8, 1].Value);
    }

    [Fact]
    public void The_reactions_workbook_holds_the_latest_text_the_answer_and_every_version_in_dutch_time()
    {
        var at = DateTimeOffset.Parse("2025-10-17T08:00:00Z");
        ConsultationWorkbookWriter.ReactionRow[] rows =
        [
            new("r1", "01234567", 2, "45A11", null, "Tweede versie", at, at.AddHours(1), null,
                [(1, at, "Eerste versie"), (2, at.AddHours(1), "Tweede versie")], "Is het tarief te laag?", "Ja.", AnswerOutcome.Changed),
            new("r2", "98765432", 1, null, null, "Ingetrokken", at, at, at.AddDays(1), [(1, at, "Ingetrokken")], null, null, null),
        ];
        using var output = new MemoryStream();
        ConsultationWorkbookWriter.WriteReactions("Reacties", rows, output);

        using var package = new ExcelPackage(new MemoryStream(output.ToArray()));
        var reactions = package.Workbook.Worksheets["Reacties"];
        Assert.Equal("01234567", reactions.Cells[4, 2].Value);
        Assert.Equal("Tweede versie", reactions.Cells[4, 6].Value);
        Assert.Equal(new DateTime(2025, 10, 17, 10, 0, 0), reactions.Cells[4, 7].GetValue<DateTime>()); // 08:00 UTC is 10:00 in Dutch summer time
        Assert.Equal("aangepast", reactions.Cells[4, 12].Value);
        Assert.NotNull(reactions.Cells[5, 9].Value);
        var versions = package.Workbook.Worksheets["Versies"];
        Assert.Equal(["Eerste versie", "Tweede versie", "Ingetrokken"], Enumerable.Range(2, 3).Select(r => versions.Cells[r, 5].Value));
    }
}
