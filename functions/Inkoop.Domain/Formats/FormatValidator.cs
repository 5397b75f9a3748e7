using System.Globalization;
using System.Text.RegularExpressions;
using Inkoop.Domain.Rounds;
using static Inkoop.Domain.Formats.CellText;

namespace Inkoop.Domain.Formats;

/// <summary>
/// Checks a format against section 2 of the spec and turns its cells into values. Every problem
/// becomes a finding with the cell to fix; a value with an error finding never enters
/// normalisation, the rest of the format still counts.
/// </summary>
public static partial class FormatValidator
{
    public static ProviderFormat Validate(RawFormat raw, RoundConfiguration round) => new Validation(raw, round).Run();

    private sealed partial class Validation(RawFormat raw, RoundConfiguration round)
    {
        private readonly CellReader read = new("het format van deze ronde", "uploadt u het opnieuw");
        private readonly Dictionary<string, decimal> values = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, decimal> fte = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, RawRow> levelRows = new(StringComparer.OrdinalIgnoreCase);
        private readonly List<DeliveredProduct> products = [];

        [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
        private static partial Regex Email();

        public ProviderFormat Run()
        {
            var roundId = read.Text(Name(FormatSchema.OnderzoekRonde), FormatSchema.OnderzoekRonde, required: true,
                $"De onderzoeksronde ontbreekt in het format. Gebruikt u het format van ronde '{round.Round}'.", FindingCodes.IdentityMissing, band: round.Round);
            var agb = read.Agb(Name(FormatSchema.AanbiederAgb), FormatSchema.AanbiederAgb,
                "De AGB-code van de aanbieder ontbreekt. Zonder AGB-code kunnen wij het format niet verwerken.", FindingCodes.IdentityMissing);
            if (roundId is not null && !string.Equals(roundId, round.Round, StringComparison.OrdinalIgnoreCase))
            {
                read.Add(Severity.Error, FindingCodes.RoundMismatch, FormatSchema.OnderzoekRonde, CellOf(FormatSchema.OnderzoekRonde), roundId, round.Round,
                    $"Dit format hoort bij ronde '{roundId}', maar is geüpload voor ronde '{round.Round}'. Gebruikt u het format van deze ronde?");
            }
            if (read.Findings.Count > 0)
                return new ProviderFormat { Round = roundId, Agb = agb, IsRejected = true, Findings = read.Findings };

            var referenceYear = ReadPeiljaar();
            var kvk = ReadKvk();
            var name = read.Text(Name(FormatSchema.AanbiederNaam), FormatSchema.AanbiederNaam, required: true);
            var email = ReadEmail();

            ReadPersoneel();
            ReadProducten();
            foreach (var variable in FormatSchema.RoundWide) ReadSingleNumber(variable, required: true);
            var ambulant = products.Any(p => p.Unit == Unit.Uur);
            foreach (var variable in FormatSchema.Ambulant) ReadSingleNumber(variable, required: ambulant);
            CheckLevelsUsedHaveSalary();

            return new ProviderFormat
            {
                Round = roundId, Agb = agb, Kvk = kvk, Name = name, Email = email, ReferenceYear = referenceYear,
                Findings = read.Findings, Values = values, Invalid = read.Invalid, Fte = fte, Products = products,
            };
        }

        // ---- identity and single values ----

        private RawCell? Name(string name) => raw.Names.TryGetValue(name, out var cell) ? cell : null;

        private string? CellOf(string name) => Name(name)?.Cell;

        private int? ReadPeiljaar()
        {
            var year = ReadNumber(Name(FormatSchema.Peiljaar), FormatSchema.Peiljaar, ValueKind.Integer,
                new Band(round.ReferenceYear, round.ReferenceYear), required: true);
            return year is { } y ? (int)y : null;
        }

        private string? ReadKvk()
        {
            var cell = Name(FormatSchema.AanbiederKvk);
            if (read.Text(cell, FormatSchema.AanbiederKvk, required: false) is null) return null;
            if (EightDigits(cell!.Value) is { } kvk) return kvk;
            var found = CellText.Show(cell.Value);
            read.Add(Severity.Error, FindingCodes.InvalidText, FormatSchema.AanbiederKvk, cell.Cell, found, "8 cijfers",
                $"Het KvK-nummer '{found}' bestaat niet uit 8 cijfers. Vult u het KvK-nummer in of laat u het veld leeg.");
            return null;
        }

        private string? ReadEmail()
        {
            var cell = Name(FormatSchema.AanbiederEmail);
            var email = read.Text(cell, FormatSchema.AanbiederEmail, required: true);
            if (email is null || Email().IsMatch(email)) return email;
            read.Add(Severity.Error, FindingCodes.InvalidText, FormatSchema.AanbiederEmail, cell!.Cell, email, "een e-mailadres",
                $"'{email}' is geen geldig e-mailadres. Wij sturen de bevindingen naar dit adres.");
            return null;
        }

        private void ReadSingleNumber(string variable, bool required)
        {
            var kind = FormatSchema.SingleValues.First(v => v.Name == variable).Kind;
            var cell = Name(variable);
            var value = ReadNumber(cell, variable, kind, round.BandFor(variable), required);
            Store(variable, value);
        }

        // ---- Personeel ----

        private void ReadPersoneel()
        {
            var table = raw.Personeel;
            if (table is null)
            {
                read.TableMissing(FormatSchema.PersoneelTable);
                return;
            }
            if (!read.RequireColumns(table, [FormatSchema.Functieniveau, FormatSchema.Fte, FormatSchema.Brutojaarsalaris, FormatSchema.Werkgeverslasten]))
                return;

            foreach (var row in table.Rows)
            {
                var levelCell = row[FormatSchema.Functieniveau]!;
                var levelText = AsText(levelCell.Value);
                var level = FormatSchema.Levels.FirstOrDefault(l =>
                    string.Equals(l, levelText?.Replace(" ", ""), StringComparison.OrdinalIgnoreCase) ||
                    string.Equals(FormatSchema.ShareColumn(l)["Aandeel_".Length..], levelText?.Replace(" ", ""), StringComparison.OrdinalIgnoreCase));
                if (level is null)
                {
                    if (levelText is null && RowIsEmptyBut(row, FormatSchema.Functieniveau)) continue;
                    if (read.Uncalculated(levelCell, FormatSchema.Functieniveau)) continue;
                    read.Add(Severity.Error, FindingCodes.UnknownLevel, FormatSchema.Functieniveau, levelCell.Cell, levelText, string.Join(", ", FormatSchema.Levels),
                        levelText is null
                            ? "Het functieniveau ontbreekt in deze rij. Kiest u MBO3, MBO4, HBO, HBO+, WO of WO+."
                            : $"Het functieniveau '{levelText}' kennen wij niet. Kiest u MBO3, MBO4, HBO, HBO+, WO of WO+.");
                    continue;
                }
                if (!levelRows.TryAdd(level, row))
                {
                    read.Add(Severity.Error, FindingCodes.DuplicateLevel, FormatSchema.Functieniveau, levelCell.Cell, level, null,
                        $"Het functieniveau {level} staat twee keer in de tabel Personeel. Voegt u de rijen samen; de tweede rij telt niet mee.");
                    continue;
                }

                var fteKey = VariableKeys.Of(FormatSchema.Fte, level);
                var levelFte = ReadNumber(row[FormatSchema.Fte], fteKey, ValueKind.Number, round.BandFor(FormatSchema.Fte, level), required: false);
                if (levelFte is null && read.Invalid.ContainsKey(fteKey)) { /* excluded by its finding */ }
                else if (levelFte > 0) fte[level] = levelFte.Value;

                var employed = levelFte > 0;
                foreach (var variable in new[] { FormatSchema.Brutojaarsalaris, FormatSchema.Werkgeverslasten })
                {
                    var key = VariableKeys.Of(variable, level);
                    var kind = variable == FormatSchema.Brutojaarsalaris ? ValueKind.Money : ValueKind.Fraction;
                    Store(key, ReadNumber(row[variable], key, kind, round.BandFor(variable, level), required: employed));
                }
            }
        }

        private void CheckLevelsUsedHaveSalary()
        {
            var used = new Dictionary<string, RawCell>(StringComparer.OrdinalIgnoreCase);
            foreach (var product in products)
            foreach (var level in FormatSchema.Levels)
            {
                var share = VariableKeys.Of(FormatSchema.ShareColumn(level), product.Code);
                if (values.TryGetValue(share, out var s) && s > 0 && !used.ContainsKey(level))
                    used[level] = shareCells[share];
            }

            foreach (var (level, shareCell) in used)
            {
                foreach (var variable in new[] { FormatSchema.Brutojaarsalaris, FormatSchema.Werkgeverslasten })
                {
                    var key = VariableKeys.Of(variable, level);
                    if (values.ContainsKey(key) || read.Invalid.ContainsKey(key)) continue;
                    var cell = levelRows.TryGetValue(level, out var row) ? row[variable]?.Cell : shareCell.Cell;
                    read.Add(Severity.Error, FindingCodes.LevelWithoutSalary, key, cell, null, null,
                        $"Uw producten zetten personeel op niveau {level} in, maar bij {level} ontbreekt {Label(variable)} in de tabel Personeel. Vult u dit in.");
                    read.Invalid[key] = FindingCodes.LevelWithoutSalary;
                }
            }
        }

        // ---- Producten ----

        private readonly Dictionary<string, RawCell> shareCells = new(StringComparer.OrdinalIgnoreCase);

        private void ReadProducten()
        {
            var table = raw.Producten;
            if (table is null)
            {
                read.TableMissing(FormatSchema.ProductenTable);
                return;
            }
            if (!read.RequireColumns(table, [FormatSchema.Productcode, FormatSchema.Eenheid, FormatSchema.Volume, FormatSchema.Groepsgrootte]))
                return;

            var rows = table.Rows.Where(r => !RowIsEmptyBut(r)).ToList();
            if (rows.Count == 0)
            {
                read.Add(Severity.Error, FindingCodes.NoProducts, FormatSchema.ProductenTable, table.HeaderCell, null, null,
                    "De tabel Producten is leeg. Vult u per product dat u levert een rij in.");
                return;
            }

            var missingColumns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var row in rows)
            {
                var codeCell = row[FormatSchema.Productcode]!;
                var code = AsText(codeCell.Value);
                if (code is null)
                {
                    if (read.Uncalculated(codeCell, FormatSchema.Productcode)) continue;
                    read.Add(Severity.Error, FindingCodes.RequiredMissing, FormatSchema.Productcode, codeCell.Cell, null, null,
                        "De productcode ontbreekt in deze rij. Kiest u een product uit de productenlijst.");
                    continue;
                }
                var product = round.FindProduct(code);
                if (product is null)
                {
                    read.Add(Severity.Error, FindingCodes.UnknownProduct, FormatSchema.Productcode, codeCell.Cell, code, null,
                        $"Het product '{code}' staat niet in de productenlijst van deze ronde. Kiest u een product uit de lijst.");
                    continue;
                }
                if (products.Any(p => p.Code == product.Code))
                {
                    read.Add(Severity.Error, FindingCodes.DuplicateProduct, FormatSchema.Productcode, codeCell.Cell, product.Code, null,
                        $"Het product {product.Code} staat twee keer in de tabel Producten. Voegt u de rijen samen; de tweede rij telt niet mee.");
                    continue;
                }
                products.Add(new DeliveredProduct(product.Code, product.Unit));
                ReadProductRow(row, product, table, missingColumns);
            }
        }

        private void ReadProductRow(RawRow row, CatalogueProduct product, RawTable table, HashSet<string> missingColumns)
        {
            var unitOk = CheckUnit(row[FormatSchema.Eenheid]!, product);

            var volumeKey = VariableKeys.Of(FormatSchema.Volume, product.Code);
            Store(volumeKey, ReadNumber(row[FormatSchema.Volume], volumeKey, ValueKind.Number, round.BandFor(FormatSchema.Volume, product.Code), required: true));

            ReadShares(row, product);

            foreach (var variable in FormatSchema.ProductVariables(product.Unit))
            {
                var key = VariableKeys.Of(variable, product.Code);
                var cell = row[variable];
                if (cell is null)
                {
                    if (missingColumns.Add(variable))
                        read.Add(Severity.Error, FindingCodes.ColumnMissing, variable, table.HeaderCell, null, null,
                            $"De kolom {variable} ontbreekt in de tabel Producten; die is nodig voor producten per {Units.Name(product.Unit)}.");
                    read.Invalid[key] = FindingCodes.ColumnMissing;
                    continue;
                }
                var kind = FormatSchema.ProductenColumns.First(c => c.Header == variable).Kind;
                Store(key, ReadNumber(cell, key, kind, round.BandFor(variable, product.Code, product.Unit), required: true));
            }

            if (!unitOk)
            {
                // A row that describes another unit than the catalogue's says nothing reliable about this product.
                foreach (var key in values.Keys.Where(k => k.EndsWith($"[{product.Code}]", StringComparison.OrdinalIgnoreCase)).ToList())
                {
                    values.Remove(key);
                    read.Invalid[key] = FindingCodes.UnitMismatch;
                }
            }
        }

        private bool CheckUnit(RawCell cell, CatalogueProduct product)
        {
            var text = AsText(cell.Value);
            var expected = Units.Name(product.Unit);
            if (text is null)
            {
                if (read.Uncalculated(cell, VariableKeys.Of(FormatSchema.Eenheid, product.Code))) return false;
                read.Add(Severity.Error, FindingCodes.RequiredMissing, VariableKeys.Of(FormatSchema.Eenheid, product.Code), cell.Cell, null, expected,
                    $"De eenheid van product {product.Code} ontbreekt. Vult u '{expected}' in.");
                return false;
            }
            if (!Units.TryParse(text, out var unit))
            {
                read.Add(Severity.Error, FindingCodes.UnitInvalid, VariableKeys.Of(FormatSchema.Eenheid, product.Code), cell.Cell, text, expected,
                    $"De eenheid '{text}' kennen wij niet. Gebruikt u uur, dagdeel of etmaal; voor product {product.Code} is dat '{expected}'.");
                return false;
            }
            if (unit != product.Unit)
            {
                read.Add(Severity.Error, FindingCodes.UnitMismatch, VariableKeys.Of(FormatSchema.Eenheid, product.Code), cell.Cell, Units.Name(unit), expected,
                    $"Product {product.Code} heeft in deze ronde de eenheid '{expected}', niet '{Units.Name(unit)}'. Vult u de gegevens per {expected} in.");
                return false;
            }
            return true;
        }

        private void ReadShares(RawRow row, CatalogueProduct product)
        {
            var shares = new Dictionary<string, decimal>();
            var failed = false;
            string? firstCell = null, lastCell = null;
            foreach (var level in FormatSchema.Levels)
            {
                var column = FormatSchema.ShareColumn(level);
                var key = VariableKeys.Of(column, product.Code);
                var cell = row[column];
                if (cell is null) { shares[key] = 0; continue; } // a missing share column is an empty one: 0
                firstCell ??= cell.Cell;
                lastCell = cell.Cell;
                shareCells[key] = cell;
                var share = ReadNumber(cell, key, ValueKind.Fraction, round.BandFor(column, product.Code), required: false);
                if (share is null && read.Invalid.ContainsKey(key)) failed = true;
                shares[key] = share ?? 0;
            }

            var sum = shares.Values.Sum();
            if (!failed && Math.Abs(sum - 1) > 0.005m)
            {
                var range = firstCell is null || lastCell is null || lastCell == firstCell
                    ? firstCell
                    : $"{firstCell}:{lastCell[(lastCell.IndexOf('!') + 1)..]}";
                read.Add(Severity.Error, FindingCodes.SharesNotOne, VariableKeys.Of("Aandeel", product.Code), range, DutchNumber.Format(sum, 2), "1,00 (± 0,005)",
                    $"De aandelen personeel van product {product.Code} tellen op tot {Percent(sum)} in plaats van 100%. Verdeelt u de inzet zo dat de aandelen samen 100% zijn.");
                failed = true;
            }

            foreach (var (key, share) in shares)
            {
                if (failed)
                {
                    values.Remove(key);
                    read.Invalid.TryAdd(key, FindingCodes.SharesNotOne);
                }
                else values[key] = share;
            }
        }

        // ---- reading numbers ----

        /// <summary>Reads one number and checks it against its band; null when missing or wrong (with a finding).</summary>
        private decimal? ReadNumber(RawCell? cell, string key, ValueKind kind, Band band, bool required)
        {
            var number = read.Number(cell, key, kind, required, ShowBand(band, kind));
            if (number is not { } n || band.Contains(n)) return number;
            var hint = kind == ValueKind.Fraction && n > 1 && n <= 100
                ? $" Vult u een percentage in als breuk? {DutchNumber.Format(n)}% = {DutchNumber.Format(n / 100, 2)}."
                : "";
            read.Error(FindingCodes.OutOfBand, key, cell!.Cell, DutchNumber.Format(n), ShowBand(band, kind),
                $"{Label(key)} is {DutchNumber.Format(n)} (verwacht {ShowBand(band, kind)}).{hint}");
            return null;
        }

        private void Store(string key, decimal? value)
        {
            if (value is { } v) values[key] = v;
        }

        // ---- small helpers ----

        private static bool RowIsEmptyBut(RawRow row, params string[] except) =>
            row.Cells.Where(c => !except.Contains(c.Key, StringComparer.OrdinalIgnoreCase)).All(c => CellReader.IsBlank(c.Value));

        /// <summary>A band as people read it: fractions as percentages (<c>0% - 15%</c>), other numbers as they are.</summary>
        private static string ShowBand(Band band, ValueKind kind)
        {
            string Show(decimal n) => kind == ValueKind.Fraction ? Percent(n) : DutchNumber.Format(n);
            return band.Min == band.Max ? Show(band.Min) : $"{Show(band.Min)} - {Show(band.Max)}";
        }

        private static string Label(string key) => CellReader.Label(key);

        private static string Percent(decimal fraction) => CellReader.Percent(fraction);
    }
}
