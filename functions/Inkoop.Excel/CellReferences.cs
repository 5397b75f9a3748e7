namespace Inkoop.Excel;

/// <summary>A cell position, 1-based; packed into one number as a dictionary key.</summary>
internal readonly record struct CellPosition(int Row, int Column)
{
    public const int MaxRow = 1_048_576;
    public const int MaxColumn = 16_384;

    public long Key => (long)Row << 16 | (uint)Column;

    public static CellPosition FromKey(long key) => new((int)(key >> 16), (int)(key & 0xFFFF));

    public override string ToString() => CellReferences.ColumnName(Column) + Row.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A rectangle of cells, inclusive.</summary>
internal readonly record struct CellArea(CellPosition From, CellPosition To)
{
    public bool Contains(int row, int column) =>
        row >= From.Row && row <= To.Row && column >= From.Column && column <= To.Column;
}

/// <summary>A1 references as Excel writes them in cells, tables and defined names.</summary>
internal static class CellReferences
{
    public static string ColumnName(int column)
    {
        Span<char> letters = stackalloc char[3];
        var at = letters.Length;
        for (; column > 0; column = (column - 1) / 26)
            letters[--at] = (char)('A' + (column - 1) % 26);
        return new string(letters[at..]);
    }

    public static string Address(string sheet, CellPosition cell) => $"{sheet}!{cell}";

    /// <summary>"B3", "$B$3" or "b3"; false for anything else or outside the sheet.</summary>
    public static bool TryParseCell(ReadOnlySpan<char> text, out CellPosition cell)
    {
        cell = default;
        var i = 0;
        if (i < text.Length && text[i] == '$') i++;
        var column = 0;
        var letters = 0;
        for (; i < text.Length && char.IsAsciiLetter(text[i]) && letters < 4; i++, letters++)
            column = column * 26 + (char.ToUpperInvariant(text[i]) - 'A' + 1);
        if (letters is 0 or > 3 || column > CellPosition.MaxColumn) return false;
        if (i < text.Length && text[i] == '$') i++;
        var row = 0;
        var digits = 0;
        for (; i < text.Length && char.IsAsciiDigit(text[i]) && digits < 8; i++, digits++)
            row = row * 10 + (text[i] - '0');
        if (digits == 0 || i != text.Length || row is < 1 or > CellPosition.MaxRow) return false;
        cell = new CellPosition(row, column);
        return true;
    }

    /// <summary>"D1:G4" (or one cell), normalised so From is the top-left.</summary>
    public static bool TryParseArea(ReadOnlySpan<char> text, out CellArea area)
    {
        area = default;
        var colon = text.IndexOf(':');
        if (colon < 0)
        {
            if (!TryParseCell(text, out var only)) return false;
            area = new CellArea(only, only);
            return true;
        }
        if (!TryParseCell(text[..colon], out var a) || !TryParseCell(text[(colon + 1)..], out var b)) return false;
        area = new CellArea(
            new CellPosition(Math.Min(a.Row, b.Row), Math.Min(a.Column, b.Column)),
            new CellPosition(Math.Max(a.Row, b.Row), Math.Max(a.Column, b.Column)));
        return true;
    }

    /// <summary>
    /// A defined name that points at cells: <c>Sheet!$B$3</c>, <c>'My Sheet'!$B$3</c> or a range (its
    /// top-left cell). Constants, formulas, <c>#REF!</c>, several areas and other workbooks are no cell.
    /// </summary>
    public static bool TryParseDefinedName(string text, out string sheet, out CellPosition cell)
    {
        sheet = "";
        cell = default;
        var span = text.AsSpan().Trim();
        if (span.StartsWith("=")) span = span[1..];
        int bang;
        if (span.StartsWith("'"))
        {
            // Quoted sheet name: '' stands for one quote.
            var name = new System.Text.StringBuilder();
            var i = 1;
            for (; i < span.Length; i++)
            {
                if (span[i] != '\'') { name.Append(span[i]); continue; }
                if (i + 1 < span.Length && span[i + 1] == '\'') { name.Append('\''); i++; continue; }
                break;
            }
            if (i + 1 >= span.Length || span[i + 1] != '!') return false;
            sheet = name.ToString();
            bang = i + 1;
        }
        else
        {
            bang = span.IndexOf('!');
            if (bang <= 0) return false;
            var unquoted = span[..bang];
            // A bracket is another workbook ([1]Blad1); operators and spaces make it a formula.
            if (unquoted.IndexOfAny("[]()+-*/&^,;:<>=\" ") >= 0) return false;
            sheet = unquoted.ToString();
        }
        if (sheet.Contains('[')) return false;
        if (!TryParseArea(span[(bang + 1)..], out var area)) return false;
        cell = area.From;
        return true;
    }
}
