using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Inkoop.Tests.Shared;

/// <summary>Crafts hostile or broken uploads from a valid package; linked into every test project that needs it.</summary>
public static class ZipPackages
{
    /// <summary>A copy of a package with entries changed (null drops one) and entries added.</summary>
    public static byte[] Rezip(byte[] xlsx, Func<string, byte[], byte[]?> change, IEnumerable<(string Name, byte[] Content)>? add = null)
    {
        using var output = new MemoryStream();
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var source = new ZipArchive(new MemoryStream(xlsx), ZipArchiveMode.Read);
            foreach (var entry in source.Entries)
            {
                using var content = new MemoryStream();
                using (var s = entry.Open()) s.CopyTo(content);
                if (change(entry.FullName, content.ToArray()) is not { } changed) continue;
                using var t = target.CreateEntry(entry.FullName, CompressionLevel.Fastest).Open();
                t.Write(changed);
            }
            foreach (var (name, content) in add ?? [])
            {
                using var t = target.CreateEntry(name, CompressionLevel.Optimal).Open();
                t.Write(content);
            }
        }
        return output.ToArray();
    }

    /// <summary>Writes a false uncompressed size (and optionally CRC) into an entry's local header and central directory record.</summary>
    public static void PatchDeclaredSize(byte[] zip, string entryName, uint size, uint? crc = null)
    {
        var name = Encoding.UTF8.GetBytes(entryName);
        for (var i = 0; i < zip.Length - 46; i++)
        {
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(i));
            if (signature == 0x04034b50 && zip.AsSpan(i + 30).StartsWith(name))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 22), size);
                if (crc is { } c) BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 14), c);
            }
            else if (signature == 0x02014b50 && zip.AsSpan(i + 46).StartsWith(name))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 24), size);
                if (crc is { } c) BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 16), c);
            }
        }
    }

    /// <summary>The entries of a package, in order, inflated.</summary>
    public static List<(string Name, byte[] Content)> Entries(byte[] xlsx)
    {
        using var source = new ZipArchive(new MemoryStream(xlsx), ZipArchiveMode.Read);
        return source.Entries.Select(e =>
        {
            using var content = new MemoryStream();
            using (var s = e.Open()) s.CopyTo(content);
            return (e.FullName, content.ToArray());
        }).ToList();
    }

    /// <summary>
    /// Writes a zip by hand, as other writers do: names exactly as given (backslashes included) and each entry's
    /// deflate data from <paramref name="deflate"/> (by default .NET's), so sizes and blocks are ours to choose.
    /// </summary>
    public static byte[] WriteRaw(IEnumerable<(string Name, byte[] Content)> entries, Func<string, byte[], byte[]>? deflate = null)
    {
        deflate ??= (_, content) => Deflate(content);
        using var output = new MemoryStream();
        var central = new MemoryStream();
        var count = 0;
        foreach (var (name, content) in entries)
        {
            var nameBytes = Encoding.UTF8.GetBytes(name);
            var compressed = deflate(name, content);
            var crc = System.IO.Hashing.Crc32.HashToUInt32(content);
            var offset = (uint)output.Position;
            var local = new byte[30];
            BinaryPrimitives.WriteUInt32LittleEndian(local, 0x04034b50u);
            BinaryPrimitives.WriteUInt16LittleEndian(local.AsSpan(4), 20);
            BinaryPrimitives.WriteUInt16LittleEndian(local.AsSpan(8), 8);
            BinaryPrimitives.WriteUInt32LittleEndian(local.AsSpan(14), crc);
            BinaryPrimitives.WriteUInt32LittleEndian(local.AsSpan(18), (uint)compressed.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(local.AsSpan(22), (uint)content.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(local.AsSpan(26), (ushort)nameBytes.Length);
            output.Write(local);
            output.Write(nameBytes);
            output.Write(compressed);

            var record = new byte[46];
            BinaryPrimitives.WriteUInt32LittleEndian(record, 0x02014b50);
            BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(4), 20);
            BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(6), 20);
            BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(10), 8);
            BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(16), crc);
            BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(20), (uint)compressed.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(24), (uint)content.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(28), (ushort)nameBytes.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(42), offset);
            central.Write(record);
            central.Write(nameBytes);
            count++;
        }
        var centralOffset = (uint)output.Position;
        central.Position = 0;
        central.CopyTo(output);
        Span<byte> end = stackalloc byte[22];
        BinaryPrimitives.WriteUInt32LittleEndian(end, 0x06054b50);
        BinaryPrimitives.WriteUInt16LittleEndian(end[8..], (ushort)count);
        BinaryPrimitives.WriteUInt16LittleEndian(end[10..], (ushort)count);
        BinaryPrimitives.WriteUInt32LittleEndian(end[12..], (uint)central.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(end[16..], centralOffset);
        output.Write(end);
        return output.ToArray();
    }

    public static byte[] Deflate(byte[] content)
    {
        using var compressed = new MemoryStream();
        using (var deflate = new DeflateStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) deflate.Write(content);
        return compressed.ToArray();
    }

    /// <summary>Deflate data of stored blocks of <paramref name="blockSize"/> bytes: 5 bytes more per block than the content.</summary>
    public static byte[] StoredBlocks(byte[] content, int blockSize)
    {
        using var output = new MemoryStream();
        for (var at = 0; at < content.Length || at == 0; at += blockSize)
        {
            var length = Math.Min(blockSize, content.Length - at);
            output.WriteByte(at + blockSize >= content.Length ? (byte)1 : (byte)0); // BFINAL on the last, BTYPE 00
            output.WriteByte((byte)length);
            output.WriteByte((byte)(length >> 8));
            output.WriteByte((byte)~length);
            output.WriteByte((byte)(~length >> 8));
            output.Write(content, at, length);
            if (content.Length == 0) break;
        }
        return output.ToArray();
    }
}
