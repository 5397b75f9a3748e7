using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Inkoop.Domain.Bids;

/// <summary>
/// Reads and checks a tender configuration (bids-and-lumpsum.md section 5). Every problem is reported at once,
/// in Dutch, so an analyst can fix the file in one go.
/// </summary>
public static partial class TenderConfigurationParser
{
    public const int MaxLength = 256 * 1024;

    private static readonly ConfigurationKind Kind = new("De aanbestedingsconfiguratie", "ongeldige aanbestedingsconfiguratie", MaxLength);
    public const decimal DefaultThreshold = 0.10m;

    public static TenderConfiguration Parse(string json)
    {
        var dto = ConfigurationDocument.Read<TenderDto>(json, Kind);

        var errors = new List<string>();
        var tender = CheckId(dto.Tender, "tender", "De aanbestedings-id", "jeugd-2025-t1", errors);
        var round = CheckId(dto.Round, "round", "De ronde-id", "jeugd-2025", errors);
        var low = CheckThreshold(dto.LowThreshold, "lowThreshold", errors);
        var ceiling = CheckThreshold(dto.CeilingThreshold, "ceilingThreshold", errors);
        var lots = CheckLots(dto.Lots, errors);
        if (errors.Count > 0) throw Kind.Error(errors);
        return new TenderConfiguration(tender, string.IsNullOrWhiteSpace(dto.Name) ? tender : dto.Name.Trim(), round, low, ceiling, lots);
    }

    private static string CheckId(string? value, string field, string label, string example, List<string> errors)
    {
        var id = value?.Trim() ?? "";
        if (id.Length == 0) errors.Add($"Het veld '{field}' ontbreekt.");
        else if (!Ids.IsRoundId(id))
            errors.Add($"{label} '{id}' is ongeldig: gebruik kleine letters, cijfers en streepjes (maximaal 63 tekens), bijvoorbeeld {example}.");
        return id;
    }

    private static decimal CheckThreshold(decimal? value, string field, List<string> errors)
    {
        if (value is null) return DefaultThreshold;
        if (value is < 0 or > 1)
            errors.Add($"De drempel '{field}' is {value}; verwacht een fractie tussen 0 en 1 (0,10 = 10%).");
        return value.Value;
    }

    private static List<Lot> CheckLots(List<LotDto?>? dtos, List<string> errors)
    {
        var lots = new List<Lot>();
        if (dtos is null || dtos.Count == 0)
        {
            errors.Add("De lijst 'lots' (percelen) is leeg: een aanbesteding heeft minstens één perceel.");
            return lots;
        }
        for (var i = 0; i < dtos.Count; i++)
        {
            var dto = dtos[i];
            var code = dto?.Code?.Trim() ?? "";
            var label = code.Length > 0 ? $"Perceel '{code}'" : $"Perceel {i + 1}";
            if (code.Length == 0) { errors.Add($"{label} heeft geen code."); continue; }
            if (!Ids.IsLotCode(code))
            {
                errors.Add($"{label}: een perceelcode bestaat uit letters, cijfers, - of _ (maximaal 20 tekens), bijvoorbeeld AMB.");
                continue;
            }
            if (lots.Any(l => string.Equals(l.Code, code, StringComparison.OrdinalIgnoreCase)))
            {
                errors.Add($"{label} staat twee keer in de lijst 'lots'.");
                continue;
            }
            lots.Add(new Lot(code, string.IsNullOrWhiteSpace(dto!.Name) ? code : dto.Name.Trim(), CheckProducts(dto.Products, label, errors)));
        }
        return lots;
    }

    private static HashSet<string>? CheckProducts(List<string?>? products, string label, List<string> errors)
    {
        if (products is null) return null;
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (products.Count == 0) errors.Add($"{label}: 'products' is leeg; laat het veld weg als elk product van de ronde mag.");
        foreach (var product in products)
        {
            var code = product?.Trim() ?? "";
            if (!Ids.IsProductCode(code))
                errors.Add($"{label}: '{code}' is geen productcode van 5 letters of cijfers (bijvoorbeeld 45A11).");
            else if (!set.Add(code.ToUpperInvariant()))
                errors.Add($"{label}: product '{code}' staat twee keer in 'products'.");
        }
        return set;
    }

    private sealed class TenderDto
    {
        public string? Tender { get; set; }
        public string? Name { get; set; }
        public string? Round { get; set; }
        public decimal? LowThreshold { get; set; }
        public decimal? CeilingThreshold { get; set; }
        public List<LotDto?>? Lots { get; set; }
    }

    private sealed class LotDto
    {
        public string? Code { get; set; }
        public string? Name { get; set; }
        public List<string?>? Products { get; set; }
    }
}
