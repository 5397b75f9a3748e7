namespace Inkoop.Storage;

/// <summary>
/// One kind of versioned upload (a provider's format in a round, a bid for a lot, a realisation report for a slot): how
/// its next version number is found, where that version's original goes, whether a row fits, and how a row is committed.
/// </summary>
public interface IUploadVersions<T> where T : class
{
    /// <summary>
    /// The version to try next, at least <paramref name="atLeast"/>, with the current row it read (the one the new row must
    /// supersede) and how to commit the row of that version.
    /// </summary>
    Task<PlannedVersion<T>> PlanAsync(int atLeast, CancellationToken ct);

    /// <summary>
    /// Whether <paramref name="current"/> is already what storing an original with this SHA-256 would make (the same bytes of
    /// the same provider and target, and for formats validated against the same configuration): then nothing is stored again.
    /// </summary>
    bool Holds(T current, string sha256);

    /// <summary>The blob name of that version's original.</summary>
    string BlobName(int version);

    /// <summary>
    /// Throws <see cref="ArgumentException"/> when <paramref name="row"/> is not the row of this upload's
    /// <paramref name="version"/>, <see cref="StorageLimitException"/> when it could not be stored.
    /// </summary>
    void EnsureStorable(T row, int version);
}

/// <summary>
/// A version number to try, the current row read to plan it (null: none), and how to commit its row:
/// <see cref="StorageConflictException"/> when it was taken meanwhile.
/// </summary>
public sealed record PlannedVersion<T>(int Version, T? Current, Func<T, CancellationToken, Task<T>> CommitAsync) where T : class;

/// <summary>
/// The outcome of an upload: the row that holds it, the current row it superseded (null: the first, or unchanged), and whether
/// it was there already (a byte-identical re-upload: nothing was written).
/// </summary>
public sealed record StoredVersion<T>(T Row, T? Superseded, bool Unchanged) where T : class;

/// <summary>
/// The one way an upload is stored as the next version of its kind, for formats, bids and realisation alike: check that
/// the row fits (before anything is written, so a row too large refuses the upload whole and leaves nothing behind),
/// write the original as an immutable blob, commit the row, remove the original again when the row was certainly not written, and on a
/// conflict (the number's blob holds other content, or a concurrent upload committed first) take the next number, a few
/// times at most. Version numbers can therefore have gaps; the table is the truth about which versions exist, and what a
/// crash between blob and row leaves behind is swept by <c>OrphanCleanup</c>. The current row read to plan a version is the
/// only read of it: when it already holds these bytes (<see cref="IUploadVersions{T}.Holds"/>), the upload is answered with it
/// and nothing is written, so a client retrying after a lost answer, even while its first attempt is still in flight, gets
/// one version.
/// </summary>
public sealed class VersionedUploads(IOriginalStore originals)
{
    public const int MaxAttempts = 5;

    /// <param name="describe">Builds the row for the chosen version number and the stored original (blob name, SHA-256, size).</param>
    public async Task<StoredVersion<T>> AddAsync<T>(IUploadVersions<T> versions, BinaryData original, string contentType,
        Func<int, StoredOriginal, T> describe, CancellationToken ct = default) where T : class
    {
        var sha256 = OriginalStore.Sha256(original);
        var atLeast = 1;
        for (var attempt = 1; ; attempt++)
        {
            var planned = await versions.PlanAsync(atLeast, ct);
            if (planned.Current is { } current && versions.Holds(current, sha256)) return new(current, null, Unchanged: true);
            var blobName = versions.BlobName(planned.Version);
            versions.EnsureStorable(describe(planned.Version, new StoredOriginal(blobName, sha256, original.ToMemory().Length, default, false)),
                planned.Version);
            try
            {
                var stored = await originals.CreateAsync(blobName, original, contentType, ct);
                var row = describe(planned.Version, stored);
                try
                {
                    return new(await planned.CommitAsync(row, ct), planned.Current, Unchanged: false);
                }
                catch (StorageConflictException)
                {
                    // Another upload committed first. If it uploaded the same bytes, it took this very blob (AlreadyExisted) and its
                    // row points at it: never remove it here. If not, the sweep removes it with the other originals no row points at.
                    throw;
                }
                catch (Exception e) when (!stored.AlreadyExisted && CertainlyNotWritten(e))
                {
                    // No row points at the blob we just created: remove it rather than leave an orphan.
                    await RemoveQuietlyAsync(stored);
                    throw;
                }
            }
            catch (StorageConflictException) when (attempt < MaxAttempts)
            {
                atLeast = planned.Version + 1;
            }
        }
    }

    /// <summary>
    /// Whether a failed commit certainly wrote no row: refused before it was sent (open circuit, too large) or answered with
    /// a refusal. A timeout, a lost connection or a 5xx may come after the row was written; removing the blob then would leave
    /// a version without its original, so it stays, and the sweep removes it if no row names it.
    /// </summary>
    private static bool CertainlyNotWritten(Exception e) => e switch
    {
        Polly.CircuitBreaker.BrokenCircuitException or StorageLimitException or ArgumentException => true,
        Azure.RequestFailedException { Status: >= 400 and < 500 and not 408 } => true,
        _ => false,
    };

    private async Task RemoveQuietlyAsync(StoredOriginal stored)
    {
        try
        {
            // Not the request's token: a cancelled or failed request must still clean up after itself.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await originals.DeleteAsync(stored.BlobName, stored.ETag, timeout.Token);
        }
        catch (Exception)
        {
            // Storage is down: the blob stays an orphan without a row, which no reader lists and the sweep removes.
        }
    }
}
