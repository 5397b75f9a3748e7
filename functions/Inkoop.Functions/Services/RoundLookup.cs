using Inkoop.Domain;
using Inkoop.Domain.Rounds;
using Inkoop.Functions.Hosting;
using Inkoop.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Inkoop.Functions.Services;

/// <summary>A stored round with its parsed configuration, or the problem that stands in the way.</summary>
public sealed record RoundLookup(RoundRecord? Record, RoundConfiguration? Configuration, ProblemHttpResult? Problem)
{
    /// <summary>Reads the round and parses its configuration: 400 bad id, 404 unknown, 409 when the stored configuration no longer parses.</summary>
    public static async Task<RoundLookup> FindAsync(IRoundStore rounds, string round, CancellationToken ct)
    {
        if (!StorageKeys.IsValidRound(round)) return new(null, null, Problems.InvalidRoundId(round));
        var record = await rounds.GetAsync(round, ct);
        if (record is null) return new(null, null, Problems.RoundNotFound(round));
        try
        {
            return new(record, RoundConfigurationParser.Parse(record.ConfigurationJson), null);
        }
        catch (ConfigurationException e)
        {
            return new(record, null, Problems.StoredConfigurationInvalid(e.Errors));
        }
    }
}
