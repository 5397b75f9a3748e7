namespace Inkoop.Domain.Formats;

/// <summary>
/// The one way our validators read the cells of a workbook (formats, bid files, realisation reports): text, numbers,
/// integers, AGB-codes, a formula without a stored result, an empty cell, a missing name, table or column. Each
/// becomes a value or a finding, and each finding code means the same in all three: a formula without a result is
/// always <c>FORMULA_NOT_CALCULATED</c>, never "missing" or "no number".
/// </summary>
/// <param name="template">What the provider should start from, as in "Gebruikt u {template}?" (e.g. "het format van deze ronde").</param>
/// <param name="resubmit">How the provider hands the file in again, as in "slaat u het op en {resubmit}".</param>
public sealed class CellReader(string template, string resubmit)
{
    public List<Finding> Findings { get; } = [];

    /// <summary>Keys whose value could not be read, with the code of the error finding that says why.</summary>
    public Dictionary<string, string> Invalid { get; } = new(StringComparer.OrdinalIgnoreCase);

    public void Add(Severity severity, string code, string? variable, string? cell, string? value, string? band, string message) =>
        Findings.Add(new Finding(severity, code, variable, cell, value, band, message));

    /// <summary>Adds an error finding about a value and marks the value invalid.</summary>
    public void Error(string code, string key, string? cell, string? value, string? band, string message)
    {
        Add(Severity.Error, code, key, cell, value, band, message);
        Invalid[key] = code;
    }

    /// <summary>Whether an error finding was added after the first <paramref name="count"/> findings.</summary>
    public bool ErrorsSince(int count) => Findings.Skip(count).Any(f => f.Severity == Severity.Error);

    /// <summary>
    /// Formulas are never evaluated (format spec section 1): a formula without a stored result is an error finding
    /// that asks for the file to be saved by a program that calculates.
    /// </summary>
    public bool Uncalculated(RawCell? cell, string key)
    {
        if (cell?.Value is not UncalculatedFormula) return false;
        Error(FindingCodes.FormulaNotCalculated, key, cell.Cell, null, null,
            $"{Label(key)} (cel {cell.Cell}) bevat een formule zonder opgeslagen uitkomst; wij rekenen formules niet zelf uit. " +
            $"Opent u het bestand in Excel of LibreOffice, slaat u het op (dan wordt de uitkomst bewaard) en {resubmit}.");
        return true;
    }

    /// <summary>
    /// The trimmed text of a cell; null when it is empty or uncalculated. An empty required cell gets
    /// <paramref name="missingCode"/> (<c>REQUIRED_MISSING</c> by default) with <paramref name="missingMessage"/>.
    /// </summary>
    public string? Text(RawCell? cell, string key, bool required, string? missingMessage = null,
        string missingCode = FindingCodes.RequiredMissing, string? band = null)
    {
        if (Uncalculated(cell, key)) return null;
        var text = CellText.AsText(cell?.Value);
        if (text is null && required) Missing(key, cell, band, missingMessage, missingCode);
        return text;
    }

    /// <summary>An AGB-code of 8 digits (a number cell lost its leading zeros, they are padded back); null when missing or wrong.</summary>
    public string? Agb(RawCell? cell, string key, string missingMessage, string missingCode = FindingCodes.RequiredMissing)
    {
        if (Text(cell, key, required: true, missingMessage, missingCode, "8 cijfers") is null) return null;
        if (CellText.EightDigits(cell!.Value) is { } agb) return agb;
        var found = CellText.Show(cell.Value);
        Add(Severity.Error, FindingCodes.AgbInvalid, key, cell.Cell, found, "8 cijfers",
            $"De AGB-code '{found}' bestaat niet uit 8 cijfers. Vult u de AGB-code van uw organisatie in.");
        return null;
    }

    /// <summary>
    /// A number: a number cell, or text that reads as a Dutch number (with a warning); with
    /// <see cref="ValueKind.Integer"/> a whole one. Null when empty, uncalculated or no number (with a finding,
    /// for an empty cell only when <paramref name="required"/>). <paramref name="band"/> is what is expected, for findings.
    /// </summary>
    public decimal? Number(RawCell? cell, string key, ValueKind kind, bool required, string? band = null, string? missingMessage = null)
    {
        if (Uncalculated(cell, key)) return null;
        var value = cell?.Value;
        if (CellText.AsText(value) is null)
        {
            if (required) Missing(key, cell, band, missingMessage);
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
                Add(Severity.Warning, FindingCodes.NumberAsText, key, cell!.Cell, text, band,
                    $"{Label(key)} is als tekst ingevuld ('{text.Trim()}'); wij lezen dit als {Show(number, kind)}. Klopt dat niet, vult u dan een getal in.");
                break;
            default:
                var shown = CellText.Show(value);
                Error(FindingCodes.NotANumber, key, cell!.Cell, shown, band,
                    $"{Label(key)} is geen getal ('{shown}'). Vult u een getal in{Example(kind)}.");
                return null;
        }

        if (kind == ValueKind.Integer && (number != decimal.Truncate(number) || number is < int.MinValue or > int.MaxValue))
        {
            Error(FindingCodes.NotAnInteger, key, cell!.Cell, DutchNumber.Format(number), band,
                $"{Label(key)} moet een heel getal zijn, maar is {DutchNumber.Format(number)}.");
            return null;
        }
        return number;
    }

    /// <summary>
    /// An empty required value. No cell at all means the workbook lacks the defined name (or column): then the
    /// template is what helps.
    /// </summary>
    public void Missing(string key, RawCell? cell, string? band = null, string? missingMessage = null, string code = FindingCodes.RequiredMissing) =>
        Error(code, key, cell?.Cell, null, band,
            missingMessage ?? (cell is null
                ? $"Het veld {key} ontbreekt in het werkboek. Gebruikt u {template}?"
                : $"{Label(key)} ontbreekt. Vult u dit in (cel {cell.Cell})."));

    /// <summary>
    /// A table the workbook lacks: one finding per table. Some programs drop Excel tables on saving (names and values
    /// stay), so the advice is to fill in the template with a program that keeps them.
    /// </summary>
    public void TableMissing(string table, string? advice = null) =>
        Add(Severity.Error, FindingCodes.TableMissing, table, null, null, null,
            $"De tabel {table} ontbreekt in het werkboek. {advice ?? $"Gebruikt u {template} en laat u de tabellen staan."} " +
            "Sommige programma's (zoals Gnumeric) laten Excel-tabellen weg bij het opslaan: vult u het bestand in met Excel of LibreOffice, " +
            $"slaat u het daarmee op en {resubmit}.");

    /// <summary>The columns a table lacks, each a finding; true when it has them all.</summary>
    public bool RequireColumns(RawTable table, IEnumerable<string> columns)
    {
        var missing = columns.Where(c => !table.Columns.Contains(c)).ToList();
        foreach (var column in missing)
            Add(Severity.Error, FindingCodes.ColumnMissing, column, table.HeaderCell, null, null,
                $"De kolom {column} ontbreekt in de tabel {table.Name}. Gebruikt u {template}?");
        return missing.Count == 0;
    }

    /// <summary>Whether a cell holds nothing (spaces count as nothing).</summary>
    public static bool IsBlank(RawCell? cell) => cell?.Value is null || cell.Value is string s && string.IsNullOrWhiteSpace(s);

    /// <summary>"Brutojaarsalaris[WO]" reads as "Brutojaarsalaris (WO)" for a provider.</summary>
    public static string Label(string key) => key.Replace("[", " (").Replace("]", ")");

    /// <summary>A number as a provider reads it: a fraction also as a percentage.</summary>
    public static string Show(decimal number, ValueKind kind) =>
        kind == ValueKind.Fraction ? $"{DutchNumber.Format(number, 2)} ({Percent(number)})" : DutchNumber.Format(number);

    public static string Percent(decimal fraction) => DutchNumber.Percent(fraction);

    private static string Example(ValueKind kind) => kind switch
    {
        ValueKind.Fraction => ", bijvoorbeeld 6% of 0,06",
        ValueKind.Money => ", bijvoorbeeld 38000 of 73,26",
        ValueKind.Integer => ", bijvoorbeeld 2023",
        _ => "",
    };
}
