using System.Collections.Concurrent;
using Inkoop.Domain;
using Inkoop.Domain.Rounds;
using Inkoop.Storage;

namespace Inkoop.Functions.Services;

/// <summary>A stored round with its parsed configuration, or why there is none (<see cref="Failure"/>).</summary>
public sealed record RoundLookup(string Round, RoundRecord? Record, RoundConfiguration? Configuration, LookupFailure? Failure,
    IReadOnlyList<string> Errors)
{
    /// <summary>The last configuration parsed per round, with the text it was parsed from; a few rounds a year, so this stays small.</summary>
    private static readonly ConcurrentDictionary<string, (string Json, RoundConfiguration Configuration)> Parsed = new();
    private const int MaxParsed = 256;

    /// <summary>
    /// Reads the round (every time: a changed round counts at once) and parses its configuration, unless the stored text
    /// is the one parsed last time for this round: parsing is a pure function of the text, and every upload of a round
    /// would otherwise parse the same configuration again.
    /// </summary>
    public static async Task<RoundLookup> FindAsync(IRoundStore rounds, string round, CancellationToken ct)
    {
        if (!StorageKeys.IsValidRound(round)) return new(round, null, null, LookupFailure.InvalidId, []);
        var record = await rounds.GetAsync(round, ct);
        if (record is null) return new(round, null, null, LookupFailure.NotFound, []);
        try
        {
            return new(round, record, Parse(round, record.ConfigurationJson), null, []);
        }
        catch (ConfigurationException e)
        {
            return new(round, record, null, LookupFailure.StoredConfigurationInvalid, e.Errors);
        }
    }

    private static RoundConfiguration Parse(string round, string json)
    {
        if (Parsed.TryGetValue(round, out var last) && string.Equals(last.Json, json, StringComparison.Ordinal)) return last.Configuration;
        var configuration = RoundConfigurationParser.Parse(json);
        if (Parsed.Count >= MaxParsed) Parsed.Clear();
        Parsed[round] = (json, configuration);
        return configuration;
    }
}
