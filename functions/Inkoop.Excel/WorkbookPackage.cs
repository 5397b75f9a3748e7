using System.IO.Compression;
using System.Xml;

namespace Inkoop.Excel;

/// <summary>
/// The upload guard and the way into its parts. Before anything is inflated the zip's central
/// directory is checked against <see cref="WorkbookLimits"/> (entry count, names, declared sizes, ratios,
/// sizes deflate cannot produce); then <c>[Content_Types].xml</c> and every relationship part are parsed
/// and macros, external links, data connections, ActiveX, OLE objects and embedded files are refused on
/// the parsed content types and relationship types, so character references or other part names do
/// not hide them. Only the parts the reader asks for are inflated, each through a bounded, CRC-checked read.
/// </summary>
internal sealed class WorkbookPackage : IDisposable
{
    private static readonly byte[] ZipSignature = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] OleSignature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    private const string ContentTypesPart = "[Content_Types].xml";

    private readonly ZipArchive _archive;
    private readonly Dictionary<string, ZipArchiveEntry> _entries;
    private readonly Dictionary<string, List<Relationship>> _relationships = new(StringComparer.OrdinalIgnoreCase);
    private readonly WorkbookLimits _limits;
    private readonly CancellationToken _ct;

    private WorkbookPackage(ZipArchive archive, Dictionary<string, ZipArchiveEntry> entries, WorkbookLimits limits, CancellationToken ct)
    {
        _archive = archive;
        _entries = entries;
        _limits = limits;
        _ct = ct;
    }

    /// <summary>One name table per upload: element and attribute names are atomised once.</summary>
    public XmlNameTable Names { get; } = new NameTable();

    /// <summary>The workbook part (normally <c>xl/workbook.xml</c>), found through the package relationships.</summary>
    public string WorkbookPart { get; private set; } = "";

    /// <summary>Checks the upload and its package structure; throws <see cref="UnreadableWorkbookException"/> for anything else.</summary>
    public static WorkbookPackage Open(Stream upload, WorkbookLimits limits, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var input = Bounded(upload, limits.MaxInputBytes);
        CheckSignature(input);
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(input, ZipArchiveMode.Read, leaveOpen: false);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException or ArgumentException)
        {
            throw UnreadableWorkbookException.Damaged(e);
        }

        try
        {
            var package = new WorkbookPackage(archive, CheckCentralDirectory(archive, limits), limits, ct);
            package.CheckContentTypes();
            package.ReadRelationships();
            package.FindWorkbook();
            return package;
        }
        catch
        {
            archive.Dispose();
            throw;
        }
    }

    public bool Exists(string part) => _entries.ContainsKey(part);

    /// <summary>Opens a part for bounded reading; null when the package has no such part.</summary>
    public PartXml? Open(string part)
    {
        _ct.ThrowIfCancellationRequested();
        return _entries.TryGetValue(part, out var entry) ? new PartXml(entry, Names, _limits, _ct) : null;
    }

    /// <summary>The relationships from a part (checked already), in document order.</summary>
    public IReadOnlyList<Relationship> RelationshipsOf(string part) =>
        _relationships.TryGetValue(part, out var list) ? list : [];

    public void Dispose() => _archive.Dispose();

    // ---- the upload itself ----

    private static Stream Bounded(Stream upload, long maxBytes)
    {
        try
        {
            // The usual case: the upload is in memory already, so no copy is needed.
            if (upload is MemoryStream memory && memory.TryGetBuffer(out var buffer))
            {
                var at = (int)memory.Position;
                if (buffer.Count - at > maxBytes)
                    throw UnreadableWorkbookException.TooLarge($"het is groter dan {FormatMiB(maxBytes)}");
                return new MemoryStream(buffer.Array!, buffer.Offset + at, buffer.Count - at, writable: false);
            }
            return ReadBounded(upload, maxBytes);
        }
        catch (IOException e)
        {
            throw UnreadableWorkbookException.Damaged(e);
        }
    }

    private static MemoryStream ReadBounded(Stream upload, long maxBytes)
    {
        var copy = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = upload.Read(chunk, 0, chunk.Length)) > 0)
        {
            // Stop as soon as the limit is passed: the upload may be a stream of any length.
            if (copy.Length + read > maxBytes)
                throw UnreadableWorkbookException.TooLarge($"het is groter dan {FormatMiB(maxBytes)}");
            copy.Write(chunk, 0, read);
        }
        copy.Position = 0;
        return copy;
    }

    private static void CheckSignature(Stream input)
    {
        Span<byte> head = stackalloc byte[8];
        var length = input.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        input.Position = 0;
        if (length == 0)
            throw UnreadableWorkbookException.Empty();
        if (head[..length].SequenceEqual(OleSignature))
            throw UnreadableWorkbookException.OleFile();
        // An empty zip starts with its end record: it has no parts, so it is no workbook either.
        if (!head[..length].StartsWith(ZipSignature))
            throw UnreadableWorkbookException.NotAWorkbook();
    }

    // ---- the central directory: nothing inflated yet ----

    private static Dictionary<string, ZipArchiveEntry> CheckCentralDirectory(ZipArchive archive, WorkbookLimits limits)
    {
        var all = archive.Entries;
        if (all.Count > limits.MaxEntries)
            throw UnreadableWorkbookException.TooLarge($"het bevat meer dan {limits.MaxEntries} onderdelen");

        // Part names are case-insensitive in OPC; two entries with one name are ambiguous.
        var entries = new Dictionary<string, ZipArchiveEntry>(all.Count, StringComparer.OrdinalIgnoreCase);
        long declaredTotal = 0;
        foreach (var entry in all)
        {
            var name = PartNames.OfEntry(entry.FullName);
            if (!entries.TryAdd(name, entry))
                throw UnreadableWorkbookException.Damaged();
            if (entry.IsEncrypted)
                throw UnreadableWorkbookException.OleFile();
            CheckDeclaredSize(entry, limits);
            declaredTotal += entry.Length;
            if (declaredTotal > limits.MaxTotalUncompressedBytes)
                throw UnreadableWorkbookException.TooLarge(
                    $"uitgepakt is het groter dan {FormatMiB(limits.MaxTotalUncompressedBytes)}");
            PartRules.CheckPartName(name);
        }
        if (!entries.ContainsKey(ContentTypesPart))
            throw UnreadableWorkbookException.NotAWorkbook();
        return entries;
    }

    private static void CheckDeclaredSize(ZipArchiveEntry entry, WorkbookLimits limits)
    {
        if (entry.Length > limits.MaxEntryBytes)
            throw UnreadableWorkbookException.TooLarge(
                $"een onderdeel is uitgepakt groter dan {FormatMiB(limits.MaxEntryBytes)}");
        if (entry.Length > limits.RatioCheckFromBytes
            && entry.Length > (double)Math.Max(entry.CompressedLength, 1) * limits.MaxCompressionRatio)
            throw UnreadableWorkbookException.TooLarge("het is ongewoon sterk gecomprimeerd");
        // Deflate can grow data: by at most an eighth (fixed codes spend 9 bits on some bytes) plus a block header
        // of a few hundred bytes (a 175-byte part stored as 246 bytes is real). Far more compressed bytes than that
        // means the declared size is a lie (an entry that would inflate far beyond it); the bounded read stops the
        // rest at the declared size.
        if (entry.CompressedLength > entry.Length + entry.Length / 8 + 1024)
            throw UnreadableWorkbookException.Damaged();
    }

    // ---- parsed structure ----

    /// <summary>
    /// Checks the content type of every part that is there: its <c>Override</c>, else the <c>Default</c> of its
    /// extension. A declaration without a part refuses nothing (ONLYOFFICE declares <c>.bin</c> as OLE object in
    /// every file it saves, with no such part).
    /// </summary>
    private void CheckContentTypes()
    {
        var defaults = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var overrides = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        using (var xml = Open(ContentTypesPart)!)
        {
            if (!xml.MoveTo(0, "Types"))
                throw UnreadableWorkbookException.NotAWorkbook();
            while (xml.Read())
            {
                if (xml.NodeType != XmlNodeType.Element || xml.Depth != 1 || xml.Attribute("ContentType") is not { } contentType)
                    continue;
                if (xml.LocalName == "Default" && xml.Attribute("Extension") is { } extension)
                    defaults.TryAdd(extension.Trim().TrimStart('.'), contentType);
                else if (xml.LocalName == "Override" && xml.Attribute("PartName") is { } partName)
                    overrides.TryAdd(PartNames.Resolve("", partName.Trim()), contentType);
            }
            xml.Complete();
        }
        foreach (var part in _entries.Keys)
        {
            if (overrides.TryGetValue(part, out var contentType) || defaults.TryGetValue(Path.GetExtension(part).TrimStart('.'), out contentType))
                PartRules.CheckContentType(contentType);
        }
    }

    private void ReadRelationships()
    {
        foreach (var name in _entries.Keys)
        {
            if (!name.EndsWith(".rels", StringComparison.OrdinalIgnoreCase))
                continue;
            var folderEnd = name.LastIndexOf("_rels/", StringComparison.OrdinalIgnoreCase);
            if (folderEnd < 0 || name.IndexOf('/', folderEnd + "_rels/".Length) >= 0)
                continue;
            // "xl/_rels/workbook.xml.rels" describes "xl/workbook.xml"; "_rels/.rels" the package.
            var source = name[..folderEnd] + name[(folderEnd + "_rels/".Length)..^".rels".Length];
            _relationships[source] = ReadRelationshipPart(name, source);
        }
    }

    private List<Relationship> ReadRelationshipPart(string name, string source)
    {
        var list = new List<Relationship>();
        using var xml = Open(name)!;
        if (!xml.MoveTo(0, "Relationships"))
            throw UnreadableWorkbookException.Damaged();
        while (xml.Read())
        {
            if (!xml.IsStart(1, "Relationship"))
                continue;
            var type = xml.Attribute("Type") ?? "";
            var external = string.Equals(xml.Attribute("TargetMode")?.Trim(), "External", StringComparison.OrdinalIgnoreCase);
            PartRules.CheckRelationship(type, external);
            var target = xml.Attribute("Target") ?? "";
            list.Add(new Relationship(xml.Attribute("Id") ?? "", type, external ? null : PartNames.Resolve(source, target)));
        }
        xml.Complete();
        return list;
    }

    private void FindWorkbook()
    {
        var workbook = RelationshipsOf("").FirstOrDefault(r => r.Is("officeDocument"))?.Target;
        if (workbook is null || !_entries.ContainsKey(workbook))
            throw UnreadableWorkbookException.NotAWorkbook();
        WorkbookPart = workbook;
    }

    private static string FormatMiB(long bytes) => $"{bytes / (1024 * 1024)} MB";
}

/// <summary>A relationship of a part; <see cref="Target"/> is the resolved part name, null for an external target.</summary>
internal sealed record Relationship(string Id, string Type, string? Target)
{
    /// <summary>Whether the type ends in <c>/kind</c>, the same in transitional and strict OOXML.</summary>
    public bool Is(string kind) =>
        Type.EndsWith(kind, StringComparison.OrdinalIgnoreCase) && Type.Length > kind.Length && Type[^(kind.Length + 1)] == '/';
}

/// <summary>What we refuse, by part name, parsed content type and parsed relationship type.</summary>
internal static class PartRules
{
    public static void CheckPartName(string name)
    {
        var fileName = name[(name.LastIndexOf('/') + 1)..];
        if (fileName.StartsWith("vbaProject", StringComparison.OrdinalIgnoreCase)
            || StartsWith(name, "xl/macrosheets/") || StartsWith(name, "xl/dialogsheets/"))
            throw UnreadableWorkbookException.Macros();
        if (StartsWith(name, "xl/externalLinks/"))
            throw UnreadableWorkbookException.ExternalLinks();
        if (StartsWith(name, "xl/activeX/") || StartsWith(name, "xl/embeddings/")
            || StartsWith(name, "xl/queryTables/") || name.Equals("xl/connections.xml", StringComparison.OrdinalIgnoreCase))
            throw UnreadableWorkbookException.ActiveContent();
    }

    public static void CheckContentType(string contentType)
    {
        // A macro-enabled workbook type (.xlsm) carries no macro itself: its vbaProject part would, and that is refused.
        if (Has(contentType, "vbaProject") || Has(contentType, "macrosheet")
            || Has(contentType, "dialogsheet"))
            throw UnreadableWorkbookException.Macros();
        if (Has(contentType, "externalLink"))
            throw UnreadableWorkbookException.ExternalLinks();
        if (Has(contentType, "spreadsheetml.connections") || Has(contentType, "queryTable") || Has(contentType, "activeX")
            || Has(contentType, "oleObject"))
            throw UnreadableWorkbookException.ActiveContent();
    }

    public static void CheckRelationship(string type, bool external)
    {
        if (Has(type, "vbaProject") || Has(type, "macrosheet") || Has(type, "dialogsheet"))
            throw UnreadableWorkbookException.Macros();
        if (Has(type, "externalLink"))
            throw UnreadableWorkbookException.ExternalLinks();
        var kind = type[(type.LastIndexOf('/') + 1)..];
        if (Has(type, "activeX") || Has(type, "oleObject") || Has(type, "queryTable")
            || kind.Equals("connections", StringComparison.OrdinalIgnoreCase)
            || kind.Equals("control", StringComparison.OrdinalIgnoreCase)
            || kind.Equals("package", StringComparison.OrdinalIgnoreCase))
            throw UnreadableWorkbookException.ActiveContent();
        // A hyperlink may point outside; anything else that does would load content from elsewhere.
        if (external && !kind.Equals("hyperlink", StringComparison.OrdinalIgnoreCase))
            throw UnreadableWorkbookException.ExternalLinks();
    }

    private static bool Has(string value, string part) => value.Contains(part, StringComparison.OrdinalIgnoreCase);

    private static bool StartsWith(string name, string prefix) => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Part names as zip entry names ("xl/worksheets/sheet1.xml"), from relationship targets.</summary>
internal static class PartNames
{
    /// <summary>
    /// The part name of a zip entry. Some writers separate folders with backslashes (<c>xl\workbook.xml</c>); several
    /// widely used readers accept that, so do we, as long as the name stays inside the package.
    /// </summary>
    public static string OfEntry(string entryName)
    {
        if (!entryName.Contains('\\'))
            return entryName;
        var name = entryName.Replace('\\', '/');
        if (name.StartsWith('/') || name.Contains(':') || name.Split('/').Any(segment => segment is "" or "." or ".."))
            throw UnreadableWorkbookException.NotAWorkbook();
        return name;
    }

    /// <summary>Resolves a target against its source part: relative to the source's folder, or absolute from the root.</summary>
    public static string Resolve(string source, string target)
    {
        var hash = target.IndexOf('#');
        if (hash >= 0)
            target = target[..hash];
        if (target.Contains('%'))
            target = Uri.UnescapeDataString(target);
        var path = target.StartsWith('/') ? target[1..] : source[..(source.LastIndexOf('/') + 1)] + target;
        if (!path.Contains("./"))
            return path;
        var segments = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment == "..")
            {
                if (segments.Count > 0)
                    segments.RemoveAt(segments.Count - 1);
            }
            else if (segment is not ("." or ""))
                segments.Add(segment);
        }
        return string.Join('/', segments);
    }
}
