using Inkoop.Domain.Formats;
using Inkoop.Domain.Rounds;

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
        private readonly CellReader read = new("het prijsblad van deze aanbesteding", "dient u het opnieuw in");

        public Bid Run()
        {
            var tenderId = read.Text(Cell(BidSchema.Aanbesteding), BidSchema.Aanbesteding, required: true,
                $"De aanbesteding ontbreekt in het prijsblad. Gebruikt u het prijsblad van aanbesteding '{tender.Tender}'.", FindingCodes.IdentityMissing);
            var lotCode = read.Text(Cell(BidSchema.Perceel), BidSchema.Perceel, required: true,
                $"Het perceel ontbreekt in het prijsblad. Kies een van: {string.Join(", ", tender.Lots.Select(l => l.Code))}.", FindingCodes.IdentityMissing);
            var agb = read.Agb(Cell(BidSchema.InschrijverAgb), BidSchema.InschrijverAgb,
                "De AGB-code van de inschrijver ontbreekt. Zonder AGB-code kunnen wij de inschrijving niet verwerken.", FindingCodes.IdentityMissing);
            if (tenderId is not null && !string.Equals(tenderId, tender.Tender, StringComparison.OrdinalIgnoreCase))
                Add(Severity.Error, FindingCodes.TenderMismatch, BidSchema.Aanbesteding, CellOf(BidSchema.Aanbesteding), tenderId,
                    $"Dit prijsblad hoort bij aanbesteding '{tenderId}', maar is ingediend voor '{tender.Tender}'. Gebruikt u het prijsblad van deze aanbesteding?");
            var lot = lotCode is null ? null : tender.FindLot(lotCode);
            if (lotCode is not null && lot is null)
                Add(Severity.Error, FindingCodes.LotUnknown, BidSchema.Perceel, CellOf(BidSchema.Perceel), lotCode,
                    $"Perceel '{lotCode}' bestaat niet in deze aanbesteding. Kies een van: {string.Join(", ", tender.Lots.Select(l => l.Code))}.");
            if (read.Findings.Count > 0)
                return new Bid
                {
                    Tender = tenderId, Lot = lot?.Code ?? lotCode, Agb = agb, Name = CellText.AsText(Cell(BidSchema.InschrijverNaam)?.Value),
                    IsRejected = true, Findings = read.Findings,
                };

            var name = read.Text(Cell(BidSchema.InschrijverNaam), BidSchema.InschrijverNaam, required: false);
            if (name is null && !read.Invalid.ContainsKey(BidSchema.InschrijverNaam))
                Add(Severity.Warning, FindingCodes.RequiredMissing, BidSchema.InschrijverNaam, CellOf(BidSchema.InschrijverNaam), null,
                    "De naam van de inschrijver ontbreekt. Vult u de naam van uw organisatie in.");
            var proposed = ReadNumber(Cell(BidSchema.LumpsumVoorstel), BidSchema.LumpsumVoorstel, required: false, allowZero: true);
            var lines = ReadPrijzen();
            return new Bid { Tender = tender.Tender, Lot = lot!.Code, Agb = agb, Name = name, ProposedLumpsum = proposed, Findings = read.Findings, Lines = lines };
        }

        private RawCell? Cell(string name) => raw.Names.TryGetValue(name, out var cell) ? cell : null;

        private string? CellOf(string name) => Cell(name)?.Cell;

        private List<BidLine> ReadPrijzen()
        {
            var table = raw.Table(BidSchema.PrijzenTable);
            if (table is null)
            {
                read.TableMissing(BidSchema.PrijzenTable);
                return [];
            }
            if (!read.RequireColumns(table, BidSchema.PrijzenColumns)) return [];

            var rows = new List<(string Product, RawCell Cell, BidLine? Line)>();
            foreach (var row in table.Rows)
            {
                // The template lists every product of the round: a row without price and volume is a product not offered.
                if (CellReader.IsBlank(row[BidSchema.Prijs]) && CellReader.IsBlank(row[BidSchema.Volume])) continue;
                var codeCell = row[BidSchema.Productcode]!;
                var code = read.Text(codeCell, BidSchema.Productcode, required: true,
                    "De productcode ontbreekt in deze rij van de tabel Prijzen; de rij telt niet mee.")?.ToUpperInvariant();
                if (code is null) continue;
                var price = ReadNumber(row[BidSchema.Prijs], VariableKeys.Of(BidSchema.Prijs, code), required: true, allowZero: false);
                var volume = ReadNumber(row[BidSchema.Volume], VariableKeys.Of(BidSchema.Volume, code), required: true, allowZero: true);
                rows.Add((code, codeCell, price is { } p && volume is { } v ? new BidLine(code, p, v) : null));
            }

            // Which of two rows for one product holds the price meant is anyone's guess: neither counts.
            var lines = new List<BidLine>();
            foreach (var group in rows.GroupBy(r => r.Product))
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
            var number = read.Number(cell, key, ValueKind.Money, required,
                missingMessage: $"{CellReader.Label(key)} ontbreekt; de rij telt niet mee. Vult u een getal in.");
            if (number is not { } n || (allowZero ? n >= 0 : n > 0)) return number;
            read.Error(FindingCodes.OutOfBand, key, cell!.Cell, DutchNumber.Format(n), null,
                $"{CellReader.Label(key)} is {DutchNumber.Format(n)}; dat moet {(allowZero ? "0 of meer" : "meer dan 0")} zijn.");
            return null;
        }

        private void Add(Severity severity, string code, string? variable, string? cell, string? value, string message) =>
            read.Add(severity, code, variable, cell, value, null, message);
    }
}
