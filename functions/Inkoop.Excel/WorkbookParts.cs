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
    public static TableDefinition? Read(PartXml xml, WorkbookLimits limits)
    {
        if (!xml.MoveTo(0, "table"))
            throw UnreadableWorkbookException.Damaged();
        var name = xml.Attribute("name")?.Trim();
        if (name is null || !CellReferences.TryParseArea(xml.Attribute("ref") ?? "", out var area))
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

/// <summary>Which cell styles show a built-in date format (ids 14-22 and 45-47), as Excel and EPPlus read them.</summary>
internal static class DateStyles
{
    public static bool[] Read(PartXml xml, int maxStyles)
    {
        var dates = new List<bool>();
        if (!xml.MoveTo(0, "styleSheet"))
            throw UnreadableWorkbookException.Damaged();
        if (xml.MoveTo(1, "cellXfs"))
        {
            while (xml.Read() && xml.Depth >= 2)
            {
                if (!xml.IsStart(2, "xf"))
                    continue;
                if (dates.Count == maxStyles)
                    throw UnreadableWorkbookException.TooLarge($"het bevat meer dan {maxStyles} celopmaken");
                var id = int.TryParse(xml.Attribute("numFmtId"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
                dates.Add(id is >= 14 and <= 22 or >= 45 and <= 47);
            }
        }
        xml.Complete();
        return [.. dates];
    }
}
