namespace Inkoop.Domain.Rounds;

/// <summary>The round configuration's <c>indexation</c> block (indexation-and-sensitivity.md section 2).</summary>
public static partial class RoundConfigurationParser
{
    public static readonly IndexationWeights VngWeights = new(0.9m, 0.1m);

    private const decimal MinIndexFigure = -0.2m;
    private const decimal MaxIndexFigure = 0.5m;

    /// <summary>Null when the block is absent or has errors (then named in <paramref name="errors"/>).</summary>
    private static Indexation? CheckIndexation(IndexationDto? dto, int? referenceYear, List<string> errors)
    {
        if (dto is null) return null;
        var before = errors.Count;

        if (dto.TariffYear is null) errors.Add("Indexatie: het tariefjaar 'tariffYear' ontbreekt.");
        else if (referenceYear is { } peiljaar && dto.TariffYear < peiljaar)
            errors.Add($"Indexatie: het tariefjaar {dto.TariffYear} ligt vóór het peiljaar {peiljaar}.");
        else if (dto.TariffYear > 2100) errors.Add($"Indexatie: het tariefjaar {dto.TariffYear} ligt na 2100.");

        var method = IndexationMethod.Weighted;
        if (dto.Method is not null)
        {
            switch (dto.Method.Trim().ToLowerInvariant())
            {
                case "weighted": method = IndexationMethod.Weighted; break;
                case "components": method = IndexationMethod.Components; break;
                default: errors.Add($"Indexatie: onbekende methode '{dto.Method}' (kies weighted of components)."); break;
            }
        }

        var weights = VngWeights;
        if (dto.Weights is { } w)
        {
            if (w.Ova is null || w.Pcc is null) errors.Add("Indexatie: geef bij 'weights' zowel 'ova' als 'pcc'.");
            else if (w.Ova < 0 || w.Pcc < 0) errors.Add("Indexatie: de gewichten 'ova' en 'pcc' mogen niet negatief zijn.");
            else if (w.Ova + w.Pcc != 1) errors.Add($"Indexatie: de gewichten tellen op tot {w.Ova + w.Pcc}; ze moeten samen 1 zijn (bijvoorbeeld ova 0.9 en pcc 0.1).");
            else weights = new IndexationWeights(w.Ova.Value, w.Pcc.Value);
        }

        // Every year named, valid or not (a year with an error is not also reported missing); the valid ones by year.
        var named = new HashSet<int>();
        var given = new Dictionary<int, IndexationYear>();
        foreach (var y in dto.Years ?? [])
        {
            if (y?.Year is not { } year) { errors.Add("Indexatie: een jaar in 'years' heeft geen 'year'."); continue; }
            if (!named.Add(year)) { errors.Add($"Indexatie: het jaar {year} staat twee keer in 'years'."); continue; }
            var ok = true;
            foreach (var (name, figure) in new[] { ("ova", y.Ova), ("pcc", y.Pcc) })
            {
                if (figure is null) { errors.Add($"Indexatie {year}: '{name}' ontbreekt."); ok = false; }
                else if (figure < MinIndexFigure || figure > MaxIndexFigure)
                {
                    errors.Add($"Indexatie {year}: '{name}' is {figure}; geef een fractie tussen -0,2 en 0,5 (4,18% is 0.0418).");
                    ok = false;
                }
            }
            var status = IndexationStatus.Provisional;
            if (y.Status is not null)
            {
                switch (y.Status.Trim().ToLowerInvariant())
                {
                    case "provisional": status = IndexationStatus.Provisional; break;
                    case "definitive": status = IndexationStatus.Definitive; break;
                    default: errors.Add($"Indexatie {year}: onbekende status '{y.Status}' (kies provisional of definitive)."); ok = false; break;
                }
            }
            if (ok) given[year] = new IndexationYear(year, y.Ova!.Value, y.Pcc!.Value, status);
        }

        var used = new List<IndexationYear>();
        if (referenceYear is { } from && dto.TariffYear is { } to && to >= from && to <= 2100)
        {
            var missing = new List<int>();
            for (var year = from + 1; year <= to; year++)
            {
                if (given.TryGetValue(year, out var figures)) used.Add(figures);
                else if (!named.Contains(year)) missing.Add(year);
            }
            if (missing.Count > 0)
                errors.Add($"Indexatie: indexcijfers voor {string.Join(", ", missing)} ontbreken (nodig: elk jaar van {from + 1} tot en met {to}).");
        }

        return errors.Count > before ? null : new Indexation(dto.TariffYear!.Value, method, weights, used);
    }

    private sealed class IndexationDto
    {
        public int? TariffYear { get; set; }
        public string? Method { get; set; }
        public WeightsDto? Weights { get; set; }
        public List<IndexationYearDto?>? Years { get; set; }
    }

    private sealed class WeightsDto
    {
        public decimal? Ova { get; set; }
        public decimal? Pcc { get; set; }
    }

    private sealed class IndexationYearDto
    {
        public int? Year { get; set; }
        public decimal? Ova { get; set; }
        public decimal? Pcc { get; set; }
        public string? Status { get; set; }
    }
}
