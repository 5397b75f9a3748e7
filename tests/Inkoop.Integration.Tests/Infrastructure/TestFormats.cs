using System.Net.Http.Headers;
using Inkoop.Domain.Formats;
using Inkoop.Domain.Rounds;
using Inkoop.Excel;

namespace Inkoop.Integration.Tests.Infrastructure;

/// <summary>
/// Formats built the way a provider makes them: the round's template (TemplateWriter) filled in (FormatFiller).
/// The providers are those of the worked example (shared/docs/worked-example-v1.md); the fourth has Verzuim 0.31,
/// an error until repaired.
/// </summary>
public static class TestFormats
{
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The worked example's round (one uur product and a trajectory) under another id; optionally a second product.</summary>
    public static string RoundJson(string round, string repairDeadline = "2099-12-31", bool extraProduct = false) => $$"""
        {
          "round": "{{round}}",
          "name": "Rekenvoorbeeld {{round}}",
          "referenceYear": 2023,
          "repairDeadline": "{{repairDeadline}}",
          "products": [
            { "code": "45A11", "name": "Begeleiding basis individueel", "unit": "uur" }{{(extraProduct ? """
            ,{ "code": "45A12", "name": "Begeleiding specialistisch individueel", "unit": "uur" }
            """ : "")}}
          ],
          "trajectories": [
            { "code": "TRAJ-20U", "name": "Traject van 20 uur", "components": [ { "product": "45A11", "hours": 20 } ] }
          ],
          "normalisation": {
            "default": { "statistic": "mean", "outliers": "tukey", "k": 1.5, "minRespondents": 3 },
            "variables": {
              "Brutojaarsalaris[WO]": { "benchmark": 63000 },
              "Werkgeverslasten[WO]": { "benchmark": 0.32 }
            }
          }
        }
        """;

    public static readonly string[] Agbs = ["12345678", "23456789", "34567890", "45678901"];

    /// <summary>Provider <paramref name="index"/> (0-3) of the worked example; <paramref name="verzuim"/> overrides its sick leave.</summary>
    public static FormatValues Provider(string round, int index, decimal? verzuim = null)
    {
        var (contract, verlof, scholing, sick, productiviteit, overhead, risico, materieel) = index switch
        {
            0 => (1872m, 220m, 40m, 0.06m, 0.68m, 0.22m, 0.02m, 3.50m),
            1 => (1872m, 200m, 36m, 0.05m, 0.70m, 0.20m, 0.02m, 4.00m),
            2 => (1836m, 210m, 50m, 0.07m, 0.65m, 0.24m, 0.03m, 3.00m),
            _ => (1872m, 230m, 30m, 0.31m, 0.72m, 0.38m, 0.02m, 3.80m),
        };
        var levels = index switch
        {
            0 => new[] { ("MBO4", 10m, 38000m, 0.30m), ("HBO", 20m, 46000m, 0.31m), ("WO", 2m, 62000m, 0.32m) },
            1 => [("MBO4", 5m, 37000m, 0.29m), ("HBO", 12m, 47000m, 0.30m)],
            2 => [("MBO4", 8m, 39000m, 0.31m), ("HBO", 15m, 45500m, 0.31m), ("WO", 3m, 64000m, 0.33m)],
            _ => [("MBO4", 6m, 38500m, 0.30m), ("HBO", 10m, 46500m, 0.30m)],
        };
        var (volume, mbo4, hbo, wo) = index switch
        {
            0 => (12000m, 0.30m, 0.70m, 0m),
            1 => (8000m, 0.20m, 0.80m, 0m),
            2 => (10000m, 0.25m, 0.65m, 0.10m),
            _ => (6000m, 0.40m, 0.60m, 0m),
        };
        var agb = Agbs[index];
        var names = new Dictionary<string, object?>
        {
            [FormatSchema.OnderzoekRonde] = round, [FormatSchema.Peiljaar] = 2023, [FormatSchema.AanbiederAgb] = agb,
            [FormatSchema.AanbiederNaam] = $"Aanbieder {agb}", [FormatSchema.AanbiederEmail] = $"tarieven@{agb}.nl",
            [FormatSchema.ContracturenFte] = contract, [FormatSchema.VerlofurenFte] = verlof, [FormatSchema.ScholingsurenFte] = scholing,
            [FormatSchema.Verzuim] = verzuim ?? sick, [FormatSchema.ProductiviteitAmbulant] = productiviteit,
            [FormatSchema.Overhead] = overhead, [FormatSchema.Ondernemersrisico] = risico, [FormatSchema.MaterieelUur] = materieel,
        };
        // The template lists the six levels in order; a provider fills in the rows of the levels it employs.
        var personeel = FormatSchema.Levels.Select(level =>
        {
            var row = new Dictionary<string, object?> { [FormatSchema.Functieniveau] = level };
            if (levels.FirstOrDefault(l => l.Item1 == level) is { Item1: not null } l)
            {
                row[FormatSchema.Fte] = l.Item2;
                row[FormatSchema.Brutojaarsalaris] = l.Item3;
                row[FormatSchema.Werkgeverslasten] = l.Item4;
            }
            return (IReadOnlyDictionary<string, object?>)row;
        }).ToList();
        var product = new Dictionary<string, object?>
        {
            [FormatSchema.Productcode] = "45A11", [FormatSchema.Eenheid] = "uur", [FormatSchema.Volume] = volume,
            [FormatSchema.ShareColumn("MBO4")] = mbo4, [FormatSchema.ShareColumn("HBO")] = hbo, [FormatSchema.ShareColumn("WO")] = wo,
            [FormatSchema.Groepsgrootte] = 1m,
        };
        return new FormatValues(names, personeel, [product]);
    }

    public static byte[] Build(string roundJson, FormatValues values) => Build(RoundConfigurationParser.Parse(roundJson), values);

    public static byte[] Build(RoundConfiguration round, FormatValues values)
    {
        using var template = new MemoryStream();
        TemplateWriter.Write(round, template);
        template.Position = 0;
        using var output = new MemoryStream();
        FormatFiller.Fill(template, values, output);
        return output.ToArray();
    }

    public static ByteArrayContent Xlsx(byte[] bytes, string contentType = XlsxType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return content;
    }
}
