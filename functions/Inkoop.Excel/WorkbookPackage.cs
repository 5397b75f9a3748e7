using System.IO.Compression;
using System.Text;

namespace Inkoop.Excel;

/// <summary>
/// The upload guard. EPPlus trusts the sizes in zip local headers and allocates accordingly, and
/// it would happily open macros and external links, so nothing reaches EPPlus before this class
/// has opened the upload with <see cref="ZipArchive"/>, checked every entry against
/// <see cref="WorkbookLimits"/>, and re-zipped the checked bytes into a fresh package whose
/// headers are honest by construction.
/// </summary>
public static class WorkbookPackage
{
    private static readonly byte[] ZipSignature = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] EmptyZipSignature = [0x50, 0x4B, 0x05, 0x06];
    private static readonly byte[] OleSignature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    private const string ContentTypesPart = "[Content_Types].xml";
    private const string WorkbookPart = "xl/workbook.xml";

    /// <summary>
    /// Checks the upload and returns a re-zipped copy positioned at 0, ready for EPPlus.
    /// Throws <see cref="UnreadableWorkbookException"/> for anything else.
    /// </summary>
    public static MemoryStream Open(Stream upload, WorkbookLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(upload);
        limits ??= WorkbookLimits.Default;

        var input = ReadBounded(upload, limits.MaxInputBytes);
        CheckSignature(input);

        try
        {
            using var archive = new ZipArchive(new MemoryStream(input, writable: false), ZipArchiveMode.Read);
            CheckEntries(archive, limits);
            return Repack(archive, limits);
        }
        catch (UnreadableWorkbookException)
        {
            throw;
        }
        catch (OutOfMemoryException e)
        {
            throw UnreadableWorkbookException.TooLarge("het is te groot om te verwerken", e);
        }
        catch (Exception e)
        {
            // Broken central directory, bad deflate data, unsupported method, zip encryption, or
            // whatever else the zip layer throws: to the provider it is one thing, a damaged file.
            throw UnreadableWorkbookException.Damaged(e);
        }
    }

    private static byte[] ReadBounded(Stream upload, long maxBytes)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        try
        {
            while ((read = upload.Read(chunk, 0, chunk.Length)) > 0)
            {
                // Stop as soon as the limit is passed: the upload may be a stream of any length.
                if (buffer.Length + read > maxBytes)
                    throw UnreadableWorkbookException.TooLarge(
                        $"het is groter dan {FormatMiB(maxBytes)}");
                buffer.Write(chunk, 0, read);
            }
        }
        catch (IOException e)
        {
            throw UnreadableWorkbookException.Damaged(e);
        }
        return buffer.ToArray();
    }

    private static void CheckSignature(byte[] input)
    {
        if (input.Length == 0)
            throw UnreadableWorkbookException.Empty();
        if (input.AsSpan().StartsWith(OleSignature))
            throw UnreadableWorkbookException.OleFile();
        // An empty zip has no parts, so it is no workbook either.
        if (!input.AsSpan().StartsWith(ZipSignature) || input.AsSpan().StartsWith(EmptyZipSignature))
            throw UnreadableWorkbookException.NotAWorkbook();
    }

    private static void CheckEntries(ZipArchive archive, WorkbookLimits limits)
    {
        var entries = archive.Entries;
        if (entries.Count > limits.MaxEntries)
            throw UnreadableWorkbookException.TooLarge($"het bevat meer dan {limits.MaxEntries} onderdelen");

        // Part names are case-insensitive in OPC; two entries with one name are ambiguous.
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        long declaredTotal = 0;
        foreach (var entry in entries)
        {
            if (!names.Add(entry.FullName))
                throw UnreadableWorkbookException.Damaged();
            CheckDeclaredSize(entry, limits);
            declaredTotal += entry.Length;
            if (declaredTotal > limits.MaxTotalUncompressedBytes)
                throw UnreadableWorkbookException.TooLarge(
                    $"uitgepakt is het groter dan {FormatMiB(limits.MaxTotalUncompressedBytes)}");
            CheckPartName(entry.FullName);
        }

        if (!names.Contains(ContentTypesPart) || !names.Contains(WorkbookPart))
            throw UnreadableWorkbookException.NotAWorkbook();
    }

    private static void CheckDeclaredSize(ZipArchiveEntry entry, WorkbookLimits limits)
    {
        if (entry.Length > limits.MaxEntryBytes)
            throw UnreadableWorkbookException.TooLarge(
                $"een onderdeel is uitgepakt groter dan {FormatMiB(limits.MaxEntryBytes)}");
        if (RatioTooHigh(entry.Length, entry.CompressedLength, limits))
            throw UnreadableWorkbookException.TooLarge("het is ongewoon sterk gecomprimeerd");
    }

    private static bool RatioTooHigh(long uncompressed, long compressed, WorkbookLimits limits) =>
        uncompressed > limits.RatioCheckFromBytes
        && uncompressed > (double)Math.Max(compressed, 1) * limits.MaxCompressionRatio;

    private static void CheckPartName(string name)
    {
        var fileName = name[(name.LastIndexOf('/') + 1)..];
        if (fileName.StartsWith("vbaProject", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("xl/macrosheets/", StringComparison.OrdinalIgnoreCase))
            throw UnreadableWorkbookException.Macros();
        if (name.StartsWith("xl/externalLinks/", StringComparison.OrdinalIgnoreCase))
            throw UnreadableWorkbookException.ExternalLinks();
    }

    private static MemoryStream Repack(ZipArchive archive, WorkbookLimits limits)
    {
        var output = new MemoryStream();
        using (var repacked = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            long total = 0;
            foreach (var entry in archive.Entries)
            {
                if (entry.FullName.EndsWith('/'))
                    continue; // folder entries carry no part
                var target = repacked.CreateEntry(entry.FullName, CompressionLevel.Fastest);
                using var targetStream = target.Open();
                var copied = CopyEntry(entry, targetStream, limits, limits.MaxTotalUncompressedBytes - total);
                total += copied.Length;
                if (entry.FullName.Equals(ContentTypesPart, StringComparison.OrdinalIgnoreCase))
                    CheckContentTypes(copied.Head);
            }
        }
        output.Position = 0;
        return output;
    }

    private readonly record struct Copied(long Length, byte[] Head);

    /// <summary>
    /// Copies one entry with a bounded read, checking the actual bytes against the limits and the
    /// CRC. ZipArchive stops at the declared size, so an entry that lies about its size ends up
    /// truncated here, and the CRC mismatch refuses it.
    /// </summary>
    private static Copied CopyEntry(ZipArchiveEntry entry, Stream target, WorkbookLimits limits, long totalLeft)
    {
        // [Content_Types].xml is kept whole (it is small) to look for macro-enabled types in it.
        using var head = new MemoryStream();
        var keepHead = entry.FullName.Equals(ContentTypesPart, StringComparison.OrdinalIgnoreCase);

        using var source = entry.Open();
        var chunk = new byte[81920];
        long length = 0;
        uint crc = 0;
        int read;
        while ((read = source.Read(chunk, 0, chunk.Length)) > 0)
        {
            length += read;
            if (length > limits.MaxEntryBytes || length > totalLeft)
                throw UnreadableWorkbookException.TooLarge(
                    $"uitgepakt is het groter dan {FormatMiB(Math.Min(limits.MaxEntryBytes, limits.MaxTotalUncompressedBytes))}");
            if (RatioTooHigh(length, entry.CompressedLength, limits))
                throw UnreadableWorkbookException.TooLarge("het is ongewoon sterk gecomprimeerd");
            crc = Crc32.Append(crc, chunk.AsSpan(0, read));
            target.Write(chunk, 0, read);
            if (keepHead)
                head.Write(chunk, 0, read);
        }

        if (length != entry.Length || crc != entry.Crc32)
            throw UnreadableWorkbookException.Damaged();
        return new Copied(length, keepHead ? head.ToArray() : []);
    }

    private static void CheckContentTypes(byte[] contentTypes)
    {
        // XML may be UTF-16 with a byte order mark; the reader picks that up.
        using var reader = new StreamReader(new MemoryStream(contentTypes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var text = reader.ReadToEnd();
        if (text.Contains("macroEnabled", StringComparison.OrdinalIgnoreCase)
            || text.Contains("vbaProject", StringComparison.OrdinalIgnoreCase)
            || text.Contains("macrosheet", StringComparison.OrdinalIgnoreCase))
            throw UnreadableWorkbookException.Macros();
        if (text.Contains("externalLink", StringComparison.OrdinalIgnoreCase))
            throw UnreadableWorkbookException.ExternalLinks();
    }

    private static string FormatMiB(long bytes) => $"{bytes / (1024 * 1024)} MB";
}
