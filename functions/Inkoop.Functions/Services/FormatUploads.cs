using Inkoop.Domain.Formats;
using Inkoop.Domain.Rounds;
using Inkoop.Storage;

namespace Inkoop.Functions.Services;

/// <summary>
/// Stores a validated, attributable format as the next version of its provider's format: the original as an immutable
/// blob, the status (decided now, with <see cref="FormatStatuses"/>), counts, findings and values in Table Storage; or answers
/// the latest version when it holds these bytes already.
/// </summary>
public sealed class FormatUploads(IFormatStore formats, VersionedUploads uploads, TimeProvider clock)
{
    /// <summary>
    /// Throws <see cref="StorageLimitException"/> when the version row could not be written (texts too long for a
    /// property, values or findings beyond a row): checked before anything is stored, so such an upload is refused whole
    /// and leaves nothing behind. The same bytes as the provider's latest version, validated against the same round
    /// configuration (<see cref="ConfigurationHash.ForValidation"/>), are that version (<see cref="StoredVersion{T}.Unchanged"/>):
    /// nothing is stored again. After the configuration changed they make a new version, validated against the new one.
    /// </summary>
    public Task<StoredVersion<FormatVersion>> StoreAsync(RoundConfiguration round, ProviderFormat format, byte[] original, string contentType,
        CancellationToken ct)
    {
        if (format.IsRejected || format.Agb is null) throw new ArgumentException("A rejected format is never stored.", nameof(format));
        return uploads.AddAsync(new FormatUploadVersions(formats, round.Round, format.Agb, ConfigurationHash.ForValidation(round)),
            BinaryData.FromBytes(original), contentType, Describe(round, format), ct);
    }

    private Func<int, StoredOriginal, FormatVersion> Describe(RoundConfiguration round, ProviderFormat format)
    {
        var now = clock.GetUtcNow();
        var status = FormatStatuses.Name(FormatStatuses.Of(format, round, DateOnly.FromDateTime(now.UtcDateTime)));
        var findingsJson = StoredFormats.FindingsJson(format.Findings);
        var valuesJson = StoredFormats.ValuesJson(format);
        return (version, blob) => new FormatVersion
        {
            Round = round.Round, Agb = format.Agb!, Version = version, Status = status, ProviderName = format.Name, UploadedAt = now,
            OriginalBlobName = blob.BlobName, OriginalSha256 = blob.Sha256, OriginalSize = blob.Size,
            ErrorCount = format.Findings.Count(f => f.Severity == Severity.Error),
            WarningCount = format.Findings.Count(f => f.Severity == Severity.Warning),
            FindingsJson = findingsJson, ValuesJson = valuesJson, ConfigurationHash = ConfigurationHash.ForValidation(round),
        };
    }
}
