using Azure.Data.Tables;

namespace Inkoop.Storage;

/// <summary>
/// Table Storage limits and the documented size formula of an entity (keys and strings count as UTF-16):
/// 4 + 2 * (len(PartitionKey) + len(RowKey)) + for each property 8 + 2 * len(name) + the value's size.
/// </summary>
public static class EntitySize
{
    public const int MaxEntityBytes = 1024 * 1024;
    public const int MaxStringChars = 32 * 1024; // 64 KiB of UTF-16
    public const int MaxProperties = 252;

    public static long Of(TableEntity entity)
    {
        long size = 4 + 2L * ((entity.PartitionKey?.Length ?? 0) + (entity.RowKey?.Length ?? 0));
        foreach (var (name, value) in entity)
        {
            if (name is "PartitionKey" or "RowKey" or "Timestamp" or "odata.etag") continue;
            size += 8 + 2L * name.Length + value switch
            {
                null => 0,
                string s => 4 + 2L * s.Length,
                byte[] b => 4 + b.Length,
                BinaryData d => 4 + d.ToMemory().Length,
                bool => 1,
                int => 4,
                long or double or DateTime or DateTimeOffset => 8,
                Guid => 16,
                _ => 8,
            };
        }
        return size;
    }

    /// <summary>
    /// Upper bound of the entity's bytes on the wire as the SDK sends it (JSON, UTF-8, non-ASCII escaped as
    /// \uXXXX): what counts for the 4 MiB request limit of a batch.
    /// </summary>
    public static long PayloadBytes(TableEntity entity)
    {
        long size = 64 + JsonBytes(entity.PartitionKey) + JsonBytes(entity.RowKey);
        foreach (var (name, value) in entity)
        {
            size += 8 + JsonBytes(name) + value switch
            {
                null => 4,
                string s => JsonBytes(s),
                byte[] b => 4 * ((b.Length + 2) / 3) + 64,
                BinaryData d => 4 * ((d.ToMemory().Length + 2) / 3) + 64,
                _ => 64, // numbers, dates, guids, with their odata.type annotation
            };
        }
        return size;
    }

    internal static long JsonBytes(string? s)
    {
        if (s is null) return 4;
        long n = 2;
        foreach (var c in s) n += c is >= ' ' and < (char)0x7f and not '"' and not '\\' and not '<' and not '>' and not '&' and not '\'' and not '+' and not '`' ? 1 : 6;
        return n;
    }

    /// <summary>Throws <see cref="StorageLimitException"/> when the entity breaks a limit the service would refuse it for.</summary>
    public static void EnsureWithinLimits(TableEntity entity)
    {
        StorageKeys.EnsureValidTableKey(entity.PartitionKey, "PartitionKey");
        StorageKeys.EnsureValidTableKey(entity.RowKey, "RowKey");
        var count = 0;
        foreach (var (name, value) in entity)
        {
            count++;
            if (value is string s && s.Length > MaxStringChars)
                throw new StorageLimitException($"Property {name} of {entity.RowKey} is longer than 64 KiB; chunk it (LargeText).");
        }
        if (count > MaxProperties) throw new StorageLimitException($"Entity {entity.RowKey} has more than {MaxProperties} properties.");
        var size = Math.Max(Of(entity), PayloadBytes(entity)); // the service counts UTF-16, Azurite the UTF-8 JSON body
        if (size > MaxEntityBytes) throw new StorageLimitException($"Entity {entity.RowKey} is up to {size} bytes, over the 1 MiB limit.");
    }
}

public static class TableEntityExtensions
{
    /// <summary>Drops null-valued properties (the service has no null; absent is null).</summary>
    public static TableEntity WithoutNulls(this TableEntity entity)
    {
        foreach (var key in entity.Keys.Where(k => entity[k] is null).ToList()) entity.Remove(key);
        return entity;
    }
}
