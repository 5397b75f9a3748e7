using System.Text;
using Azure.Data.Tables;

namespace Inkoop.Storage;

/// <summary>
/// Stores a long string (usually JSON) across several string properties of one entity: <c>{prefix}Chunks</c>
/// holds the count, <c>{prefix}00</c>, <c>{prefix}01</c>... the pieces (each under the 64 KiB string limit,
/// never splitting a surrogate pair). Up to <see cref="MaxChunksPerEntity"/> pieces keep the entity under
/// 1 MiB; larger texts go across rows (see <see cref="SplitForRows"/>).
/// </summary>
public static class LargeText
{
    public const int ChunkChars = 30_000;
    public const int MaxChunksPerEntity = 15; // 15 * 30,000 UTF-16 chars = ~900 KB

    public static void Write(TableEntity entity, string prefix, string? text, int maxChunks = MaxChunksPerEntity)
    {
        if (text is null) { entity[prefix + "Chunks"] = 0; return; }
        var chunks = Split(text, ChunkChars);
        if (chunks.Count > maxChunks)
            throw new StorageLimitException($"{prefix} is {text.Length} characters, more than {maxChunks} chunks of {ChunkChars} fit in one entity.");
        entity[prefix + "Chunks"] = chunks.Count;
        for (var i = 0; i < chunks.Count; i++) entity[$"{prefix}{i:D2}"] = chunks[i];
    }

    public static string? Read(TableEntity entity, string prefix)
    {
        var count = entity.GetInt32(prefix + "Chunks");
        if (count is null or 0) return null;
        var sb = new StringBuilder();
        for (var i = 0; i < count; i++)
            sb.Append(entity.GetString($"{prefix}{i:D2}") ?? throw new InvalidDataException($"Chunk {prefix}{i:D2} of {entity.RowKey} is missing."));
        return sb.ToString();
    }

    /// <summary>The property names <see cref="Write"/> uses, for <c>select</c> in queries.</summary>
    public static IEnumerable<string> PropertyNames(string prefix, int maxChunks = MaxChunksPerEntity) =>
        Enumerable.Range(0, maxChunks).Select(i => $"{prefix}{i:D2}").Prepend(prefix + "Chunks");

    /// <summary>Splits a text into pieces that each fit one entity via <see cref="Write"/>.</summary>
    public static IReadOnlyList<string> SplitForRows(string text)
    {
        // Group chunks per row by count and by their size on the wire (non-ASCII is escaped in JSON).
        var rows = new List<string>();
        var group = new List<string>();
        long bytes = 0;
        foreach (var chunk in Split(text, ChunkChars))
        {
            var size = EntitySize.JsonBytes(chunk) + 64;
            if (group.Count > 0 && (group.Count == MaxChunksPerEntity || bytes + size > RowBudgetBytes))
            {
                rows.Add(string.Concat(group));
                group.Clear();
                bytes = 0;
            }
            group.Add(chunk);
            bytes += size;
        }
        if (group.Count > 0) rows.Add(string.Concat(group));
        return rows;
    }

    /// <summary>Bytes of text one row may carry, leaving room for keys and other properties under 1 MiB.</summary>
    public const long RowBudgetBytes = 900 * 1024;

    internal static IReadOnlyList<string> Split(string text, int size)
    {
        var parts = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var length = Math.Min(size, text.Length - start);
            if (start + length < text.Length && char.IsHighSurrogate(text[start + length - 1])) length--;
            parts.Add(text.Substring(start, length));
            start += length;
        }
        if (parts.Count == 0) parts.Add("");
        return parts;
    }
}
