using System.Globalization;
using System.Xml;

namespace Inkoop.Excel;

/// <summary>A sheet as the workbook lists it; <see cref="Part"/> is null for a sheet without a worksheet part (a chart sheet).</summary>
internal sealed record SheetInfo(string Name, string? Part);

/// <summary>What <c>xl/workbook.xml</c> says: its sheets in order, the workbook-scoped defined names, the date system.</summary>
internal sealed class WorkbookXml
{
    public List<SheetInfo> Sheets { get; } = [];
    public List<(string Name, string Reference)> Names { get; } = [];
    public bool Date1904 { get; private set; }

    public static WorkbookXml Read(WorkbookPackage package, WorkbookLimits limits)
    {
        var workbook = new WorkbookXml();
        var relationships = package.RelationshipsOf(package.WorkbookPart);
        using var xml = package.Open(package.WorkbookPart)!;
        if (!xml.MoveTo(0, "workbook"))
            throw UnreadableWorkbookException.NotAWorkbook();
        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element)
                continue;
            if (xml.IsStart(1, "workbookPr"))
                workbook.Date1904 = xml.Attribute("date1904") is "1" or "true";
            else if (xml.IsStart(2, "sheet"))
            {
                var id = xml.Attribute("id", anyNamespace: true);
                var relationship = relationships.FirstOrDefault(r => r.Id == id);
                var part = relationship is not null && relationship.Is("worksheet") && relationship.Target is { } target && package.Exists(target)
                    ? target
                    : null;
                workbook.Sheets.Add(new SheetInfo(xml.Attribute("name") ?? "", part));
            }
            else if (xml.IsStart(2, "definedName"))
            {
                var name = xml.Attribute("name");
                // Names scoped to one sheet are that sheet's, not the workbook's.
                if (name is null || xml.Attribute("localSheetId") is not null)
                    continue;
                if (workbook.Names.Count >= limits.MaxDefinedNames)
                    throw UnreadableWorkbookException.TooLarge($"het bevat meer dan {limits.MaxDefinedNames} namen");
                workbook.Names.Add((name, xml.ReadText(limits.MaxCellChars)));
            }
        }
        xml.Complete();
        return workbook;
    }

    public SheetInfo? Sheet(string name) =>
        Sheets.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>An Excel table as its part defines it.</summary>
internal sealed record TableDefinition(string Name, CellArea Area, bool HasHeaderRow, int TotalsRows, List<string> ColumnNames)
{
    /// <summary>
    /// The table of this part when it is one of <paramref name="wanted"/>, else null. A table is known by its
    /// <c>name</c>, or by its <c>displayName</c> (which the standard requires; <c>name</c> is optional). A table we
    /// do not need is never read further, so nothing in it can refuse the file.
    /// </summary>
    public static TableDefinition? Read(PartXml xml, IReadOnlySet<string> wanted, WorkbookLimits limits)
    {
        string? name;
        try
        {
            if (!xml.MoveTo(0, "table"))
                return null;
            name = (xml.Attribute("name") ?? xml.Attribute("displayName"))?.Trim();
        }
        catch (XmlException)
        {
            return null; // not even its name can be read: it is not a table we know (bounds still refuse, as everywhere)
        }
        if (name is null || !wanted.Contains(name))
            return null;
        if (!CellReferences.TryParseArea(xml.Attribute("ref") ?? "", out var area))
            throw UnreadableWorkbookException.Damaged();
        if (area.To.Column - area.From.Column + 1 > limits.MaxTableColumns)
            throw UnreadableWorkbookException.TooLarge($"de tabel {name} heeft meer dan {limits.MaxTableColumns} kolommen");
        var headerRows = Count(xml.Attribute("headerRowCount"), 1);
        var totalsRows = Count(xml.Attribute("totalsRowCount"), 0);
        var columns = new List<string>();
        while (xml.Read())
        {
            if (!xml.IsStart(2, "tableColumn"))
                continue;
            if (columns.Count == limits.MaxTableColumns)
                throw UnreadableWorkbookException.TooLarge($"de tabel {name} heeft meer dan {limits.MaxTableColumns} kolommen");
            columns.Add(xml.Attribute("name") ?? "");
        }
        xml.Complete();
        return new TableDefinition(name, area, headerRows != 0, totalsRows, columns);
    }

    private static int Count(string? text, int missing) =>
        text is null ? missing
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count
        : throw UnreadableWorkbookException.Damaged();
}

/// <summary>The shared strings that were asked for, by index; the others are stepped over, never built.</summary>
internal static class SharedStrings
{
    public static Dictionary<int, string> Read(PartXml xml, SortedSet<int> wanted, WorkbookLimits limits)
    {
        var strings = new Dictionary<int, string>(wanted.Count);
        if (!xml.MoveTo(0, "sst"))
            throw UnreadableWorkbookException.Damaged();
        var index = -1;
        var last = wanted.Max;
        while (index < last && xml.Read())
        {
            if (!xml.IsStart(1, "si"))
                continue;
            index++;
            if (wanted.Contains(index))
                strings[index] = CellValues.Decode(xml.ReadText(limits.MaxCellChars, skipElement: SheetCells.IsPhonetic));
        }
        xml.Complete();
        return strings;
    }
}

/// <summary>
/// Which cell styles show a date: a built-in date format (ids 14-22 and 45-47, as Excel and EPPlus read them) or a
/// custom format (<c>numFmts</c>) whose code has day, month, year, hour or second parts outside quotes, brackets
/// and escapes (<c>dd-mm-jjjj</c> is written <c>dd\-mm\-yyyy</c> in the part whatever the language).
/// </summary>
internal static class DateStyles
{
    public static bool[] Read(PartXml xml, int maxStyles)
    {
        var dates = new List<bool>();
        var customDates = new HashSet<int>();
        if (!xml.MoveTo(0, "styleSheet"))
            throw UnreadableWorkbookException.Damaged();
        while (xml.Read())
        {
            if (xml.IsStart(2, "numFmt"))
            {
                if (customDates.Count == maxStyles)
                    throw UnreadableWorkbookException.TooLarge($"het bevat meer dan {maxStyles} getalnotaties");
                if (FormatId(xml) is var id and >= 0 && IsDateFormat(xml.Attribute("formatCode") ?? ""))
                    customDates.Add(id);
            }
            else if (xml.IsStart(1, "cellXfs"))
            {
                while (xml.Read() && xml.Depth >= 2)
                {
                    if (!xml.IsStart(2, "xf"))
                        continue;
                    if (dates.Count == maxStyles)
                        throw UnreadableWorkbookException.TooLarge($"het bevat meer dan {maxStyles} celopmaken");
                    var id = FormatId(xml);
                    dates.Add(id is >= 14 and <= 22 or >= 45 and <= 47 || customDates.Contains(id));
                }
                break; // numFmts come before cellXfs
            }
        }
        xml.Complete();
        return [.. dates];
    }

    private static int FormatId(PartXml xml) =>
        int.TryParse(xml.Attribute("numFmtId"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;

    /// <summary>Whether a number format code shows a date or time (of its first section, the one for positive numbers).</summary>
    public static bool IsDateFormat(string code)
    {
        for (var i = 0; i < code.Length; i++)
        {
            switch (code[i])
            {
                case ';':
                    return false;
                case '"':
                    i = code.IndexOf('"', i + 1) is var end and >= 0 ? end : code.Length;
                    break;
                case '[':
                    // [h], [mm] and [ss] are elapsed time; [Red], [$-413] and [>100] are colours, locales and conditions.
                    var close = code.IndexOf(']', i + 1);
                    var inside = close < 0 ? "" : code[(i + 1)..close];
                    if (inside.Length > 0 && inside.All(c => c is 'h' or 'H' or 'm' or 'M' or 's' or 'S'))
                        return true;
                    i = close < 0 ? code.Length : close;
                    break;
                case '\\' or '_' or '*':
                    i++; // the next character is shown (or padded) as it is
                    break;
                case 'd' or 'D' or 'm' or 'M' or 'y' or 'Y' or 'h' or 'H' or 's' or 'S':
                    return true;
            }
        }
        return false;
    }
}
