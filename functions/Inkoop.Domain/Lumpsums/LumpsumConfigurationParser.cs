using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Inkoop.Domain.Formats;

namespace Inkoop.Domain.Lumpsums;

/// <summary>
/// Reads and checks a lumpsum configuration (bids-and-lumpsum.md section 6), and the municipalities and
/// participation on their own. Every problem is reported at once, in Dutch, so an analyst can fix the file in one go.
/// </summary>
public static partial class LumpsumConfigurationParser
{
    public const int MaxLength = 4 * 1024 * 1024;

    private static readonly ConfigurationKind Kind = new("De lumpsumconfiguratie", "ongeldige lumpsumconfiguratie", MaxLength);

    [GeneratedRegex("^GM[0-9]{4}$")]
    private static partial Regex CbsCode();

    /// <summary>
    /// A whole configuration. Without <c>municipalities</c> or <c>participation</c> in the file, those of
    /// <paramref name="setup"/> apply (default: the Achterhoek, every municipality in every segment).
    /// </summary>
    public static LumpsumConfiguration Parse(string json, MunicipalitySetup? setup = null)
    {
        var dto = Deserialize<ConfigurationDto>(json, "De lumpsumconfiguratie");
        var errors = new List<string>();
        setup ??= MunicipalitySetup.Default;

        if (dto.Year is null) errors.Add("Het veld 'year' (het jaar van de lumpsums) ontbreekt.");
        else if (dto.Year is < 2000 or > 2100) errors.Add($"Het jaar {dto.Year} ligt niet tussen 2000 en 2100.");

        var round = dto.Round?.Trim();
        if (round is { Length: 0 }) round = null;
        if (round is not null && !Ids.IsRoundId(round))
            errors.Add($"De ronde '{round}' is geen geldige ronde-id: kleine letters, cijfers en streepjes, bijvoorbeeld jeugd-2025.");

        var municipalities = dto.Municipalities is null ? setup.Municipalities : CheckMunicipalities(dto.Municipalities, errors);
        var participation = dto.Participation is null
            ? dto.Municipalities is null ? setup.Participation : new Dictionary<string, IReadOnlyList<string>>()
            : CheckParticipation(dto.Participation, municipalities, errors);
        var resolved = new MunicipalitySetup(municipalities, participation);
        var lumpsums = CheckLumpsums(dto.Lumpsums, resolved, errors);

        if (errors.Count > 0) throw Kind.Error(errors);
        return new LumpsumConfiguration(dto.Year!.Value, round, resolved, lumpsums);
    }

    /// <summary>A region's municipalities: <c>{ "municipalities": [ { code, name, clients } ] }</c>.</summary>
    public static IReadOnlyList<Municipality> ParseMunicipalities(string json)
    {
        var dto = Deserialize<MunicipalitiesDto>(json, "De gemeentelijst");
        var errors = new List<string>();
        if (dto.Municipalities is null) errors.Add("Het veld 'municipalities' ontbreekt.");
        var municipalities = CheckMunicipalities(dto.Municipalities ?? [], errors);
        if (errors.Count > 0) throw Kind.Error(errors);
        return municipalities;
    }

    /// <summary>Participation per segment, <c>{ "participation": { "AMB": ["GM0197"] } }</c>, against the region's municipalities.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> ParseParticipation(string json, IReadOnlyList<Municipality> municipalities)
    {
        var dto = Deserialize<ParticipationDto>(json, "De deelname");
        var errors = new List<string>();
        if (dto.Participation is null) errors.Add("Het veld 'participation' ontbreekt.");
        var participation = CheckParticipation(dto.Participation ?? [], municipalities, errors);
        if (errors.Count > 0) throw Kind.Error(errors);
        return participation;
    }

    private static T Deserialize<T>(string json, string what) where T : class => ConfigurationDocument.Read<T>(json, Kind, what);

    private static List<Municipality> CheckMunicipalities(List<MunicipalityDto?> dtos, List<string> errors)
    {
        var municipalities = new List<Municipality>();
        if (dtos.Count == 0) errors.Add("De gemeentelijst 'municipalities' is leeg.");
        for (var i = 0; i < dtos.Count; i++)
        {
            var m = dtos[i];
            var code = m?.Code?.Trim().ToUpperInvariant() ?? "";
            if (!CbsCode().IsMatch(code))
            {
                errors.Add($"Gemeente {i + 1}: '{m?.Code}' is geen CBS-code (GM en 4 cijfers, bijvoorbeeld GM0197).");
                continue;
            }
            if (municipalities.Any(x => x.Code == code)) errors.Add($"Gemeente {code} staat twee keer in de gemeentelijst.");
            if (m!.Clients is null) errors.Add($"Gemeente {code} heeft geen aantal cliënten ('clients').");
            else if (m.Clients < 0) errors.Add($"Gemeente {code}: het aantal cliënten mag niet negatief zijn.");
            else municipalities.Add(new Municipality(code, string.IsNullOrWhiteSpace(m.Name) ? code : m.Name.Trim(), m.Clients.Value));
        }
        return municipalities;
    }

    private static Dictionary<string, IReadOnlyList<string>> CheckParticipation(
        Dictionary<string, List<string?>?> dtos, IReadOnlyList<Municipality> municipalities, List<string> errors)
    {
        var participation = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, codes) in dtos)
        {
            var segment = key.Trim().ToUpperInvariant();
            if (!Ids.IsSegment(segment))
            {
                errors.Add($"Deelname: '{key}' is geen geldige segmentcode (letters, cijfers en streepjes, bijvoorbeeld AMB).");
                continue;
            }
            if (participation.ContainsKey(segment)) { errors.Add($"Deelname: segment {segment} staat twee keer in de deelname."); continue; }
            var list = new List<string>();
            foreach (var raw in codes ?? [])
            {
                var code = raw?.Trim().ToUpperInvariant() ?? "";
                if (!municipalities.Any(m => m.Code == code))
                    errors.Add($"Deelname aan segment {segment}: gemeente '{raw}' staat niet in de gemeentelijst.");
                else if (!list.Contains(code)) list.Add(code);
            }
            participation[segment] = list;
        }
        return participation;
    }

    private static List<Lumpsum> CheckLumpsums(List<LumpsumDto?>? dtos, MunicipalitySetup setup, List<string> errors)
    {
        var lumpsums = new List<Lumpsum>();
        var seen = new HashSet<(string, string)>();
        if (dtos is null) { errors.Add("Het veld 'lumpsums' ontbreekt."); return lumpsums; }
        for (var i = 0; i < dtos.Count; i++)
        {
            var l = dtos[i];
            if (l is null) { errors.Add($"Lumpsum {i + 1} is leeg."); continue; }
            var agb = l.Agb?.Trim() ?? "";
            var segment = l.Segment?.Trim().ToUpperInvariant() ?? "";
            var label = $"Lumpsum {i + 1} (AGB {(agb.Length > 0 ? agb : "?")}, segment {(segment.Length > 0 ? segment : "?")})";
            var before = errors.Count;

            if (!Ids.IsAgb(agb)) errors.Add($"{label}: de AGB-code moet uit precies 8 cijfers bestaan, als tekst (bijvoorbeeld \"01234567\").");
            if (!Ids.IsSegment(segment)) errors.Add($"{label}: het segment ontbreekt of is ongeldig (letters, cijfers en streepjes, bijvoorbeeld AMB).");
            if (!seen.Add((agb, segment)))
                errors.Add($"{label}: er is al een lumpsum voor deze aanbieder in dit segment.");

            var amount = l.Amount;
            if (amount is null) errors.Add($"{label}: het bedrag 'amount' ontbreekt.");
            else if (amount <= 0) errors.Add($"{label}: het bedrag moet groter dan 0 zijn.");
            else if (!WholeCents(amount.Value)) errors.Add($"{label}: het bedrag {Show(amount.Value)} heeft meer dan twee decimalen (hele centen).");

            var bandwidth = l.Bandwidth ?? Lumpsum.DefaultBandwidth;
            if (bandwidth is < 0 or > 1) errors.Add($"{label}: de bandbreedte {Show(bandwidth)} ligt niet tussen 0 en 1 (0,03 is 3%).");

            var tariffs = CheckTariffs(l.Tariffs, label, errors);
            var profile = CheckProfile(l.Profile, label, errors);
            var participants = Ids.IsSegment(segment) ? setup.Participants(segment) : [];
            var (isExplicit, allocation) = CheckAllocation(AsGiven(l, label, errors), amount, participants, setup, segment, label, errors);

            if (errors.Count > before) continue;
            lumpsums.Add(new Lumpsum(agb, segment, amount!.Value, bandwidth, tariffs, isExplicit, allocation, profile));
        }
        return lumpsums;
    }

    private static Dictionary<string, decimal>? CheckTariffs(Dictionary<string, decimal?>? dtos, string label, List<string> errors)
    {
        if (dtos is null) return null;
        var tariffs = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, tariff) in dtos)
        {
            var product = key.Trim().ToUpperInvariant();
            if (!Ids.IsProductCode(product))
                errors.Add($"{label}: '{key}' is geen productcode (5 letters of cijfers, bijvoorbeeld 45A11).");
            else if (tariff is null or <= 0) errors.Add($"{label}: het contracttarief van {product} moet groter dan 0 zijn.");
            else if (!tariffs.TryAdd(product, tariff.Value)) errors.Add($"{label}: product {product} staat twee keer in 'tariffs'.");
        }
        return tariffs;
    }

    private static List<decimal>? CheckProfile(List<decimal?>? dtos, string label, List<string> errors)
    {
        if (dtos is null) return null;
        if (dtos.Count != 4 || dtos.Any(p => p is null or < 0))
        {
            errors.Add($"{label}: het profiel 'profile' moet vier aandelen per kwartaal hebben, elk 0 of meer (bijvoorbeeld [0.2, 0.25, 0.25, 0.3]).");
            return null;
        }
        var sum = dtos.Sum(p => p!.Value);
        if (sum != 1m) errors.Add($"{label}: de vier aandelen van het profiel tellen op tot {Show(sum)} in plaats van 1.");
        return dtos.Select(p => p!.Value).ToList();
    }

    /// <summary>
    /// The allocation as the file gives it. What <c>GET /api/lumpsums/{year}</c> hands out is accepted back: there
    /// <c>allocation</c> is <c>"explicit"</c> with the amounts in the (otherwise read-only) <c>municipalities</c>, or
    /// <c>"clients"</c>, whose <c>municipalities</c> are recomputed and so ignored.
    /// </summary>
    private static JsonElement? AsGiven(LumpsumDto l, string label, List<string> errors)
    {
        if (l.Allocation is not { ValueKind: JsonValueKind.String } text
            || !string.Equals(text.GetString()?.Trim(), "explicit", StringComparison.OrdinalIgnoreCase))
            return l.Allocation;
        if (l.Municipalities is null)
        {
            errors.Add($"{label}: 'allocation' is \"explicit\", maar 'municipalities' met de bedragen per gemeente ontbreekt.");
            return null;
        }
        var amounts = new Dictionary<string, decimal?>();
        foreach (var m in l.Municipalities)
        {
            if (m?.Code is not { } code) { errors.Add($"{label}: een gemeente in 'municipalities' heeft geen 'code'."); continue; }
            if (!amounts.TryAdd(code, m.Allocated)) errors.Add($"{label}: gemeente {code} staat twee keer in 'municipalities'.");
        }
        return JsonSerializer.SerializeToElement(amounts);
    }

    private static (bool Explicit, IReadOnlyList<MunicipalityAllocation> Allocation) CheckAllocation(JsonElement? element, decimal? amount,
        IReadOnlyList<Municipality> participants, MunicipalitySetup setup, string segment, string label, List<string> errors)
    {
        switch (element)
        {
            case null:
            case { ValueKind: JsonValueKind.Null }:
            case { ValueKind: JsonValueKind.String } when string.Equals(element.Value.GetString()?.Trim(), "clients", StringComparison.OrdinalIgnoreCase):
                if (participants.Sum(m => (long)m.Clients) <= 0)
                {
                    errors.Add($"{label}: geen gemeente die deelneemt aan segment {segment} heeft cliënten, dus de verdeelsleutel 'clients' kan niet verdelen. Geef een verdeling in bedragen.");
                    return (false, []);
                }
                return amount is > 0 && WholeCents(amount.Value) ? (false, LumpsumAllocation.ByClients(amount.Value, participants)) : (false, []);
            case { ValueKind: JsonValueKind.Object }:
                return (true, CheckExplicit(element.Value, amount, setup, segment, label, errors));
            default:
                errors.Add($"{label}: 'allocation' is \"clients\" of een verdeling in bedragen per CBS-code, bijvoorbeeld {{ \"GM0197\": 1000.00 }}.");
                return (true, []);
        }
    }

    private static List<MunicipalityAllocation> CheckExplicit(JsonElement element, decimal? amount, MunicipalitySetup setup, string segment,
        string label, List<string> errors)
    {
        var allocation = new List<MunicipalityAllocation>();
        foreach (var property in element.EnumerateObject())
        {
            var code = property.Name.Trim().ToUpperInvariant();
            if (setup.Find(code) is null) { errors.Add($"{label}: de verdeling noemt gemeente '{property.Name}', die niet in de gemeentelijst staat."); continue; }
            if (!setup.TakesPart(code, segment)) errors.Add($"{label}: de verdeling noemt gemeente {code}, die niet deelneemt aan segment {segment}.");
            if (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetDecimal(out var share) || share < 0 || !WholeCents(share))
            {
                errors.Add($"{label}: het bedrag voor gemeente {code} moet een getal van 0 of meer zijn, in hele centen.");
                continue;
            }
            if (allocation.Any(a => a.Code == code)) { errors.Add($"{label}: gemeente {code} staat twee keer in de verdeling."); continue; }
            allocation.Add(new MunicipalityAllocation(code, share));
        }
        // Participants the allocation leaves out get nothing, but they are still reported on.
        foreach (var m in setup.Participants(segment).Where(m => allocation.All(a => a.Code != m.Code)))
            allocation.Add(new MunicipalityAllocation(m.Code, 0m));
        var total = allocation.Sum(a => a.Allocated);
        if (amount is { } a && total != a)
            errors.Add($"{label}: de verdeling over de gemeenten telt op tot {Show(total)} en niet tot het bedrag {Show(a)}; het verschil is {Show(a - total)}.");
        return allocation.OrderBy(x => x.Code, StringComparer.Ordinal).ToList();
    }

    private static bool WholeCents(decimal value) => value * 100m == decimal.Truncate(value * 100m);

    private static string Show(decimal value) => DutchNumber.Format(value);

    private sealed class ConfigurationDto
    {
        public int? Year { get; set; }
        public string? Round { get; set; }
        public List<MunicipalityDto?>? Municipalities { get; set; }
        public Dictionary<string, List<string?>?>? Participation { get; set; }
        public List<LumpsumDto?>? Lumpsums { get; set; }

        /// <summary>Read-only, in what <c>GET /api/lumpsums/{year}</c> hands out: accepted and ignored.</summary>
        public JsonElement? UpdatedAt { get; set; }
    }

    private sealed class MunicipalitiesDto
    {
        public List<MunicipalityDto?>? Municipalities { get; set; }
    }

    private sealed class ParticipationDto
    {
        public Dictionary<string, List<string?>?>? Participation { get; set; }
    }

    private sealed class MunicipalityDto
    {
        public string? Code { get; set; }
        public string? Name { get; set; }
        public int? Clients { get; set; }
    }

    private sealed class LumpsumDto
    {
        public string? Agb { get; set; }
        public string? Segment { get; set; }
        public decimal? Amount { get; set; }
        public decimal? Bandwidth { get; set; }
        public Dictionary<string, decimal?>? Tariffs { get; set; }
        public JsonElement? Allocation { get; set; }
        public List<decimal?>? Profile { get; set; }

        /// <summary>The allocation per municipality as <c>GET /api/lumpsums/{year}</c> hands it out (see <see cref="AsGiven"/>).</summary>
        public List<AllocatedDto?>? Municipalities { get; set; }
    }

    private sealed class AllocatedDto
    {
        public string? Code { get; set; }
        public decimal? Allocated { get; set; }
    }
}
