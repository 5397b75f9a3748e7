using Inkoop.Domain;
using Inkoop.Domain.Formats;
using Inkoop.Domain.Rounds;
using Inkoop.Storage;

namespace Inkoop.Functions.Services;

/// <summary>
/// What a snapshot was computed from, read back: the round configuration it kept (or, for a snapshot from before it
/// kept one, the round's own while its hash is still the one the snapshot recorded) and the very format versions it
/// lists, as validated. The sensitivity and scenarios recompute from these, so they are reproducible.
/// </summary>
public sealed class SnapshotInputs(IRoundStore rounds, IFormatStore formats)
{
    public sealed record Inputs(RoundConfiguration Configuration, IReadOnlyList<ProviderFormat> Formats);

    /// <summary>The inputs, or null and a Dutch reason why they are no longer there.</summary>
    public async Task<(Inputs? Inputs, string? Unavailable)> LoadAsync(string round, SnapshotContent content, CancellationToken ct)
    {
        var json = content.ConfigurationJson;
        if (json is null && await rounds.GetAsync(round, ct) is { } record && SnapshotContent.Sha256(record.ConfigurationJson) == content.ConfigurationSha256)
            json = record.ConfigurationJson;
        if (json is null)
            return (null, "Deze snapshot bewaart de rondeconfiguratie niet waarmee zij berekend is, en de ronde is sindsdien gewijzigd. " +
                          "Herbereken de ronde en vraag het opnieuw voor de nieuwe snapshot.");
        RoundConfiguration configuration;
        try
        {
            configuration = RoundConfigurationParser.Parse(json);
        }
        catch (ConfigurationException e)
        {
            return (null, "De rondeconfiguratie van deze snapshot is niet meer te lezen: " + string.Join(" ", e.Errors));
        }

        // Most snapshots are of the latest versions: one range query, then the few older versions one by one.
        var latest = (await formats.ListLatestAsync(round, includeContent: true, ct)).ToDictionary(f => (f.Agb, f.Version));
        var used = new List<ProviderFormat>(content.Formats.Count);
        foreach (var f in content.Formats)
        {
            var version = latest.GetValueOrDefault((f.Agb, f.Version)) ?? await formats.GetVersionAsync(round, f.Agb, f.Version, ct);
            if (version?.ValuesJson is null)
                return (null, $"Versie {f.Version} van het format van {f.Agb}, waarmee deze snapshot berekend is, is er niet meer.");
            used.Add(StoredFormats.ToProviderFormat(version));
        }
        return (new Inputs(configuration, used), null);
    }
}
