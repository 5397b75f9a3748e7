using Inkoop.Domain.Formats;
using Inkoop.Domain.Rounds;
using static Inkoop.Domain.Formats.CellText;

namespace Inkoop.Domain.Bids;

/// <summary>
/// Checks a bid file against its tender (bids-and-lumpsum.md sections 1 and 5). Without its identity, or for another
/// tender or an unknown lot, the bid is rejected whole; otherwise a line with an error finding is left out and the
/// rest of the bid counts.
/// </summary>
public static class BidValidator
{
    public static Bid Validate(RawWorkbook raw, TenderConfiguration tender) => new Validation(raw, tender).Run();

    private sealed class Validation(RawWorkbook raw, TenderConfiguration tender)
    {
        private readonly List<Finding> findings = [];

        public Bid Run()
        {
            var tenderId = RequiredText(BidSchema.Aanbesteding,
                $"De aanbesteding ontbreekt in het prijsblad. Gebruikt u het prijsblad van aanbesteding '{tender.Tender}'.");
            var lotCode = RequiredText(BidSchema.Perceel,
                $"Het perceel ontbreekt in het prijsblad. Kies een van: {string.Join(", ", tender.Lots.Select(l => l.Code))}.");
            var agb = ReadAgb();
            if (tenderId is not null && !string.Equals(tenderId, tender.Tender, StringComparison.OrdinalIgnoreCase))
                Add(Severity.Error, FindingCodes.TenderMismatch, BidSchema.Aanbesteding, CellOf(BidSchema.Aanbesteding), tenderId,
                    $"Dit prijsblad hoort bij aanbesteding '{tenderId}', maar is ingediend voor '{tender.Tender}'. Gebruikt u het prijsblad van deze aanbesteding?");
            var lot = lotCode is null ? null : tender.FindLot(lotCode);
            if (lotCode is not null && lot is null)
                Add(Severity.Error, FindingCodes.LotUnknown, BidSchema.Perceel, CellOf(BidSchema.Perceel), lotCode,
                    $"Perceel '{lotCode}' bestaat niet in deze aanbesteding. Kies een van: {string.Join(", ", tender.Lots.Select(l => l.Code))}.");
            if (findings.Count > 0)
                return new Bid { Tender = tenderId, Lot = lot?.Code ?? lotCode, Agb = agb, Name = Text(BidSchema.InschrijverNaam), IsRejected = true, Findings = findings };

            var name = Text(BidSchema.InschrijverNaam);
            if (name is null)
                Add(Severity.Warning, FindingCodes.RequiredMissing, BidSchema.InschrijverNaam, CellOf(BidSchema.InschrijverNaam), null,
                    "De naam van de inschrijver ontbreekt. Vult u de naam van uw organisatie in.");
            var proposed = ReadNumber(Cell(BidSchema.LumpsumVoorstel), BidSchema.LumpsumVoorstel, required: false, allowZero: true);
            var lines = ReadPrijzen();
            return new Bid { Tender = tender.Tender, Lot = lot!.Code, Agb = agb, Name = name, ProposedLumpsum = proposed, Findings = findings, Lines = lines };
        }

        private RawCell? Cell(string name) => raw.Names.TryGetValue(name, out var cell) ? cell : null;

        private string? CellOf(string name) => Cell(name)?.Cell;

        private string? Text(string name) => AsText(Cell(name)?.Value);

        private string? RequiredText(string name, string message)
        {
            var text = Text(name);
            if (text is null) Add(Severity.Error, FindingCodes.IdentityMissing, name, CellOf(name), null, message);
            return text;
        }

        private string? ReadAgb()
        {
            var cell = Cell(BidSchema.InschrijverAgb);
            if (AsText(cell?.Value) is null)
            {
                Add(Severity.Error, FindingCodes.IdentityMissing, BidSchema.InschrijverAgb, cell?.Cell, null,
                    "De AGB-code van de inschrijver ontbreekt. Zonder AGB-code kunnen wij de inschrijving niet verwerken.");
                return null;
            }
            if (EightDigits(cell!.Value) is { } agb) return agb;
            var found = Show(cell.Value);
            Add(Severity.Error, FindingCodes.AgbInvalid, BidSchema.InschrijverAgb, cell.Cell, found,
                $"De AGB-code '{found}' bestaat niet uit 8 cijfers. Vult u de AGB-code van uw organisatie in.");
            return null;
        }

        private List<BidLine> ReadPrijzen()
        {
            var table = raw.Table(BidSchema.PrijzenTable);
            if (table is null)
            {
                Add(Severity.Error, FindingCodes.TableMissing, BidSchema.PrijzenTable, null, null,
                    "De tabel Prijzen ontbreekt in het werkboek. Gebruikt u het prijsblad van deze aanbesteding en laat u de tabel staan?");
                return [];
            }
            var missing = BidSchema.PrijzenColumns.Where(c => !table.Columns.Contains(c)).ToList();
            foreach (var column in missing)
                Add(Severity.Error, FindingCodes.ColumnMissing, column, table.HeaderCell, null,
                    $"De kolom {column} ontbreekt in de tabel Prijzen. Gebruikt u het prijsblad van deze aanbesteding?");
            if (missing.Count > 0) return [];

            var read = new List<(string Product, RawCell Cell, BidLine? Line)>();
            foreach (var row in table.Rows)
            {
                // The template lists every product of the round: a row without price and volume is a product not offered.
                if (Blank(row[BidSchema.Prijs]) && Blank(row[BidSchema.Volume])) continue;
                var codeCell = row[BidSchema.Productcode]!;
                var code = AsText(codeCell.Value)?.ToUpperInvariant();
                if (code is null)
                {
                    Add(Severity.Error, FindingCodes.RequiredMissing, BidSchema.Productcode, codeCell.Cell, null,
                        "De productcode ontbreekt in deze rij van de tabel Prijzen; de rij telt niet mee.");
                    continue;
                }
                var price = ReadNumber(row[BidSchema.Prijs], VariableKeys.Of(BidSchema.Prijs, code), required: true, allowZero: false);
                var volume = ReadNumber(row[BidSchema.Volume], VariableKeys.Of(BidSchema.Volume, code), required: true, allowZero: true);
                read.Add((code, codeCell, price is { } p && volume is { } v ? new BidLine(code, p, v) : null));
            }

            // Which of two rows for one product holds the price meant is anyone's guess: neither counts.
            var lines = new List<BidLine>();
            foreach (var group in read.GroupBy(r => r.Product))
            {
                if (group.Count() == 1)
                {
                    if (group.Single().Line is { } line) lines.Add(line);
                    continue;
                }
                foreach (var (product, cell, _) in group)
                    Add(Severity.Error, FindingCodes.DuplicateProduct, VariableKeys.Of(BidSchema.Productcode, product), cell.Cell, product,
                        $"Product {product} staat {group.Count()} keer in de tabel Prijzen; geen van deze rijen telt mee. Laat één rij per product staan.");
            }
            return lines;
        }

        /// <summary>A number (EUR or units), &gt; 0 or &gt;= 0; null when missing or wrong (with a finding, when required or wrong).</summary>
        private decimal? ReadNumber(RawCell? cell, string key, bool required, bool allowZero)
        {
            var value = cell?.Value;
            var label = key.Replace("[", " (").Replace("]", ")");
            if (value is UncalculatedFormula)
            {
                // Formulas are never evaluated: only a stored result counts.
                Add(Severity.Error, FindingCodes.FormulaNotCalculated, key, cell!.Cell, null,
                    $"{label} (cel {cell.Cell}) bevat een formule zonder opgeslagen uitkomst; wij rekenen formules niet zelf uit. " +
                    "Opent u het bestand in Excel of LibreOffice, slaat u het op en dient u het opnieuw in.");
                return null;
            }
            if (AsText(value) is null)
            {
                if (required) Add(Severity.Error, FindingCodes.RequiredMissing, key, cell?.Cell, null, $"{label} ontbreekt; de rij telt niet mee. Vult u een getal in.");
                return null;
            }
            decimal number;
            switch (value)
            {
                case decimal d:
                    number = d;
                    break;
                case string text when DutchNumber.TryParse(text, out var parsed):
                    number = parsed;
                    Add(Severity.Warning, FindingCodes.NumberAsText, key, cell!.Cell, text,
                        $"{label} is als tekst ingevuld ('{text.Trim()}'); wij lezen dit als {DutchNumber.Format(number)}. Klopt dat niet, vult u dan een getal in.");
                    break;
                default:
                    var shown = Show(value);
                    Add(Severity.Error, FindingCodes.NotANumber, key, cell!.Cell, shown, $"{label} is geen getal ('{shown}'). Vult u een getal in, bijvoorbeeld 73,26.");
                    return null;
            }
            if (allowZero ? number < 0 : number <= 0)
            {
                Add(Severity.Error, FindingCodes.OutOfBand, key, cell!.Cell, DutchNumber.Format(number),
                    $"{label} is {DutchNumber.Format(number)}; dat moet {(allowZero ? "0 of meer" : "meer dan 0")} zijn.");
                return null;
            }
            return number;
        }

        private static bool Blank(RawCell? cell) => cell?.Value is null || cell.Value is string s && string.IsNullOrWhiteSpace(s);

        private void Add(Severity severity, string code, string? variable, string? cell, string? value, string message) =>
            findings.Add(new Finding(severity, code, variable, cell, value, null, message));
    }
}
