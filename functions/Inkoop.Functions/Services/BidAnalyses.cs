using System.Text.Json;
using Inkoop.Domain;
using Inkoop.Domain.Bids;
using Inkoop.Domain.Tariffs;
using Inkoop.Storage;

namespace Inkoop.Functions.Services;

/// <summary>
/// Bids against the reference of their tender: the round's latest final snapshot. Without one every line is not
/// computable, with the reason. An analysis is stored with the snapshot it used and changes only on request.
/// </summary>
public sealed class BidAnalyses(FinalTariffs finalTariffs, IBidStore bids, VersionedUploads uploads, TimeProvider clock)
{
    private Task<ReferenceTariffs> ReferenceAsync(string round, CancellationToken ct) =>
        finalTariffs.OfAsync(round, NoFinalSnapshot(round), ct);

    /// <summary>Why an analysis without a snapshot has no tariffs.</summary>
    public static string NoFinalSnapshot(string round) =>
        $"Ronde '{round}' had nog geen definitieve snapshot: er was geen genormeerd tarief om mee te vergelijken. Analyseer opnieuw zodra er een is.";

    /// <summary>
    /// Stores a validated bid that is not rejected as the next version, with its analysis. Throws
    /// <see cref="StorageLimitException"/> (nothing stored) when its row could not be written. The same bytes as the bidder's
    /// current bid for the lot are that bid, with the analysis it has (<see cref="StoredVersion{T}.Unchanged"/>; a newer
    /// reference is for <see cref="ReanalyseAsync"/>).
    /// </summary>
    public async Task<StoredVersion<BidVersion>> StoreAsync(TenderConfiguration tender, Bid bid, byte[] original, string contentType, CancellationToken ct)
    {
        if (bid.IsRejected || bid.Lot is null || bid.Agb is null) throw new ArgumentException("A rejected bid is never stored.", nameof(bid));
        var reference = await ReferenceAsync(tender.Round, ct);
        var now = clock.GetUtcNow();
        return await uploads.AddAsync(new BidUploadVersions(bids, tender.Tender, bid.Lot, bid.Agb), BinaryData.FromBytes(original), contentType, (version, blob) =>
            Analysed(new BidVersion
            {
                Tender = tender.Tender, Lot = bid.Lot, Agb = bid.Agb, Version = version, Status = "", BidderName = bid.Name, UploadedAt = now,
                OriginalBlobName = blob.BlobName, OriginalSha256 = blob.Sha256, OriginalSize = blob.Size,
                BidJson = JsonSerializer.Serialize(bid, ResultJson.Options), AnalysisJson = "",
            }, tender, bid, reference), ct);
    }

    /// <summary>Analyses every current bid of a tender again against the reference of now; returns how many changed snapshot.</summary>
    public async Task<(ReferenceTariffs Reference, int Analysed, int Changed)> ReanalyseAsync(TenderConfiguration tender, CancellationToken ct)
    {
        var reference = await ReferenceAsync(tender.Round, ct);
        int analysed = 0, changed = 0;
        foreach (var version in await bids.ListLatestAsync(tender.Tender, null, ct))
        {
            var bid = BidOf(version);
            var updated = Analysed(version, tender, bid, reference);
            if (!await bids.UpdateAnalysisAsync(updated, ct)) continue; // a newer upload was analysed at upload time
            analysed++;
            if (version.AnalysisSnapshot != reference.Snapshot) changed++;
        }
        return (reference, analysed, changed);
    }

    public static Bid BidOf(BidVersion version) =>
        JsonSerializer.Deserialize<Bid>(version.BidJson, ResultJson.Options) ?? throw new InvalidDataException("Empty stored bid.");

    public static BidReport ReportOf(BidVersion version) =>
        JsonSerializer.Deserialize<BidReport>(version.AnalysisJson, ResultJson.Options) ?? throw new InvalidDataException("Empty stored analysis.");

    /// <summary>What a stored bid is called in reports: there is no file name, there is a version.</summary>
    public static string SourceOf(string agb, int version) => $"{agb} versie {version}";

    private BidVersion Analysed(BidVersion version, TenderConfiguration tender, Bid bid, ReferenceTariffs reference)
    {
        var analysis = BidAnalysis.Of(bid, tender, reference);
        var report = BidReport.Of(SourceOf(version.Agb, version.Version), analysis);
        return version with
        {
            Status = report.Status, AnalysisJson = JsonSerializer.Serialize(report, ResultJson.Options), AnalysisSnapshot = reference.Snapshot,
            AnalysedAt = clock.GetUtcNow(), WeightedDeviation = analysis.WeightedDeviation,
        };
    }
}
