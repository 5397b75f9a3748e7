using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Inkoop.Domain;
using Inkoop.Domain.Lumpsums;
using Inkoop.Domain.Tariffs;
using Inkoop.Excel;
using Inkoop.Storage;

namespace Inkoop.Functions.Services;

/// <summary>
/// Recalculates the variance of a year up to a quarter from what is stored: the lumpsums, the setup, the reference tariffs
/// and the current realisation version of each (quarter, AGB, segment) (only the current rows are read, so the cost does not
/// grow with superseded versions), each original read and checked again exactly as the command line does. The result is written as a new
/// snapshot in table Variance and made current with <see cref="SnapshotSwitch"/>, as the tariffs are. With
/// <c>onlyIfChanged</c> (the nightly timer) nothing is written when the input fingerprint equals the current snapshot's.
/// </summary>
public sealed class LumpsumVarianceRecalculator(ILumpsumStore store, IOriginalStore originals, VarianceSnapshots variance,
    LumpsumConfigurations configurations, SnapshotSwitch snapshotSwitch)
{
    private const int MaxAttempts = 3;

    public async Task<VarianceRun> RunAsync(int year, int quarter, LumpsumConfiguration configuration, StoredDocument document,
        bool onlyIfChanged, CancellationToken ct)
    {
        var partition = VarianceSnapshots.Partition(year, quarter);
        for (var attempt = 1; ; attempt++)
        {
            var current = await variance.Store.GetCurrentAsync(partition, ct);
            var inputs = await InputsAsync(year, quarter, configuration, document, ct);

            if (onlyIfChanged && current is not null)
            {
                var header = await variance.Store.GetHeaderAsync(partition, current.SnapshotId, ct);
                if (header?.InputFingerprint == inputs.Fingerprint) return new VarianceRun(VarianceOutcome.Unchanged, header, null);
            }

            var result = await ComputeAsync(quarter, configuration, inputs, ct);
            var summary = new
            {
                lumpsums = result.Lumpsums.Count,
                statuses = Enum.GetValues<VarianceStatus>().ToDictionary(s => s.ToString().ToLowerInvariant(), s => result.Lumpsums.Count(l => l.Status == s)),
                reports = result.Reports.Count,
                reference = inputs.Normalised?.Snapshot,
            };
            var written = await snapshotSwitch.WriteAndSwitchAsync(variance.Store, partition, current?.ETag,
                JsonSerializer.Serialize(result, ResultJson.Options), inputs.Fingerprint, JsonSerializer.Serialize(summary, ResultJson.Options),
                async c => (await InputsAsync(year, quarter, configuration, await store.GetLumpsumsAsync(year, c) ?? document, c)).Fingerprint, ct);
            if (written is not null) return new VarianceRun(VarianceOutcome.Written, written, result);
            if (attempt >= MaxAttempts)
                throw new StorageConflictException($"Variance {year} quarter {quarter}: its inputs kept changing during recalculation.");
            // The inputs changed: compute again from what is stored now.
            var stored = await configurations.LoadAsync(year, ct);
            if (stored?.Configuration is null)
                throw new InvalidDataException($"The lumpsums of {year} changed during recalculation and are no longer valid.");
            (configuration, document) = (stored.Configuration, stored.Document);
        }
    }

    /// <summary>Everything a variance is computed from, with its fingerprint.</summary>
    private sealed record Inputs(string Fingerprint, ReferenceTariffs? Normalised, IReadOnlyList<RealisationVersion> Versions);

    private async Task<Inputs> InputsAsync(int year, int quarter, LumpsumConfiguration configuration, StoredDocument document, CancellationToken ct)
    {
        var normalised = await configurations.NormalisedAsync(configuration, ct);
        var versions = await store.ListCurrentRealisationAsync(year, ct);
        var (_, municipalities, participation) = await configurations.SetupAsync(ct);
        return new Inputs(Fingerprint(quarter, document, municipalities, participation, normalised, versions), normalised, versions);
    }

    private async Task<VarianceResult> ComputeAsync(int quarter, LumpsumConfiguration configuration, Inputs inputs, CancellationToken ct)
    {
        var references = LumpsumReference.For(inputs.Normalised);
        var reports = new List<RealisationReport>(inputs.Versions.Count);
        foreach (var v in inputs.Versions)
        {
            var original = await originals.ReadAsync(v.OriginalBlobName, ct) ?? throw new InvalidDataException($"Original {v.OriginalBlobName} is missing.");
            var key = new RealisationKey(v.Slot.Year, v.Slot.Quarter, v.Slot.Agb, v.Slot.Segment);
            reports.Add(RealisationIntake.Validate(Source(v), original.ToStream(), v.ContentType == "application/json", configuration, references, key,
                ct: ct));
        }
        return LumpsumVariance.Compute(configuration, quarter, RealisationReports.Supersede(reports));
    }

    /// <summary>How an uploaded version is named in the reports of a result.</summary>
    public static string Source(RealisationVersion v) =>
        $"{v.Slot.Year}-K{v.Slot.Quarter} {v.Slot.Agb} {v.Slot.Segment} versie {v.Version} ({v.FileName})";

    private static string Fingerprint(int quarter, StoredDocument lumpsums, StoredDocument? municipalities, StoredDocument? participation,
        ReferenceTariffs? normalised, IReadOnlyList<RealisationVersion> versions)
    {
        var text = new StringBuilder("v1\n").Append(quarter).Append('\n')
            .Append(Sha256(lumpsums.Json)).Append('\n')
            .Append(municipalities is null ? "-" : Sha256(municipalities.Json)).Append('\n')
            .Append(participation is null ? "-" : Sha256(participation.Json)).Append('\n')
            .Append(normalised is null ? "-" : normalised.Snapshot ?? normalised.Unavailable).Append('\n');
        foreach (var v in versions)
            text.Append(v.Slot.Quarter).Append('|').Append(v.Slot.Agb).Append('|').Append(v.Slot.Segment).Append('|').Append(v.Version).Append('|')
                .Append(v.OriginalSha256).Append('\n');
        return Sha256(text.ToString());
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
