using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Xml;
using DocumentFormat.OpenXml.Packaging;
using Inkoop.Domain.Formats;
using Inkoop.Domain.Rounds;
using Inkoop.Excel;
using X = DocumentFormat.OpenXml.Spreadsheet;

namespace Inkoop.Benchmarks;

/// <summary>
/// Issue 8's comparison, in one process on the same files: our upload reader (read, and read + validate) against the
/// Open XML SDK and the raw lower bound (ZipArchive + XmlReader reading the same defined names and tables, with no
/// guard at all), for formats written by EPPlus (our template filled in) and by exceljs (the test fixture).
/// Prints median times, ratios to the raw bound, bytes allocated per format and gen-2 collections.
/// </summary>
public static class ReaderBenchmark
{
    private static readonly string[] Tables = [FormatSchema.PersoneelTable, FormatSchema.ProductenTable];

    public static int Run()
    {
        var round = RoundConfigurationParser.Parse(DemoFormats.RoundJson);
        var template = new MemoryStream();
        TemplateWriter.Write(round, template);
        var epplus = DemoFormats.Research2023().Take(26).Select(f =>
        {
            using var output = new MemoryStream();
            FormatFiller.Fill(new MemoryStream(template.ToArray()), f.Values, output);
            return output.ToArray();
        }).ToList();
        var exceljsFile = Path.Combine(Inkoop.Integration.Tests.Infrastructure.Repo.Root, "tests", "Inkoop.Tests", "Fixtures", "exceljs", "worked-example-34567890.xlsx");
        var exceljs = new List<byte[]> { File.ReadAllBytes(exceljsFile) };
        var exceljsRound = RoundConfigurationParser.Parse(File.ReadAllText(Path.Combine(Inkoop.Integration.Tests.Infrastructure.Repo.Root,
            "tests", "Inkoop.Tests", "Fixtures", "voorbeeld-2025.json")));

        Console.WriteLine($"Reader comparison ({Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, " +
                          $"server GC {System.Runtime.GCSettings.IsServerGC}); medians per format:");
        Compare($"EPPlus-written ({epplus.Count} formats, {epplus.Average(f => f.Length) / 1024:F0} KiB)", epplus, round);
        Compare($"exceljs-written ({exceljs.Count} format, {exceljs[0].Length / 1024:F0} KiB)", exceljs, exceljsRound);
        return 0;
    }

    private static void Compare(string set, List<byte[]> files, RoundConfiguration round)
    {
        var raw = Measure(files, f => RawReader.Read(f));
        var sdk = Measure(files, f => SdkReader.Read(f));
        var ours = Measure(files, f => WorkbookReader.Read(new MemoryStream(f, writable: false), Tables));
        var intake = Measure(files, f => FormatIntake.Validate(new MemoryStream(f, writable: false), round));
        Console.WriteLine($"  {set}:");
        foreach (var (name, m) in new[] { ("raw lower bound (ZipArchive + XmlReader)", raw), ("Open XML SDK 3.3.0", sdk), ("our reader", ours), ("our read + validate", intake) })
            Console.WriteLine($"    {name,-42} {m.Median,8:F3} ms  {m.Median / raw.Median,5:F2}x raw  {m.Allocated / 1024.0,8:F0} KiB allocated  gen2 {m.Gen2}");
    }

    private sealed record Measured(double Median, double Allocated, int Gen2);

    private static Measured Measure(List<byte[]> files, Func<byte[], object> read)
    {
        for (var i = 0; i < 30; i++) foreach (var f in files) read(f);
        var times = new List<double>();
        var gen2 = GC.CollectionCount(2);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var runs = Math.Max(20, 600 / files.Count);
        for (var run = 0; run < runs; run++)
        {
            foreach (var f in files)
            {
                var watch = Stopwatch.StartNew();
                read(f);
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }
        var perFormat = (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)(runs * files.Count);
        times.Sort();
        return new Measured(times[times.Count / 2], perFormat, GC.CollectionCount(2) - gen2);
    }

    /// <summary>The lower bound: the same names and tables with ZipArchive and XmlReader, trusting the file completely.</summary>
    private static class RawReader
    {
        public static object Read(byte[] file)
        {
            using var zip = new ZipArchive(new MemoryStream(file, writable: false));
            var rels = Rels(zip, "xl/_rels/workbook.xml.rels");
            var sheets = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var names = new List<(string Name, string Sheet, string Cell)>();
            using (var xml = XmlReader.Create(zip.GetEntry("xl/workbook.xml")!.Open()))
                while (!xml.EOF)
                    if (xml is { NodeType: XmlNodeType.Element, LocalName: "sheet" })
                    {
                        sheets[xml.GetAttribute("name")!] = "xl/" + rels[xml.GetAttribute("id", "http://schemas.openxmlformats.org/officeDocument/2006/relationships")!];
                        xml.Read();
                    }
                    else if (xml is { NodeType: XmlNodeType.Element, LocalName: "definedName" } && xml.GetAttribute("localSheetId") is null)
                    {
                        var name = xml.GetAttribute("name")!;
                        var reference = xml.ReadElementContentAsString();
                        var bang = reference.LastIndexOf('!');
                        if (bang > 0) names.Add((name, reference[..bang].Trim('\''), reference[(bang + 1)..].Split(':')[0].Replace("$", "")));
                    }
                    else xml.Read();
            var wanted = new Dictionary<string, HashSet<string>>();
            foreach (var (_, sheet, cell) in names)
                if (sheets.TryGetValue(sheet, out var part)) Want(wanted, part).Add(cell);
            var tableAreas = new List<(string Part, string Ref)>();
            foreach (var part in sheets.Values)
            {
                var sheetRels = zip.GetEntry(part.Replace("worksheets/", "worksheets/_rels/") + ".rels");
                if (sheetRels is null) continue;
                foreach (var target in Rels(zip, sheetRels.FullName).Values.Where(t => t.Contains("tables/")))
                {
                    using var xml = XmlReader.Create(zip.GetEntry("xl/" + target.Replace("../", ""))!.Open());
                    xml.MoveToContent();
                    if (Tables.Contains(xml.GetAttribute("name"), StringComparer.OrdinalIgnoreCase)) tableAreas.Add((part, xml.GetAttribute("ref")!));
                }
            }
            var values = new Dictionary<string, (string? Type, string? Text)>();
            var areas = tableAreas.Select(t => (t.Part, Area: Parse(t.Ref))).ToList();
            foreach (var part in wanted.Keys.Concat(tableAreas.Select(t => t.Part)).Distinct())
            {
                using var xml = XmlReader.Create(zip.GetEntry(part)!.Open());
                while (xml.Read())
                {
                    if (xml is not { NodeType: XmlNodeType.Element, LocalName: "c" }) continue;
                    var r = xml.GetAttribute("r")!;
                    var (row, col) = Cell(r);
                    if (!(wanted.TryGetValue(part, out var cells) && cells.Contains(r)) &&
                        !areas.Any(a => a.Part == part && row >= a.Area.R1 && row <= a.Area.R2 && col >= a.Area.C1 && col <= a.Area.C2)) continue;
                    var type = xml.GetAttribute("t");
                    if (xml.IsEmptyElement) continue;
                    var depth = xml.Depth;
                    while (xml.Read() && xml.Depth > depth)
                        if (xml is { NodeType: XmlNodeType.Element, LocalName: "v" or "t" }) values[part + r] = (type, xml.ReadElementContentAsString());
                }
            }
            var shared = new List<string>();
            if (zip.GetEntry("xl/sharedStrings.xml") is { } sst)
            {
                using var xml = XmlReader.Create(sst.Open());
                while (!xml.EOF)
                {
                    if (xml is { NodeType: XmlNodeType.Element, LocalName: "si" })
                    {
                        var depth = xml.Depth;
                        var text = "";
                        while (xml.Read() && xml.Depth > depth)
                            if (xml.NodeType is XmlNodeType.Text or XmlNodeType.SignificantWhitespace) text += xml.Value;
                        shared.Add(text);
                    }
                    else xml.Read();
                }
            }
            return values.ToDictionary(v => v.Key, v => v.Value.Type == "s" ? shared[int.Parse(v.Value.Text!, CultureInfo.InvariantCulture)]
                : v.Value.Type is "str" or "inlineStr" or "b" or "e" ? v.Value.Text : (object?)(decimal)double.Parse(v.Value.Text!, CultureInfo.InvariantCulture));
        }

        private static HashSet<string> Want(Dictionary<string, HashSet<string>> wanted, string part) =>
            wanted.TryGetValue(part, out var set) ? set : wanted[part] = [];

        private static Dictionary<string, string> Rels(ZipArchive zip, string name)
        {
            var rels = new Dictionary<string, string>();
            using var xml = XmlReader.Create(zip.GetEntry(name)!.Open());
            while (xml.Read())
                if (xml is { NodeType: XmlNodeType.Element, LocalName: "Relationship" })
                    rels[xml.GetAttribute("Id")!] = xml.GetAttribute("Target")!.TrimStart('/').Replace("xl/", "");
            return rels;
        }

        private static (int R1, int C1, int R2, int C2) Parse(string reference)
        {
            var parts = reference.Split(':');
            var (r1, c1) = Cell(parts[0]);
            var (r2, c2) = Cell(parts[^1]);
            return (r1, c1, r2, c2);
        }

        private static (int Row, int Col) Cell(string reference)
        {
            var col = 0;
            var i = 0;
            for (; i < reference.Length && char.IsAsciiLetter(reference[i]); i++) col = col * 26 + reference[i] - 'A' + 1;
            return (int.Parse(reference.AsSpan(i), CultureInfo.InvariantCulture), col);
        }
    }

    /// <summary>The same names and tables as a typical Open XML SDK program reads them (DOM of the parts it needs).</summary>
    private static class SdkReader
    {
        public static object Read(byte[] file)
        {
            using var document = SpreadsheetDocument.Open(new MemoryStream(file, writable: false), false);
            var workbook = document.WorkbookPart!;
            var shared = workbook.SharedStringTablePart?.SharedStringTable.Elements<X.SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
            var sheets = workbook.Workbook.Sheets!.Elements<X.Sheet>()
                .ToDictionary(s => s.Name!.Value!, s => (WorksheetPart)workbook.GetPartById(s.Id!.Value!), StringComparer.OrdinalIgnoreCase);
            var cells = new Dictionary<WorksheetPart, Dictionary<string, X.Cell>>();
            Dictionary<string, X.Cell> CellsOf(WorksheetPart part) => cells.TryGetValue(part, out var c) ? c
                : cells[part] = part.Worksheet.Descendants<X.Cell>().Where(x => x.CellReference is not null).ToDictionary(x => x.CellReference!.Value!);
            object? Value(X.Cell? cell) => cell?.CellValue?.Text is not { } text ? cell?.InlineString?.InnerText
                : cell.DataType?.Value == X.CellValues.SharedString ? shared[int.Parse(text, CultureInfo.InvariantCulture)]
                : cell.DataType is null || cell.DataType.Value == X.CellValues.Number ? (decimal)double.Parse(text, CultureInfo.InvariantCulture) : text;

            var values = new Dictionary<string, object?>();
            foreach (var name in workbook.Workbook.DefinedNames?.Elements<X.DefinedName>() ?? [])
            {
                var reference = name.Text;
                var bang = reference.LastIndexOf('!');
                if (name.LocalSheetId is not null || bang < 0 || !sheets.TryGetValue(reference[..bang].Trim('\''), out var part)) continue;
                values[name.Name!.Value!] = Value(CellsOf(part).GetValueOrDefault(reference[(bang + 1)..].Split(':')[0].Replace("$", "")));
            }
            foreach (var part in sheets.Values)
                foreach (var table in part.TableDefinitionParts.Select(t => t.Table).Where(t => Tables.Contains(t.Name?.Value, StringComparer.OrdinalIgnoreCase)))
                {
                    var all = CellsOf(part);
                    foreach (var cell in all.Values) values[table.Name!.Value + cell.CellReference!.Value] = Value(cell);
                }
            return values;
        }
    }
}
