using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Inkoop.Domain.Rounds;

/// <summary>
/// A stable hash of a round's configuration as parsed, not as typed: spacing, comments, key order and spelling of
/// keys ("brutojaarsalaris[wo]") do not change it; anything validation, normalisation or the tariff reads does.
/// A format's validation records the hash of the configuration it used, so a changed round knows what to re-check.
/// </summary>
public static class ConfigurationHash
{
    public static string Of(RoundConfiguration round)
    {
        var canonical = new
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
        var json = JsonSerializer.Serialize(canonical, ResultJson.Options);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
    }

    private static SortedDictionary<string, T> Sorted<T>(IReadOnlyDictionary<string, T> map) =>
        new(map.ToDictionary(kv => kv.Key, kv => kv.Value), StringComparer.Ordinal);
}
