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
}
