using System.Globalization;
using System.Xml;
using Inkoop.Domain.Formats;

namespace Inkoop.Excel;

/// <summary>
/// Reads any of our workbooks into a <see cref="RawWorkbook"/>: every workbook-scoped defined name with its
/// cell, and the rows of the tables asked for. Cells are found by name and header only, never by address,
/// and values are delivered as stored; the domain's validators interpret them.
/// </summary>
/// <remarks>
/// Built for untrusted uploads: a streaming pass over only the parts it needs (workbook, its
/// relationships, the sheets and tables the names and tables point to, shared strings, styles), each
/// bounded in size, depth and time (see <see cref="WorkbookPackage"/> and <see cref="PartXml"/>).
/// Formulas are never evaluated.
/// </remarks>
public static class WorkbookReader
{
    /// <summary>
    /// Reads an uploaded workbook. Throws <see cref="UnreadableWorkbookException"/> for anything
    /// that is no readable, acceptable .xlsx; never any other exception for bad input.
    /// </summary>
    public static RawWorkbook Read(Stream xlsx, IReadOnlyCollection<string> tableNames, WorkbookLimits? limits = null,
        CancellationToken ct = default)
    {
        limits ??= WorkbookLimits.Default;
        try
        {
            using var package = WorkbookPackage.Open(xlsx, limits, ct);
            return new Reading(package, limits).Run(tableNames);
        }
        catch (Exception e) when (e is XmlException or InvalidDataException or IOException or FormatException or OverflowException)
        {
            // Malformed XML, bad deflate data or a broken entry: to the provider all one thing.
            throw UnreadableWorkbookException.Damaged(e);
        }
        catch (Exception e) when (e is OutOfMemoryException or InsufficientExecutionStackException)
        {
            throw UnreadableWorkbookException.TooLarge("het is te groot om te verwerken", e);
        }
    }

    private sealed class Reading(WorkbookPackage package, WorkbookLimits limits)
    {
        private readonly Dictionary<string, SheetWants> wants = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, Dictionary<long, XmlCell>> cells = new(StringComparer.OrdinalIgnoreCase);
        private WorkbookXml workbook = null!;
        private Dictionary<int, string> sharedStrings = [];
        private bool[] dateStyles = [];

        public RawWorkbook Run(IReadOnlyCollection<string> tableNames)
        {
            workbook = WorkbookXml.Read(package, limits);
            var names = NamedCells();
            var tables = FindTables(tableNames);
            foreach (var (sheet, cell) in names.Values)
                Want(sheet).Cells.Add(cell.Key);
            foreach (var (sheet, table) in tables)
                Want(sheet).Areas.Add(table.Area);
            ReadSheets();
            ReadSharedStrings();
            ReadDateStyles();

            var rawNames = new Dictionary<string, RawCell>(names.Count, StringComparer.OrdinalIgnoreCase);
            foreach (var (name, (sheet, cell)) in names)
                rawNames[name] = Cell(sheet, cell);
            return new RawWorkbook(rawNames, tables.Select(t => TableReader.Read(t.Table, t.Sheet, StoredCells(t.Sheet), Cell, limits)).ToList());
        }

        /// <summary>Workbook-scoped names on one worksheet cell (trimmed; the first of equal names wins).</summary>
        private Dictionary<string, (SheetInfo Sheet, CellPosition Cell)> NamedCells()
        {
            var names = new Dictionary<string, (SheetInfo, CellPosition)>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, reference) in workbook.Names)
            {
                var key = name.Trim();
                if (key.Length == 0 || names.ContainsKey(key)
                    || !CellReferences.TryParseDefinedName(reference, out var sheetName, out var cell)
                    || workbook.Sheet(sheetName) is not { Part: not null } sheet)
                    continue;
                names[key] = (sheet, cell);
            }
            return names;
        }

        /// <summary>The tables asked for, by name; the first of a name in sheet order wins.</summary>
        private List<(SheetInfo Sheet, TableDefinition Table)> FindTables(IReadOnlyCollection<string> tableNames)
        {
            var wanted = new HashSet<string>(tableNames.Select(n => n.Trim()), StringComparer.OrdinalIgnoreCase);
            var found = new List<(SheetInfo, TableDefinition)>();
            foreach (var sheet in workbook.Sheets)
            {
                if (wanted.Count == 0)
                    break;
                if (sheet.Part is null)
                    continue; // chart sheets have no cells and no tables
                foreach (var relationship in package.RelationshipsOf(sheet.Part))
                {
                    if (!relationship.Is("table") || relationship.Target is null)
                        continue;
                    using var xml = package.Open(relationship.Target);
                    if (xml is not null && TableDefinition.Read(xml, wanted, limits) is { } table && wanted.Remove(table.Name))
                        found.Add((sheet, table));
                }
            }
            return found;
        }

        private SheetWants Want(SheetInfo sheet)
        {
            if (!wants.TryGetValue(sheet.Part!, out var want))
                wants[sheet.Part!] = want = new SheetWants();
            return want;
        }

        private void ReadSheets()
        {
            var kept = 0;
            foreach (var (part, want) in wants)
            {
                var sheetCells = new Dictionary<long, XmlCell>();
                using (var xml = package.Open(part)!)
                    SheetCells.Read(xml, want, sheetCells, limits with { MaxCellsKept = limits.MaxCellsKept - kept });
                kept += sheetCells.Count;
                cells[part] = sheetCells;
            }
        }

        private void ReadSharedStrings()
        {
            var wanted = new SortedSet<int>();
            foreach (var sheet in cells.Values)
                foreach (var cell in sheet.Values)
                    if (cell is { Type: "s", IsInline: false, Text: { } text }
                        && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index) && index >= 0)
                        wanted.Add(index);
            if (wanted.Count == 0)
                return;
            var part = WorkbookPartOf("sharedStrings") ?? throw UnreadableWorkbookException.Damaged();
            using var xml = package.Open(part)!;
            sharedStrings = SharedStrings.Read(xml, wanted, limits);
        }

        private void ReadDateStyles()
        {
            var styled = cells.Values.Any(sheet => sheet.Values.Any(c => c.Style > 0 && c.Type is null or "n" && !c.IsInline));
            if (!styled || WorkbookPartOf("styles") is not { } part)
                return;
            using var xml = package.Open(part)!;
            dateStyles = DateStyles.Read(xml, limits.MaxCellsKept);
        }

        private string? WorkbookPartOf(string kind) =>
            package.RelationshipsOf(package.WorkbookPart).FirstOrDefault(r => r.Is(kind) && r.Target is not null && package.Exists(r.Target))?.Target;

        private RawCell Cell(SheetInfo sheet, CellPosition position)
        {
            var address = CellReferences.Address(sheet.Name, position);
            if (!cells.TryGetValue(sheet.Part!, out var sheetCells) || !sheetCells.TryGetValue(position.Key, out var cell))
                return RawCell.Empty(address);
            return new RawCell(address, CellValues.Read(cell, SharedString, IsDateStyle, workbook.Date1904));
        }

        private IReadOnlyDictionary<long, XmlCell> StoredCells(SheetInfo sheet) =>
            cells.TryGetValue(sheet.Part!, out var stored) ? stored : new Dictionary<long, XmlCell>();

        private string SharedString(int index) =>
            sharedStrings.TryGetValue(index, out var text) ? text : throw UnreadableWorkbookException.Damaged();

        private bool IsDateStyle(int style) => style < dateStyles.Length && dateStyles[style];
    }
}
