using System.Text.Json;
using System.Text.RegularExpressions;

namespace Inkoop.Domain.Tariffs;

/// <summary>
/// Reads TARIFFS.json: what `inkoop tariffs --json` prints, or a snapshot document of the API. Only
/// <c>tariffs: [{ product, tariff, reason? }]</c> (and <c>round</c>, <c>id</c> when present) are read; every
/// other field is ignored. Untrusted: every problem is reported at once, in Dutch.
/// </summary>
public static partial class ReferenceTariffsParser
{
    // A snapshot document carries every format's overview; leave room for a large round.
    public const int MaxLength = 64 * 1024 * 1024;

    private static readonly ConfigurationKind Kind = new("Het tarievenbestand", "ongeldig tarievenbestand", MaxLength);

    public static ReferenceTariffs Parse(string json)
    {
        var document = ConfigurationDocument.Parse(json, Kind);
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw Kind.Error(["Het tarievenbestand is geen JSON-object met een lijst 'tariffs'."]);

            var errors = new List<string>();
            var round = OptionalText(root, "round", errors);
            var snapshot = OptionalText(root, "id", errors);
            var tariffs = ReadTariffs(root, errors);
            if (errors.Count > 0) throw Kind.Error(errors);
            return ReferenceTariffs.Of(tariffs, round, snapshot);
        }
    }

    private static List<ReferenceTariff> ReadTariffs(JsonElement root, List<string> errors)
    {
        var tariffs = new List<ReferenceTariff>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (!root.TryGetProperty("tariffs", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            errors.Add("De lijst 'tariffs' ontbreekt. Gebruik de uitvoer van 'inkoop tariffs --json' of een snapshot van de API.");
            return tariffs;
        }
        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            index++;
            if (item.ValueKind != JsonValueKind.Object) { errors.Add($"Tarief {index} is geen object met 'product' en 'tariff'."); continue; }
            var code = item.TryGetProperty("product", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString()!.Trim() : "";
            var label = code.Length > 0 ? $"Tarief {index} ('{code}')" : $"Tarief {index}";
            if (code.Length == 0) { errors.Add($"{label} heeft geen productcode 'product'."); continue; }
            if (!Ids.IsProductCode(code)) { errors.Add($"{label}: een productcode bestaat uit 5 letters of cijfers, bijvoorbeeld 45A11."); continue; }
            if (!seen.Add(code))
            {
                errors.Add($"{label}: product '{code}' staat twee keer in de lijst.");
                continue;
            }

            decimal? tariff = null;
            if (!item.TryGetProperty("tariff", out var t))
            {
                errors.Add($"{label} heeft geen veld 'tariff' (een bedrag, of null als het tarief niet berekend kon worden).");
                continue;
            }
            if (t.ValueKind == JsonValueKind.Number)
            {
                if (!t.TryGetDecimal(out var value) || value <= 0 || value > 1_000_000m)
                {
                    errors.Add($"{label}: het tarief {t.GetRawText()} is geen bedrag groter dan 0 (en hoogstens 1.000.000).");
                    continue;
                }
                tariff = value;
            }
            else if (t.ValueKind != JsonValueKind.Null)
            {
                errors.Add($"{label}: 'tariff' moet een getal of null zijn.");
                continue;
            }
            var reason = item.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            tariffs.Add(new ReferenceTariff(code.ToUpperInvariant(), tariff,
                tariff is null ? (string.IsNullOrWhiteSpace(reason) ? "Geen genormeerd tarief berekend." : reason.Trim()) : null));
        }
        return tariffs;
    }

    private static string? OptionalText(JsonElement root, string name, List<string> errors)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.String) return value.GetString()!.Trim() is { Length: > 0 and <= 200 } text ? text : null;
        errors.Add($"Het veld '{name}' moet tekst zijn.");
        return null;
    }
}
