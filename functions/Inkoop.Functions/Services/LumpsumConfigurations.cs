using Inkoop.Domain;
using Inkoop.Domain.Lumpsums;
using Inkoop.Domain.Tariffs;
using Inkoop.Storage;

namespace Inkoop.Functions.Services;

/// <summary>Reads the region's setup and a year's lumpsums from storage, and the reference tariffs they need.</summary>
public sealed class LumpsumConfigurations(ILumpsumStore store, FinalTariffs finalTariffs)
{
    public async Task<(MunicipalitySetup Setup, StoredDocument? Municipalities, StoredDocument? Participation)> SetupAsync(CancellationToken ct)
    {
        var municipalitiesDocument = await store.GetSetupAsync(LumpsumStore.Municipalities, ct);
        var participationDocument = await store.GetSetupAsync(LumpsumStore.Participation, ct);
        var municipalities = municipalitiesDocument is null
            ? Municipalities.Achterhoek
            : LumpsumConfigurationParser.ParseMunicipalities(municipalitiesDocument.Json);
        var participation = participationDocument is null
            ? new Dictionary<string, IReadOnlyList<string>>()
            : LumpsumConfigurationParser.ParseParticipation(participationDocument.Json, municipalities);
        return (new MunicipalitySetup(municipalities, participation), municipalitiesDocument, participationDocument);
    }

    /// <summary>The year's lumpsums, or null when none were stored; <see cref="StoredLumpsums.Errors"/> when the setup changed under them.</summary>
    public async Task<StoredLumpsums?> LoadAsync(int year, CancellationToken ct)
    {
        var document = await store.GetLumpsumsAsync(year, ct);
        if (document is null) return null;
        try
        {
            var (setup, _, _) = await SetupAsync(ct);
            return new StoredLumpsums(document, LumpsumConfigurationParser.Parse(document.Json, setup), []);
        }
        catch (ConfigurationException e)
        {
            return new StoredLumpsums(document, null, e.Errors);
        }
    }

    /// <summary>The normalised tariffs, when some lumpsum has no contract prices: the final snapshot of the configured round.</summary>
    public async Task<ReferenceTariffs?> NormalisedAsync(LumpsumConfiguration configuration, CancellationToken ct)
    {
        if (configuration.Lumpsums.All(l => l.ContractTariffs is not null)) return null;
        return configuration.Round is { } round
            ? await finalTariffs.OfAsync(round, $"ronde '{round}' heeft nog geen definitieve snapshot met genormeerde tarieven", ct)
            : ReferenceTariffs.None("de lumpsumconfiguratie noemt geen ronde ('round') voor de genormeerde tarieven");
    }
}
