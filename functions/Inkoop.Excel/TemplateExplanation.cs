using Inkoop.Domain.Formats;
using Inkoop.Domain.Rounds;
using OfficeOpenXml;

namespace Inkoop.Excel;

/// <summary>The "Toelichting" sheet: what the research is, how to fill in, and every variable.</summary>
internal static class TemplateExplanation
{
    // The servers run with invariant globalization, so Dutch month names cannot come from a culture.
    private static readonly string[] Months =
    [
        "januari", "februari", "maart", "april", "mei", "juni",
        "juli", "augustus", "september", "oktober", "november", "december",
    ];

    public static void Write(ExcelWorksheet sheet, RoundConfiguration round)
    {
        TemplateWriter.Title(sheet, round.Name, $"Format kostprijsonderzoek, versie {FormatSchema.Version}, ronde {round.Round}");

        var row = 4;
        foreach (var line in Introduction(round))
        {
            sheet.Cells[row, 1].Value = line;
            row++;
        }

        row++;
        TemplateWriter.Header(sheet.Cells[row, 1, row, 4], "Gegeven", "Tabblad", "Soort", "Betekenis");
        row++;
        foreach (var (name, sheetName, kind, meaning) in Variables())
        {
            sheet.Cells[row, 1].Value = name;
            sheet.Cells[row, 2].Value = sheetName;
            sheet.Cells[row, 3].Value = KindName(kind);
            sheet.Cells[row, 4].Value = meaning;
            row++;
        }

        TemplateWriter.SetWidths(sheet, 26, 14, 16, 90);
        TemplateWriter.Protect(sheet);
    }

    private static IEnumerable<string> Introduction(RoundConfiguration round)
    {
        yield return "Waarom dit onderzoek";
        yield return "De gemeenten stellen de tarieven voor jeugdhulp vast op basis van de kosten van aanbieders. " +
                     $"Met dit format geeft u de kostengegevens van uw organisatie over het peiljaar {round.ReferenceYear}.";
        yield return "";
        yield return "Hoe vult u het in";
        yield return "- Vult u alleen de gele cellen in, op de tabbladen Algemeen, Personeel en Producten. De andere cellen zijn beveiligd.";
        yield return "- Percentages vult u in als percentage of als breuk: 31% is hetzelfde als 0,31.";
        yield return "- Bedragen vult u in euro in, zonder euroteken.";
        yield return "- Producten: één regel per product dat u levert. Kies de productcode uit de lijst (tabblad Productenlijst).";
        yield return "- De aandelen van de functieniveaus tellen per product samen op tot 100%.";
        yield return "- Wijzigt u de namen van tabbladen, tabellen en kolommen niet.";
        yield return "- Levert u het bestand aan als Excel-werkmap (.xlsx), zonder macro's en zonder koppelingen naar andere bestanden.";
        if (round.RepairDeadline is { } deadline)
        {
            yield return "";
            yield return $"Na het uploaden krijgt u bevindingen over uw format. U kunt een verbeterd format uploaden tot en met {DutchDate(deadline)}.";
        }
    }

    private static IEnumerable<(string Name, string Sheet, ValueKind Kind, string Meaning)> Variables()
    {
        foreach (var v in FormatSchema.SingleValues)
            yield return (v.Name, TemplateWriter.AlgemeenSheet, v.Kind, v.Meaning);
        foreach (var c in FormatSchema.PersoneelColumns)
            yield return (c.Header, TemplateWriter.PersoneelSheet, c.Kind, c.Meaning);
        foreach (var c in FormatSchema.ProductenColumns)
            yield return (c.Header, TemplateWriter.ProductenSheet, c.Kind, c.Meaning);
    }

    private static string KindName(ValueKind kind) => kind switch
    {
        ValueKind.Text => "tekst",
        ValueKind.Integer => "geheel getal",
        ValueKind.Number => "getal",
        ValueKind.Money => "bedrag in euro",
        ValueKind.Fraction => "percentage",
        _ => kind.ToString(),
    };

    internal static string DutchDate(DateOnly date) => $"{date.Day} {Months[date.Month - 1]} {date.Year}";
}
