using System.Text.Json;
using Inkoop.Domain;
using Inkoop.Domain.Formats;
using Inkoop.Domain.Tariffs;
using Inkoop.Storage;

namespace Inkoop.Functions.Services;

/// <summary>
/// Recalculates a round: the latest non-rejected format of every provider through <see cref="RoundCalculation.Run"/>,
/// written as a new concept snapshot and made current with <see cref="SnapshotSwitch"/>. Used by the API (always
/// writes) and by the nightly timer (only when the input fingerprint differs from the current snapshot's).
/// </summary>
public sealed class Recalculator(IFormatStore formats, ISnapshotStore snapshots, SnapshotSwitch snapshotSwitch, TimeProvider clock)
{
    private const int MaxAttempts = 3;

    /// <param name="onlyIfChanged">Skip (and write nothing) when the current snapshot has the same input fingerprint,
    /// or when the round has neither formats nor a snapshot.</param>
    public async Task<Recalculation> RunAsync(RoundLookup round, bool onlyIfChanged, CancellationToken ct)
    {
        var record = round.Record ?? throw new ArgumentException("The round was not found.", nameof(round));
        var configuration = round.Configuration ?? throw new ArgumentException("The round has no valid configuration.", nameof(round));
        for (var attempt = 1; ; attempt++)
        {
            var current = await snapshots.GetCurrentAsync(record.Round, ct);
            var latest = await formats.ListLatestAsync(record.Round, includeContent: true, ct);
            var fingerprint = SnapshotContent.Fingerprint(configuration, latest);

            if (onlyIfChanged)
            {
                if (current is null && latest.Count == 0) return new(RecalculationOutcome.NoFormats, null, fingerprint, 0);
                var header = current is null ? null : await snapshots.GetHeaderAsync(record.Round, current.SnapshotId, ct);
                if (header?.InputFingerprint == fingerprint) return new(RecalculationOutcome.Unchanged, header, fingerprint, latest.Count);
            }

            var counted = latest.Where(f => f.Status != FormatStatuses.Name(FormatStatus.Rejected)).ToList();
            var result = RoundCalculation.Run(configuration, counted.Select(StoredFormats.ToProviderFormat).ToList());
            var content = SnapshotContent.Create(record, configuration, result, counted, clock.GetUtcNow());
            var written = await snapshotSwitch.WriteAndSwitchAsync(snapshots, record.Round, current?.ETag, content.ToJson(), fingerprint,
                JsonSerializer.Serialize(content.Summary(), ResultJson.Options),
                async c => SnapshotContent.Fingerprint(configuration, await formats.ListLatestAsync(record.Round, includeContent: false, c)), ct);
            if (written is not null) return new(RecalculationOutcome.Written, written, fingerprint, counted.Count);
            if (attempt >= MaxAttempts)
                throw new StorageConflictException($"Round {record.Round}: formats kept changing during recalculation.");
        }
    }
}
