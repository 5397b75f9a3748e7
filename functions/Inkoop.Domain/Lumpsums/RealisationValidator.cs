using System.Globalization;
using Inkoop.Domain.Formats;

namespace Inkoop.Domain.Lumpsums;

/// <summary>
/// Checks one realisation report (bids-and-lumpsum.md sections 3 and 7) and values its rows. The report's key comes
/// from its first row (or, for JSON, from its top-level fields); a row whose key differs is left out, as is every row
/// with an error finding. The rest of the report counts.
/// </summary>
public static class RealisationValidator
{
    /// <param name="table">Table <c>Realisatie</c>, null when the workbook has none.</param>
    /// <param name="keyRow">The cells that key the report when it is not its first row (JSON's top-level fields).</param>
    /// <param name="expected">Over HTTP the key the report was uploaded under; the report must be about it.</param>
    public static RealisationReport Validate(string source, RawTable? table, RawRow? keyRow, LumpsumConfiguration configuration,
        Func<Lumpsum, LumpsumReference?> references, RealisationKey? expected = null) =>
        new Validation(source, configuration, references).Run(table, keyRow, expected);

    private sealed class Validation(string source, LumpsumConfiguration configuration, Func<Lumpsum, LumpsumReference?> references)
    {
        private readonly CellReader read = new(
            $"een Excel-tabel {RealisationSchema.Table} met de kolommen {string.Join(", ", RealisationSchema.Columns)}", "uploadt u het opnieuw");

        public RealisationReport Run(RawTable? table, RawRow? keyRow, RealisationKey? expected)
        {
            if (table is null)
            {
                read.TableMissing(RealisationSchema.Table,
                    $"Zet de realisatie in een Excel-tabel met die naam en de kolommen {string.Join(", ", RealisationSchema.Columns)}.");
                return Rejected();
            }
            if (!read.RequireColumns(table, RealisationSchema.Columns)) return Rejected();

            keyRow ??= table.Rows.FirstOrDefault();
            if (keyRow is null)
            {
                if (expected is null)
                {
                    Add(RealisationFindingCodes.ReportEmpty, RealisationSchema.Table, table.HeaderCell, null,
                        "Het rapport heeft geen rijen, dus niet te zien over welk jaar, kwartaal, AGB-code en segment het gaat. Een kwartaal zonder zorg meldt u met één rij met volume 0.");
                    return Rejected();
                }
            }
            var key = keyRow is null ? expected : ReadKey(keyRow);
            if (key is null) return Rejected();
            if (expected is not null && key != expected)
            {
                Add(RealisationFindingCodes.ReportKeyMismatch, null, keyRow?[RealisationSchema.Jaar]?.Cell, Describe(key),
                    $"Dit rapport gaat over {Describe(key)}, maar is geüpload als {Describe(expected)}. Upload het onder de juiste sleutel.");
                return Rejected();
            }

            var lumpsum = configuration.Find(key.Agb, key.Segment);
            if (lumpsum is null)
            {
                Add(RealisationFindingCodes.NoLumpsum, RealisationSchema.Agb, keyRow?[RealisationSchema.Agb]?.Cell, $"{key.Agb} {key.Segment}",
                    $"Er is in {configuration.Year} geen lumpsum voor AGB-code {key.Agb} in segment {key.Segment}; dit rapport telt nergens mee.");
                return new RealisationReport(source, key, true, [], read.Findings);
            }

            var reference = references(lumpsum);
            var lines = new List<RealisationLine>();
            foreach (var row in table.Rows)
            {
                if (ReadLine(row, keyRow!, key, lumpsum, reference) is { } line) lines.Add(line);
            }
            return new RealisationReport(source, key, false, lines, read.Findings);
        }

        private RealisationReport Rejected() => new(source, null, true, [], read.Findings);

        private RealisationKey? ReadKey(RawRow row)
        {
            var before = read.Findings.Count;
            var year = ReadInteger(row[RealisationSchema.Jaar]!, RealisationSchema.Jaar);
            if (year is { } y && y != configuration.Year)
                Add(RealisationFindingCodes.YearMismatch, RealisationSchema.Jaar, row[RealisationSchema.Jaar]!.Cell, Show(y),
                    $"Het jaar is {y}, maar de lumpsums gelden voor {configuration.Year}. Een rapport gaat over één jaar van de lumpsums.");
            var quarter = ReadInteger(row[RealisationSchema.Kwartaal]!, RealisationSchema.Kwartaal);
            if (quarter is { } q && q is < 1 or > 4)
                Add(RealisationFindingCodes.QuarterInvalid, RealisationSchema.Kwartaal, row[RealisationSchema.Kwartaal]!.Cell, Show(q),
                    $"Het kwartaal is {q}; een kwartaal is 1, 2, 3 of 4.");

            var agbCell = row[RealisationSchema.Agb]!;
            var agb = read.Agb(agbCell, RealisationSchema.Agb, $"De AGB-code ontbreekt (cel {agbCell.Cell}).");
            var segment = ReadText(row[RealisationSchema.Segment]!, RealisationSchema.Segment, "Het segment");

            return read.ErrorsSince(before) ? null : new RealisationKey(year!.Value, quarter!.Value, agb!, segment!);
        }

        private RealisationLine? ReadLine(RawRow row, RawRow keyRow, RealisationKey key, Lumpsum lumpsum, LumpsumReference? reference)
        {
            if (!ReferenceEquals(row, keyRow) && !SameKey(row, key)) return null;
            var before = read.Findings.Count;

            var municipalityCell = row[RealisationSchema.Gemeente]!;
            var municipality = ReadText(municipalityCell, RealisationSchema.Gemeente, "De gemeente (CBS-code)");
            if (municipality is not null && configuration.Setup.Find(municipality) is null)
                Add(RealisationFindingCodes.UnknownMunicipality, RealisationSchema.Gemeente, municipalityCell.Cell, municipality,
                    $"Gemeente '{municipality}' is onbekend. Gebruik de CBS-code van een gemeente van de regio, bijvoorbeeld GM0197 (Aalten).");
            else if (municipality is not null && lumpsum.Allocation.All(a => a.Code != municipality))
                Add(RealisationFindingCodes.MunicipalityNotParticipating, RealisationSchema.Gemeente, municipalityCell.Cell, municipality,
                    $"Gemeente {municipality} ({configuration.Setup.Find(municipality)!.Name}) neemt niet deel aan segment {key.Segment}; deze rij telt niet mee.");

            var productCell = row[RealisationSchema.Productcode]!;
            var product = ReadText(productCell, RealisationSchema.Productcode, "De productcode");
            decimal? tariff = null;
            if (product is not null && (reference is null || !reference.Known(product)))
                Add(FindingCodes.UnknownProduct, RealisationSchema.Productcode, productCell.Cell, product,
                    $"Product '{product}' is onbekend: het staat niet in de productenlijst van de referentietarieven. Deze rij telt niet mee.");
            else if (product is not null && (tariff = reference!.TariffOf(product)) is null)
                Add(RealisationFindingCodes.NoReferenceTariff, RealisationSchema.Productcode, productCell.Cell, product,
                    $"Product {product} heeft geen referentietarief ({reference.Description}), dus de waarde van deze rij is niet te bepalen. Deze rij telt niet mee.");

            var volume = ReadVolume(row[RealisationSchema.Volume]!);
            return read.ErrorsSince(before)
                ? null
                : new RealisationLine(municipality!, product!, volume!.Value, tariff!.Value);
        }

        /// <summary>A row about another year, quarter, provider or segment than the report's first row is left out.</summary>
        private bool SameKey(RawRow row, RealisationKey key)
        {
            var differs = new List<string>();
            if (Integer(row[RealisationSchema.Jaar]!.Value) != key.Year) differs.Add(RealisationSchema.Jaar);
            if (Integer(row[RealisationSchema.Kwartaal]!.Value) != key.Quarter) differs.Add(RealisationSchema.Kwartaal);
            if (CellText.EightDigits(row[RealisationSchema.Agb]!.Value) != key.Agb) differs.Add(RealisationSchema.Agb);
            if (!string.Equals(CellText.AsText(row[RealisationSchema.Segment]!.Value), key.Segment, StringComparison.OrdinalIgnoreCase)) differs.Add(RealisationSchema.Segment);
            if (differs.Count == 0) return true;
            var column = differs[0];
            Add(RealisationFindingCodes.RowKeyMismatch, column, row[column]!.Cell, Show(row[column]!.Value),
                $"Deze rij gaat over een ander(e) {string.Join(", ", differs.Select(d => d.ToLowerInvariant()))} dan de eerste rij ({Describe(key)}). " +
                "Eén rapport gaat over één jaar, kwartaal, AGB-code en segment; deze rij telt niet mee.");
            return false;
        }

        private decimal? ReadVolume(RawCell cell)
        {
            var number = read.Number(cell, RealisationSchema.Volume, ValueKind.Number, required: true);
            if (number is < 0)
            {
                Add(RealisationFindingCodes.NegativeVolume, RealisationSchema.Volume, cell.Cell, Show(number.Value),
                    $"Het volume is negatief ({Show(number.Value)}); een volume is 0 of meer. Corrigeert u een eerder kwartaal, stuur dan dat kwartaal opnieuw.");
                return null;
            }
            return number;
        }

        private int? ReadInteger(RawCell cell, string column) =>
            read.Number(cell, column, ValueKind.Integer, required: true) is { } number ? (int)number : null;

        /// <summary>A code (segment, municipality, product), upper case; null when missing (with a finding).</summary>
        private string? ReadText(RawCell cell, string column, string what) =>
            read.Text(cell, column, required: true, $"{what} ontbreekt (cel {cell.Cell}).")?.ToUpperInvariant();

        private void Add(string code, string? variable, string? cell, string? value, string message) =>
            read.Add(Severity.Error, code, variable, cell, value, null, message);

        private static int? Integer(object? value) => value switch
        {
            decimal d when d == decimal.Truncate(d) && d is >= int.MinValue and <= int.MaxValue => (int)d,
            string s when DutchNumber.TryParse(s, out var d) && d == decimal.Truncate(d) && d is >= int.MinValue and <= int.MaxValue => (int)d,
            _ => null,
        };

        private static string Show(object? value) => value is int i ? i.ToString(CultureInfo.InvariantCulture) : CellText.Show(value);

        private static string Describe(RealisationKey key) => $"{key.Year} kwartaal {key.Quarter}, AGB-code {key.Agb}, segment {key.Segment}";
    }
}
