using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Inkoop.Domain;
using Inkoop.Domain.Formats;
using Inkoop.Domain.Normalisation;
using Inkoop.Domain.Rounds;
using Inkoop.Domain.Tariffs;
using Inkoop.Storage;

namespace Inkoop.Functions.Services;

/// <summary>
/// What a snapshot holds, immutably: the engine's <see cref="TariffResult"/> (tariffs with spreads and reference-year
/// tariffs, trajectories, norms with provenance, the indexation factors) and the formats it was computed from (version,
/// status, counts, findings), so an export of a final snapshot stays the same whatever is uploaded later; and the round
/// configuration as it was (what its sensitivity and scenarios recompute with, whatever the round says later; not
/// served). Stored and served in <see cref="ResultJson"/>'s shape. Id, status (concept/final), creation time and input
/// fingerprint live in the snapshot's header.
/// </summary>
public sealed record SnapshotContent(
    string Round,
    string RoundName,
    DateTimeOffset ComputedAt,
    string ConfigurationSha256,
    IReadOnlyList<ProductTariff> Tariffs,
    IReadOnlyList<TrajectoryTariff> Trajectories,
    IReadOnlyList<Norm> Norms,
    IReadOnlyList<SnapshotFormat> Formats,
    IndexationFactors? Indexation = null,
    string? ConfigurationJson = null)
{
    [JsonIgnore] public TariffResult Result => new(Tariffs, Trajectories, Norms, Indexation);

    public static SnapshotContent Create(RoundRecord round, RoundConfiguration configuration, TariffResult result,
        IReadOnlyList<FormatVersion> formats, DateTimeOffset computedAt) => new(
        configuration.Round, configuration.Name, computedAt, Sha256(round.ConfigurationJson),
        result.Tariffs, result.Trajectories, result.Norms,
        formats.Select(f => new SnapshotFormat(f.Agb, f.ProviderName, f.Version, f.Status, f.ErrorCount, f.WarningCount,
            f.UploadedAt, f.OriginalSha256, StoredFormats.Findings(f))).ToList(),
        result.Indexation, round.ConfigurationJson);

    public string ToJson() => JsonSerializer.Serialize(this, ResultJson.Options);

    public static SnapshotContent FromJson(string json) =>
        JsonSerializer.Deserialize<SnapshotContent>(json, ResultJson.Options) ?? throw new InvalidDataException("Empty snapshot content.");

    /// <summary>The findings overview for the analysts' workbook: one line per format, named after its original.</summary>
    public IReadOnlyList<FormatOverview> Overview() => Formats
        .Select(f => new FormatOverview($"{f.Agb} versie {f.Version}", f.Agb, f.Name, f.Status, f.Findings))
        .ToList();

    /// <summary>The small summary kept in the header, for lists.</summary>
    public SnapshotSummary Summary() => new(
        Formats.Count,
        Formats.Count(f => f.Status == FormatStatuses.Name(FormatStatus.Accepted)),
        Formats.Count(f => f.Status == FormatStatuses.Name(FormatStatus.RepairNeeded)),
        Formats.Count(f => f.Status == FormatStatuses.Name(FormatStatus.ClosedWithExclusions)),
        Tariffs.Count,
        Tariffs.Count(t => t.Tariff is not null));

    /// <summary>
    /// What a recalculation depends on: the configuration (its <see cref="ConfigurationHash"/>), and per provider the
    /// latest version, its status, its original's hash and the configuration hash it was validated against (a
    /// re-validation changes values without a new version). Equal fingerprints: nothing to recalculate.
    /// </summary>
    public static string Fingerprint(RoundConfiguration configuration, IEnumerable<FormatVersion> latest)
    {
        var text = new StringBuilder("v2\n").Append(ConfigurationHash.Of(configuration)).Append('\n');
        foreach (var f in latest.OrderBy(f => f.Agb, StringComparer.Ordinal))
            text.Append(f.Agb).Append('|').Append(f.Version).Append('|').Append(f.Status).Append('|').Append(f.OriginalSha256)
                .Append('|').Append(f.ConfigurationHash).Append('\n');
        return Sha256(text.ToString());
    }

    /// <summary>The hash a snapshot keeps of the configuration JSON it was computed with (<see cref="ConfigurationSha256"/>).</summary>
    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
