using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Inkoop.Domain.Rounds;

/// <summary>
/// Stable hashes of a round's configuration as parsed, not as typed: spacing, comments, key order and the spelling of
/// keys ("brutojaarsalaris[wo]") do not change them.
/// </summary>
public static class ConfigurationHash
{
    /// <summary>
    /// Everything a recalculation depends on (with the formats), so a changed round gets a new snapshot: also the
    /// <c>indexation</c> (a provisional figure made definitive gives a new snapshot). Not the <c>disclosure</c> rules:
    /// they decide what providers see of a snapshot when it is read, not what it holds.
    /// </summary>
    public static string Of(RoundConfiguration round)
    {
        var configuration = new
        {
            round.Round,
            round.Name,
            round.ReferenceYear,
            RepairDeadline = round.RepairDeadline?.ToString("yyyy-MM-dd"),
            round.Products,
            round.Trajectories,
            Bands = Sorted(round.Bands),
            Normalisation = new { round.Normalisation.Default, Variables = Sorted(round.Normalisation.Variables) },
        };
        // A round without indexation keeps the hash it had before indexation existed, so its snapshot stays current.
        return round.Indexation is null ? Sha256(configuration) : Sha256(new { configuration, round.Indexation });
    }

    /// <summary>
    /// What <see cref="Formats.FormatValidator"/> reads: the round id, the reference year, the catalogue and the bands.
    /// A stored format records it; a round whose hash differs re-checks the format. Normalisation rules, indexation, the
    /// name and the repair deadline are not in it: they change no finding (the deadline moves statuses through the
    /// CloseRepairWindows timer and new uploads).
    /// </summary>
    public static string ForValidation(RoundConfiguration round) => ValidationHashes.GetValue(round, r => Sha256(new
    {
        r.Round,
        r.ReferenceYear,
        r.Products,
        Bands = Sorted(r.Bands),
    }));

    /// <summary>
    /// A configuration is immutable and, between changes of its round, one instance serves every upload (RoundLookup), so
    /// its validation hash is computed once per instance rather than serialised and hashed on each upload.
    /// </summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<RoundConfiguration, string> ValidationHashes = new();

    private static string Sha256(object canonical) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(canonical, ResultJson.Options))));

    private static SortedDictionary<string, T> Sorted<T>(IReadOnlyDictionary<string, T> map) =>
        new(map.ToDictionary(kv => kv.Key, kv => kv.Value), StringComparer.Ordinal);
}
