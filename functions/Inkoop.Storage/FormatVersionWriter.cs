namespace Inkoop.Storage;

/// <summary>
/// Stores one upload: the original as an immutable blob, then the version row and the moved latest row in
/// one transaction. Picks the version number itself: the next after the latest; when that number's blob
/// already holds other content (an upload interrupted between blob and table, or a concurrent one) or a
/// concurrent upload moved the latest on, it reads again and takes the next number, a few times at most.
/// Version numbers can therefore have gaps; the table is the truth about which versions exist.
/// </summary>
public sealed class FormatVersionWriter(IFormatStore formats, IOriginalStore originals)
{
    public const int MaxAttempts = 5;

    /// <param name="describe">Builds the row for the chosen version number and the stored original (blob name, SHA-256, size).</param>
    public async Task<FormatVersion> AddAsync(string round, string agb, BinaryData original, string contentType,
        Func<int, StoredOriginal, FormatVersion> describe, CancellationToken ct = default)
    {
        var latest = await formats.GetLatestAsync(round, agb, includeContent: false, ct);
        var version = (latest?.Version ?? 0) + 1;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var key = new OriginalKey(round, agb, version);
                var stored = await originals.CreateAsync(key, original, contentType, ct);
                var row = describe(version, stored);
                if (row.Round != round || row.Agb != agb || row.Version != version)
                    throw new ArgumentException("describe must keep round, AGB and the version number it was given.", nameof(describe));
                try
                {
                    return await formats.AddVersionAsync(row, latest?.ETag, ct);
                }
                catch (Exception) when (!stored.AlreadyExisted)
                {
                    // No version row points at the blob we just created: remove it rather than leave an orphan.
                    await RemoveQuietlyAsync(key, stored);
                    throw;
                }
            }
            catch (StorageConflictException) when (attempt < MaxAttempts)
            {
                latest = await formats.GetLatestAsync(round, agb, includeContent: false, ct);
                version = Math.Max(version + 1, (latest?.Version ?? 0) + 1);
            }
        }
    }

    private async Task RemoveQuietlyAsync(OriginalKey key, StoredOriginal stored)
    {
        try
        {
            // Not the request's token: a cancelled or failed request must still clean up after itself.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await originals.DeleteAsync(key, stored.ETag, timeout.Token);
        }
        catch (Exception)
        {
            // Storage is down: the blob stays an orphan without a version row, which no reader ever lists.
        }
    }
}
