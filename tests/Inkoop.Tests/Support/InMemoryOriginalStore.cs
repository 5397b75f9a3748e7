using Azure;
using Inkoop.Storage;

namespace Inkoop.Tests.Support;

/// <summary>Originals in memory, created only if absent as in Blob Storage; <see cref="FailNextCreate"/> simulates storage going down.</summary>
public sealed class InMemoryOriginalStore(TimeProvider? clock = null) : IOriginalStore
{
    private readonly Dictionary<string, (BinaryData Content, ETag ETag, DateTimeOffset Modified)> blobs = new(StringComparer.Ordinal);

    public Exception? FailNextCreate { get; set; }

    public IReadOnlyCollection<string> Names => blobs.Keys;

    /// <summary>How many originals were read.</summary>
    public int Reads { get; private set; }

    public Task<StoredOriginal> CreateAsync(OriginalKey key, BinaryData content, string contentType, CancellationToken ct = default) =>
        CreateAsync(key.BlobName, content, contentType, ct);

    public Task<StoredOriginal> CreateAsync(string blobName, BinaryData content, string contentType, CancellationToken ct = default)
    {
        if (FailNextCreate is { } failure)
        {
            FailNextCreate = null;
            throw failure;
        }
        var sha = OriginalStore.Sha256(content);
        if (blobs.TryGetValue(blobName, out var existing))
            return OriginalStore.Sha256(existing.Content) == sha
                ? Task.FromResult(new StoredOriginal(blobName, sha, content.ToMemory().Length, existing.ETag, true))
                : throw new StorageConflictException($"{blobName} exists with other content.");
        var etag = new ETag(Guid.NewGuid().ToString("N"));
        blobs[blobName] = (content, etag, (clock ?? TimeProvider.System).GetUtcNow());
        return Task.FromResult(new StoredOriginal(blobName, sha, content.ToMemory().Length, etag, false));
    }

    public Task<BinaryData?> ReadAsync(OriginalKey key, CancellationToken ct = default) => ReadAsync(key.BlobName, ct);

    public Task<BinaryData?> ReadAsync(string blobName, CancellationToken ct = default)
    {
        Reads++;
        return Task.FromResult(blobs.TryGetValue(blobName, out var blob) ? blob.Content : null);
    }

    public Task<IReadOnlyList<(string BlobName, DateTimeOffset LastModified)>> ListAsync(string prefix, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<(string, DateTimeOffset)>>(blobs.Where(b => b.Key.StartsWith(prefix, StringComparison.Ordinal))
            .Select(b => (b.Key, b.Value.Modified)).OrderBy(b => b.Key, StringComparer.Ordinal).ToList());

    public Task<bool> DeleteAsync(string blobName, ETag etag, CancellationToken ct = default)
    {
        if (!blobs.TryGetValue(blobName, out var blob) || etag != ETag.All && blob.ETag != etag) return Task.FromResult(false);
        return Task.FromResult(blobs.Remove(blobName));
    }
}
