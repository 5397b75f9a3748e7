namespace Inkoop.Domain.Bids;

/// <summary>The names of bid file v1 (bids-and-lumpsum.md section 1).</summary>
public static class BidSchema
{
    public const string Aanbesteding = "Aanbesteding";
    public const string Perceel = "Perceel";
    public const string InschrijverAgb = "Inschrijver_AGB";
    public const string InschrijverNaam = "Inschrijver_Naam";
    public const string LumpsumVoorstel = "Lumpsum_Voorstel";

    public const string PrijzenTable = "Prijzen";
    public const string Productcode = "Productcode";
    public const string Prijs = "Prijs";
    public const string Volume = "Volume";

    public static readonly IReadOnlyList<string> PrijzenColumns = [Productcode, Prijs, Volume];
}
