using System.Text.Json;
using Inkoop.Domain;
using Inkoop.Domain.Formats;
using Inkoop.Domain.Lumpsums;
using Inkoop.Storage;

namespace Inkoop.Functions.Services;

/// <summary>
/// Stores a checked realisation report that is not rejected as the next version of its slot (year, quarter, AGB, segment):
/// the original as an immutable blob, status, counts and findings in Table Storage; or answers the slot's current version when
/// it holds these bytes already (nothing stored again: the variance checks every current report against the lumpsums of the
/// day anyway).
/// </summary>
public sealed class RealisationUploads(ILumpsumStore store, VersionedUploads uploads, TimeProvider clock)
{
    /// <summary>Throws <see cref="StorageLimitException"/> (nothing stored) when the version row could not be written.</summary>
    /// <param name="contentType"><c>application/json</c> for a JSON report, else the workbook's.</param>
    public async Task<StoredVersion<RealisationVersion>> StoreAsync(RealisationReport report, byte[] original, string contentType, string fileName, CancellationToken ct)
    {
        if (report.IsRejected || report.Key is not { } key) throw new ArgumentException("A rejected report is never stored.", nameof(report));
        var slot = new RealisationSlot(key.Year, key.Quarter, key.Agb, key.Segment);
        var json = contentType == "application/json";
        var status = JsonNamingPolicy.CamelCase.ConvertName(report.Status.ToString());
        var now = clock.GetUtcNow();
        var findingsJson = JsonSerializer.Serialize(report.Findings, ResultJson.Options);
        return await uploads.AddAsync(new RealisationUploadVersions(store, slot, json ? "json" : "xlsx"), BinaryData.FromBytes(original), contentType,
            (version, stored) => new RealisationVersion(slot, version, fileName, stored.BlobName, contentType, stored.Sha256, stored.Size, status,
                report.Findings.Count(f => f.Severity == Severity.Error), report.Findings.Count(f => f.Severity == Severity.Warning), now, findingsJson),
            ct);
    }
}
