using System.Xml;

namespace Inkoop.Excel;

/// <summary>The cells wanted from one sheet: single cells (behind defined names) and areas (tables).</summary>
internal sealed class SheetWants
{
    public HashSet<long> Cells { get; } = [];
    public List<CellArea> Areas { get; } = [];

    public bool Contains(int row, int column)
    {
        if (Cells.Contains(new CellPosition(row, column).Key))
            return true;
        foreach (var area in Areas)
            if (area.Contains(row, column))
                return true;
        return false;
    }
}

/// <summary>
/// Streams one worksheet's <c>sheetData</c> once, keeping only the wanted cells. Everything else,
/// unknown elements included, is stepped over node by node within the part's bounds.
/// </summary>
internal static class SheetCells
{
    public static void Read(PartXml xml, SheetWants wants, Dictionary<long, XmlCell> kept, WorkbookLimits limits)
    {
        if (!xml.MoveTo(1, "sheetData") || xml.Xml.IsEmptyElement)
        {
            xml.Complete();
            return;
        }
        var row = 0;
        var column = 0;
        while (xml.Read())
        {
            if (xml.Depth <= 1)
                break; // </sheetData>
            if (xml.NodeType != XmlNodeType.Element)
                continue;
            if (xml.IsStart(2, "row"))
            {
                row = xml.Attribute("r") is { } r ? ParseRow(r) : row + 1;
                column = 0;
            }
            else if (xml.IsStart(3, "c"))
            {
                if (!xml.ShortAttribute("r", out var reference))
                {
                    if (xml.Attribute("r") is not null)
                        throw UnreadableWorkbookException.Damaged(); // a reference of more than 32 characters
                    column++;
                }
                else if (CellReferences.TryParseCell(reference, out var position))
                {
                    // A cell may carry its own row; Excel writes both the same.
                    row = position.Row;
                    column = position.Column;
                }
                else
                    throw UnreadableWorkbookException.Damaged();
                if (row < 1 || column > CellPosition.MaxColumn)
                    throw UnreadableWorkbookException.Damaged();
                if (!wants.Contains(row, column))
                    continue;
                if (kept.Count >= limits.MaxCellsKept)
                    throw UnreadableWorkbookException.TooLarge($"het bevat meer dan {limits.MaxCellsKept} gevulde cellen in de tabellen");
                kept[new CellPosition(row, column).Key] = ReadCell(xml, limits);
            }
        }
        xml.Complete();
    }

    private static int ParseRow(string text) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var row)
        && row is >= 1 and <= CellPosition.MaxRow
            ? row
            : throw UnreadableWorkbookException.Damaged();

    /// <summary>Reads the current <c>&lt;c&gt;</c>; leaves the reader on its end.</summary>
    private static XmlCell ReadCell(PartXml xml, WorkbookLimits limits)
    {
        var cell = new XmlCell { Type = xml.Attribute("t") };
        if (xml.Attribute("s") is { } style && int.TryParse(style, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var s))
            cell.Style = s;
        if (xml.Xml.IsEmptyElement)
            return cell;
        while (xml.Read() && !xml.IsEnd(3))
        {
            if (xml.IsStart(4, "f"))
                cell.HasFormula = true; // its text is never looked at, let alone evaluated
            else if (xml.IsStart(4, "v"))
                cell.Text = xml.ReadText(limits.MaxCellChars);
            else if (xml.IsStart(4, "is"))
            {
                cell.IsInline = true;
                cell.Text = xml.ReadText(limits.MaxCellChars, skipElement: IsPhonetic);
            }
        }
        return cell;
    }

    /// <summary>Phonetic runs (furigana) are hints, not part of the text.</summary>
    public static bool IsPhonetic(string localName) => localName is "rPh" or "phoneticPr";
}
