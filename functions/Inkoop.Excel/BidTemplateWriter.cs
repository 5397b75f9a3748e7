using Inkoop.Domain.Bids;
using Inkoop.Domain.Rounds;
using OfficeOpenXml;
using OfficeOpenXml.DataValidation;
using OfficeOpenXml.Table;
using static Inkoop.Excel.TemplateWriter;

namespace Inkoop.Excel;

/// <summary>
/// Writes the empty bid file (prijsblad) of a tender: an explanation, the identity on defined names with the lots as a
/// dropdown, and table <c>Prijzen</c> with a row per product of the round. Only the input cells are unlocked; the sheets
/// are protected without password (the reader does not depend on protection).
/// </summary>
public static class BidTemplateWriter
{
    public const string ToelichtingSheet = "Toelichting";
    public const string InschrijvingSheet = "Inschrijving";
    public const string PrijzenSheet = "Prijzen";
    private const int HeaderRow = 4;

    public static void Write(TenderConfiguration tender, RoundConfiguration round, Stream output)
    {
        using var package = new ExcelPackage();
        var workbook = package.Workbook;
        workbook.Properties.Title = $"{tender.Name} - prijsblad v1";
        WriteExplanation(workbook.Worksheets.Add(ToelichtingSheet), tender);
        WriteIdentity(workbook.Worksheets.Add(InschrijvingSheet), tender);
        WritePrijzen(workbook.Worksheets.Add(PrijzenSheet), round);
        package.SaveAs(output);
    }

    private static void WriteExplanation(ExcelWorksheet sheet, TenderConfiguration tender)
    {
        Title(sheet, $"Prijsblad {tender.Name}", $"Aanbesteding {tender.Tender}; de genormeerde tarieven van ronde {tender.Round} zijn de referentie.");
        string[] lines =
        [
            "Zo vult u dit prijsblad in:",
            "1. Tabblad Inschrijving: kies het perceel waarvoor u inschrijft en vul uw AGB-code (8 cijfers) en naam in. Per perceel dient u een apart prijsblad in.",
            "2. Optioneel: vul bij Lumpsum_Voorstel het jaarbedrag in euro in dat u voorstelt.",
            "3. Tabblad Prijzen: vul per product dat u aanbiedt de prijs per eenheid (in euro) en het verwachte volume per jaar (aantal eenheden) in. Laat producten die u niet aanbiedt leeg.",
            $"Een prijs die meer dan {Percent(tender.LowThreshold)} onder het genormeerde tarief ligt, geldt als abnormaal laag: de gemeente vraagt u dan om een toelichting (Aanbestedingswet 2012, art. 2.116).",
            $"Een prijs die meer dan {Percent(tender.CeilingThreshold)} boven het genormeerde tarief ligt, wordt gemarkeerd als boven het plafond.",
            "Percelen: " + string.Join("; ", tender.Lots.Select(l => $"{l.Code} = {l.Name}" + (l.Products is null ? "" : $" (producten {string.Join(", ", l.Products.Order())})"))) + ".",
            "Verander de namen van de velden en de tabel Prijzen niet: wij lezen het bestand daarop in.",
        ];
        for (var i = 0; i < lines.Length; i++) sheet.Cells[HeaderRow + i, 1].Value = lines[i];
        SetWidths(sheet, 140);
        Protect(sheet);
    }

    private static string Percent(decimal fraction) => Domain.Formats.DutchNumber.Format(fraction * 100) + "%";

    private static void WriteIdentity(ExcelWorksheet sheet, TenderConfiguration tender)
    {
        Title(sheet, "Inschrijving", "Vult u de gele cellen in. De aanbesteding is al ingevuld.");
        Header(sheet.Cells[HeaderRow, 1, HeaderRow, 3], "Gegeven", "Invoer", "Toelichting");
        (string Name, string Meaning, string Format)[] fields =
        [
            (BidSchema.Aanbesteding, "De aanbesteding (vast)", TextFormat),
            (BidSchema.Perceel, "Het perceel waarvoor u inschrijft (kies uit de lijst)", TextFormat),
            (BidSchema.InschrijverAgb, "Uw AGB-code (8 cijfers)", TextFormat),
            (BidSchema.InschrijverNaam, "De naam van uw organisatie", TextFormat),
            (BidSchema.LumpsumVoorstel, "Optioneel: de lumpsum per jaar die u voorstelt (bedrag in euro)", MoneyFormat),
        ];
        var row = HeaderRow + 1;
        foreach (var (name, meaning, format) in fields)
        {
            sheet.Cells[row, 1].Value = name;
            sheet.Cells[row, 3].Value = meaning;
            var input = sheet.Cells[row, 2];
            input.Style.Numberformat.Format = format;
            if (name == BidSchema.Aanbesteding) input.Value = tender.Tender;
            else MarkInput(input);
            sheet.Workbook.Names.Add(name, input);
            row++;
        }
        var lots = sheet.DataValidations.AddListValidation(sheet.Workbook.Names[BidSchema.Perceel].Address);
        foreach (var lot in tender.Lots) lots.Formula.Values.Add(lot.Code);
        lots.ShowErrorMessage = true;
        lots.ErrorStyle = ExcelDataValidationWarningStyle.stop;
        lots.ErrorTitle = "Onbekend perceel";
        lots.Error = "Kies een perceel uit de lijst.";
        SetWidths(sheet, 22, 28, 70);
        Protect(sheet);
    }

    private static void WritePrijzen(ExcelWorksheet sheet, RoundConfiguration round)
    {
        Title(sheet, "Prijzen", "Vult u per product dat u aanbiedt de prijs per eenheid en het volume per jaar in.");
        string[] headers = [BidSchema.Productcode, "Naam", "Eenheid", BidSchema.Prijs, BidSchema.Volume];
        for (var c = 0; c < headers.Length; c++) sheet.Cells[HeaderRow, c + 1].Value = headers[c];
        var lastRow = HeaderRow + Math.Max(1, round.Products.Count);
        var table = sheet.Tables.Add(sheet.Cells[HeaderRow, 1, lastRow, headers.Length], BidSchema.PrijzenTable);
        table.TableStyle = TableStyles.Medium2;
        table.ShowFilter = false;
        for (var c = 0; c < headers.Length; c++) table.Columns[c].Name = headers[c];

        var row = HeaderRow + 1;
        foreach (var product in round.Products)
        {
            sheet.Cells[row, 1].Value = product.Code;
            sheet.Cells[row, 2].Value = SpreadsheetText.Safe(product.Name);
            sheet.Cells[row, 3].Value = Domain.Formats.Units.Name(product.Unit);
            row++;
        }
        sheet.Cells[HeaderRow + 1, 4, lastRow, 4].Style.Numberformat.Format = MoneyFormat;
        sheet.Cells[HeaderRow + 1, 5, lastRow, 5].Style.Numberformat.Format = "#,##0.##";
        MarkInput(sheet.Cells[HeaderRow + 1, 4, lastRow, 5]);
        SetWidths(sheet, 14, 50, 10, 14, 14);
        Protect(sheet);
    }
}
