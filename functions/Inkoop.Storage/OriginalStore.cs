using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Inkoop.Storage;

/// <summary>Which original: round, provider, version. Blob name <c>{round}/{agb}/{version:D6}.xlsx</c>.</summary>
public readonly record struct OriginalKey(string Round, string Agb, int Version)
{
    public string BlobName => $"{StorageKeys.Round(Round)}/{StorageKeys.Agb(Agb)}/{StorageKeys.Version(Version):D6}.xlsx";
}

public sealed record StoredOriginal(string BlobName, string Sha256, long Size, ETag ETag, bool AlreadyExisted);

public interface IOriginalStore
{
    /// <summary>
    /// Stores an uploaded original, immutably: created only if absent (If-None-Match: *). If the blob exists
    /// with the same content (a retry), that one is returned with <c>AlreadyExisted</c>; with other content,
    /// <see cref="StorageConflictException"/>: an original is never overwritten.
    /// </summary>
    Task<StoredOriginal> CreateAsync(OriginalKey key, BinaryData content, string contentType, CancellationToken ct = default);

    /// <summary>As <see cref="CreateAsync(OriginalKey, BinaryData, string, CancellationToken)"/>, for originals other than formats (bids, realisation reports).</summary>
    Task<StoredOriginal> CreateAsync(string blobName, BinaryData content, string contentType, CancellationToken ct = default);

    /// <summary>The original's bytes, or null.</summary>
    Task<BinaryData?> ReadAsync(OriginalKey key, CancellationToken ct = default);

    /// <summary>An original other than a format's (bids, realisation reports) by its blob name, or null.</summary>
    Task<BinaryData?> ReadAsync(string blobName, CancellationToken ct = default);

    /// <summary>The originals whose blob names start with <paramref name="prefix"/>, with their last change: for finding those no version row points at.</summary>
    Task<IReadOnlyList<(string BlobName, DateTimeOffset LastModified)>> ListAsync(string prefix, CancellationToken ct = default);

    /// <summary>Removes an original, only while it still has <paramref name="etag"/> (<see cref="ETag.All"/>: any); false when it did not.</summary>
    Task<bool> DeleteAsync(string blobName, ETag etag, CancellationToken ct = default);
}

/// <summary>Container <c>originals</c>; the SHA-256 of the content is kept as blob metadata <c>sha256</c>.</summary>
public sealed class OriginalStore(StorageAccount account) : IOriginalStore
{
    public Task<StoredOriginal> CreateAsync(OriginalKey key, BinaryData content, string contentType, CancellationToken ct = default) =>
        CreateAsync(key.BlobName, content, contentType, ct);

    public Task<BinaryData?> ReadAsync(OriginalKey key, CancellationToken ct = default) => ReadAsync(key.BlobName, ct);

    /// <summary>The SHA-256 of an original's content, as kept with it (lower-case hex).</summary>
    public static string Sha256(BinaryData content) => Convert.ToHexStringLower(SHA256.HashData(content.ToMemory().Span));

    public async Task<StoredOriginal> CreateAsync(string name, BinaryData content, string contentType, CancellationToken ct = default)
    {
        var sha = Sha256(content);
        var blob = (await account.OriginalsAsync(ct)).GetBlobClient(name);
        var options = new BlobUploadOptions
        {
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
            Metadata = new Dictionary<string, string> { ["sha256"] = sha },
        };
        // Idempotent: a retry after a lost response finds its own blob (same sha256) and accepts it.
        return await account.Resilience.Blobs.Idempotent.ExecuteAsync(async c =>
        {
            try
            {
                var response = await blob.UploadAsync(content, options, c);
                return new StoredOriginal(name, sha, content.ToMemory().Length, response.Value.ETag, false);
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                var properties = (await blob.GetPropertiesAsync(cancellationToken: c)).Value;
                if (properties.Metadata.TryGetValue("sha256", out var existing) && existing == sha)
                    return new StoredOriginal(name, sha, properties.ContentLength, properties.ETag, true);
                throw new StorageConflictException($"Original {name} exists already with other content; it is never overwritten.", e);
            }
        }, ct);
    }

    public async Task<IReadOnlyList<(string BlobName, DateTimeOffset LastModified)>> ListAsync(string prefix, CancellationToken ct = default)
    {
        var container = await account.OriginalsAsync(ct);
        return await account.Resilience.Blobs.Idempotent.ExecuteAsync(async c =>
        {
            var list = new List<(string, DateTimeOffset)>();
            await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, c))
                list.Add((blob.Name, blob.Properties.LastModified ?? DateTimeOffset.MinValue));
            return (IReadOnlyList<(string, DateTimeOffset)>)list;
        }, ct);
    }

    public async Task<bool> DeleteAsync(string blobName, ETag etag, CancellationToken ct = default)
    {
        var blob = (await account.OriginalsAsync(ct)).GetBlobClient(blobName);
        try
        {
            var response = await account.Resilience.Blobs.Once.ExecuteAsync(async c =>
                await blob.DeleteIfExistsAsync(conditions: new BlobRequestConditions { IfMatch = etag }, cancellationToken: c), ct);
            return response.Value;
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return false;
        }
    }

    public async Task<BinaryData?> ReadAsync(string blobName, CancellationToken ct = default)
    {
        var blob = (await account.OriginalsAsync(ct)).GetBlobClient(blobName);
        return await account.Resilience.Blobs.Idempotent.ExecuteAsync(async c =>
        {
            try
            {
                return (await blob.DownloadContentAsync(c)).Value.Content;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                return null;
            }
        }, ct);
    }
}
