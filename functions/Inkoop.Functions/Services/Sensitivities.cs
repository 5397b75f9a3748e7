using System.Text.Json;
using Inkoop.Domain;
using Inkoop.Domain.Tariffs;
using Inkoop.Storage;

namespace Inkoop.Functions.Services;

/// <summary>
/// The sensitivity of a snapshot's tariffs (indexation-and-sensitivity.md section 5), computed once from the snapshot's
/// own inputs and cached with the snapshot: a snapshot never changes, so neither does its sensitivity.
/// </summary>
public sealed class Sensitivities(ISnapshotStore snapshots, SnapshotInputs inputs)
{
    public const string Kind = "sensitivity";

    /// <summary>The sensitivity as JSON (what `inkoop sensitivity --json` prints), or null and why it cannot be computed.</summary>
    public async Task<(string? Json, string? Unavailable)> OfAsync(string round, SnapshotHeader header, SnapshotContent content, CancellationToken ct)
    {
        if (await snapshots.ReadDerivedAsync(round, header.SnapshotId, Kind, ct) is { } cached) return (cached, null);
        var (used, unavailable) = await inputs.LoadAsync(round, content, ct);
        if (used is null) return (null, unavailable);
        var json = JsonSerializer.Serialize(TariffSensitivity.Compute(used.Configuration, used.Formats), ResultJson.Options);
        await snapshots.WriteDerivedAsync(round, header.SnapshotId, Kind, json, ct);
        return (json, null);
    }
}
