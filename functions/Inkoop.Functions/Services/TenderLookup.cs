using Inkoop.Domain;
using Inkoop.Domain.Bids;
using Inkoop.Storage;

namespace Inkoop.Functions.Services;

/// <summary>A stored tender with its parsed configuration, or why there is none (<see cref="Failure"/>).</summary>
public sealed record TenderLookup(string Tender, TenderRecord? Record, TenderConfiguration? Configuration, LookupFailure? Failure,
    IReadOnlyList<string> Errors)
{
    public static async Task<TenderLookup> FindAsync(ITenderStore tenders, string tender, CancellationToken ct)
    {
        if (!StorageKeys.IsValidTender(tender)) return new(tender, null, null, LookupFailure.InvalidId, []);
        var record = await tenders.GetAsync(tender, ct);
        if (record is null) return new(tender, null, null, LookupFailure.NotFound, []);
        try
        {
            return new(tender, record, TenderConfigurationParser.Parse(record.ConfigurationJson), null, []);
        }
        catch (ConfigurationException e)
        {
            return new(tender, record, null, LookupFailure.StoredConfigurationInvalid, e.Errors);
        }
    }
}
