using Inkoop.Domain;
using Inkoop.Domain.Rounds;
using Inkoop.Storage;

namespace Inkoop.Functions.Services;

/// <summary>A stored round with its parsed configuration, or why there is none (<see cref="Failure"/>).</summary>
public sealed record RoundLookup(string Round, RoundRecord? Record, RoundConfiguration? Configuration, LookupFailure? Failure,
    IReadOnlyList<string> Errors)
{
    /// <summary>Reads the round and parses its configuration.</summary>
    public static async Task<RoundLookup> FindAsync(IRoundStore rounds, string round, CancellationToken ct)
    {
        if (!StorageKeys.IsValidRound(round)) return new(round, null, null, LookupFailure.InvalidId, []);
        var record = await rounds.GetAsync(round, ct);
        if (record is null) return new(round, null, null, LookupFailure.NotFound, []);
        try
        {
            return new(round, record, RoundConfigurationParser.Parse(record.ConfigurationJson), null, []);
        }
        catch (ConfigurationException e)
        {
            return new(round, record, null, LookupFailure.StoredConfigurationInvalid, e.Errors);
        }
    }
}
