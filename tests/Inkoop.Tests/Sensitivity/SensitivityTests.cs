using System.Text.Json;
using Inkoop.Domain.Formats;
using Inkoop.Domain.Rounds;
using Inkoop.Domain.Tariffs;
using Inkoop.Excel;
using Inkoop.Tests.Cli;
using Inkoop.Tests.Domain;
using Inkoop.Tests.Indexation;
using Inkoop.Tests.Support;
using OfficeOpenXml;

namespace Inkoop.Tests.Sensitivity;

/// <summary>indexation-and-sensitivity.md section 5 on the worked example, through the real reader.</summary>
public sealed class SensitivityTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("inkoop-sens-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static List<ProviderFormat> Read(RoundConfiguration round) => WorkedExampleTests.Providers()
        .Select(data => FormatValidator.Validate(FormatReader.Read(new MemoryStream(FormatWorkbook.Build(data))), round))
        .ToList();

    // The worked example by hand: A = (1872 - 215 - 39) * 0.94, Cmix from the normalised salaries and shares.
    private static readonly decimal A = (1872m - 215 - 39) * 0.94m;
    private static readonly decimal Cmix = 0.2875m * 38125 * 1.30m + 0.6875m * 46250 * 1.305m + 0.025m * 63000 * 1.32m;

    private static decimal WithProductivity(decimal productiviteit) =>
        Math.Round((Cmix / (A * productiviteit) + 3.575m) * 1.22m * 1.02m, 2, MidpointRounding.AwayFromZero);

    [Fact]
    public void Each_alternative_is_the_tariff_with_one_variable_on_another_statistic()
    {
        var round = WorkedExampleTests.Round();
        var result = TariffSensitivity.Compute(round, Read(round));

        Assert.Equal(["mean", "median", "weightedMean", "trimmedMean(0.1)", "percentile(0.25)", "percentile(0.75)"], result.Alternatives);
        var product = Assert.Single(result.Products);
        Assert.Equal(73.26m, product.Tariff);

        // Productiviteit_Ambulant: 0.68, 0.70, 0.65, 0.72 (no outliers); median 0.69, P25 0.6725, P75 0.705,
        // weighted by total FTE (32, 17, 26, 16): 62.08 / 91; trimmedMean(0.1) cuts nothing of four values.
        var productivity = product.Variables.Single(v => v.Variable == FormatSchema.ProductiviteitAmbulant);
        Assert.Equal("mean", productivity.Configured);
        Assert.Equal(73.26m, productivity.Tariffs["mean"]);
        Assert.Equal(73.26m, productivity.Tariffs["trimmedMean(0.1)"]);
        Assert.Equal(WithProductivity(0.69m), productivity.Tariffs["median"]);
        Assert.Equal(WithProductivity(0.6725m), productivity.Tariffs["percentile(0.25)"]);
        Assert.Equal(WithProductivity(0.705m), productivity.Tariffs["percentile(0.75)"]);
        Assert.Equal(WithProductivity(62.08m / 91m), productivity.Tariffs["weightedMean"]);
        Assert.Equal(WithProductivity(0.6725m), productivity.High);
        Assert.Equal(WithProductivity(0.705m), productivity.Low);
        Assert.Equal(productivity.High - productivity.Low, productivity.Range);
        Assert.Equal(74.80m, productivity.High); // (55.29968 * 0.6875 / 0.6725 + 3.575) * 1.2444 = 74.7986
        Assert.Equal(71.56m, productivity.Low); // (55.29968 * 0.6875 / 0.705 + 3.575) * 1.2444 = 71.5555
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_alternative_of_every_variable_equals_a_full_recalculation_with_that_rule(bool indexed)
    {
        // Overhead on a percentile of its own, so a configured p is replaced too; the WO salary stays on its benchmark.
        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "voorbeeld-2025.json"))
            .Replace("\"variables\": {", "\"variables\": {\n \"Overhead\": { \"statistic\": \"percentile\", \"p\": 0.6 },");
        if (indexed) json = json.Replace("\"normalisation\":", $"\"indexation\": {{ \"tariffYear\": 2025, \"method\": \"components\", {IndexationTests.VngYears} }},\n \"normalisation\":");
        var round = RoundConfigurationParser.Parse(json);
        var formats = Read(round);
        var result = TariffSensitivity.Compute(round, formats);

        var checkedTariffs = 0;
        foreach (var v in result.Products.Single().Variables)
        foreach (var alternative in SensitivityAlternative.Defaults)
        {
            var full = RoundCalculation.Run(TariffSensitivity.RoundWith(round, v.Variable, alternative), formats);
            Assert.Equal(full.Tariffs.Single().Tariff, v.Tariffs[alternative.Label]);
            checkedTariffs++;
        }
        Assert.Equal(11 * 6, checkedTariffs);
        Assert.Contains(result.Products.Single().Variables, v => v.Range > 0);
    }

    [Fact]
    public void Lists_the_variables_the_tariff_uses_sorted_by_range_then_name()
    {
        var round = WorkedExampleTests.Round();
        var product = Assert.Single(TariffSensitivity.Compute(round, Read(round)).Products);

        // An uur product reads neither Roosteruren, Bezetting, Materieel_Eenheid nor Huisvesting_Plaats_Jaar; shares are never listed.
        Assert.Equal(
            new[] { "Brutojaarsalaris", "Contracturen_FTE", "Groepsgrootte", "Materieel_Uur", "Ondernemersrisico", "Overhead",
                    "Productiviteit_Ambulant", "Scholingsuren_FTE", "Verlofuren_FTE", "Verzuim", "Werkgeverslasten" },
            product.Variables.Select(v => v.Variable).Order(StringComparer.Ordinal));
        Assert.Equal(product.Variables.OrderByDescending(v => v.Range).ThenBy(v => v.Variable, StringComparer.Ordinal), product.Variables);
        Assert.All(product.Variables, v =>
        {
            Assert.Equal(6, v.Tariffs.Count);
            Assert.True(v.Low <= product.Tariff && product.Tariff <= v.High);
            Assert.Equal(v.Tariffs.Values.OfType<decimal>().Append(product.Tariff).Min(), v.Low);
        });
        // Groepsgrootte is 1 for everyone: no statistic moves it.
        Assert.Equal(0m, product.Variables.Single(v => v.Variable == "Groepsgrootte").Range);
    }

    [Fact]
    public void A_scope_on_its_benchmark_stays_on_it_and_the_configured_label_is_plain()
    {
        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "voorbeeld-2025.json"))
            .Replace("\"variables\": {", "\"variables\": {\n \"Overhead\": { \"statistic\": \"percentile\", \"p\": 0.60 },");
        var round = RoundConfigurationParser.Parse(json);
        var product = Assert.Single(TariffSensitivity.Compute(round, Read(round)).Products);

        Assert.Equal("percentile(0.6)", product.Variables.Single(v => v.Variable == "Overhead").Configured);
        // Brutojaarsalaris[WO] has two values and stands on its benchmark under every alternative; the other levels move.
        var salary = product.Variables.Single(v => v.Variable == "Brutojaarsalaris");
        Assert.True(salary.Range > 0);
    }

    [Fact]
    public void Alternatives_are_indexed_like_the_published_tariff()
    {
        var round = IndexationTests.WorkedExample($"\"tariffYear\": 2025, {IndexationTests.VngYears}");
        var product = Assert.Single(TariffSensitivity.Compute(round, Read(round)).Products);

        Assert.Equal(80.50m, product.Tariff);
        Assert.All(product.Variables, v => Assert.Equal(80.50m, v.Tariffs["mean"]));
        var productivity = product.Variables.Single(v => v.Variable == FormatSchema.ProductiviteitAmbulant);
        Assert.Equal(Math.Round((Cmix / (A * 0.69m) + 3.575m) * 1.22m * 1.02m * 1.0571m * 1.03944m, 2, MidpointRounding.AwayFromZero),
            productivity.Tariffs["median"]);
    }

    [Fact]
    public void Products_without_a_published_tariff_are_left_out()
    {
        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "voorbeeld-2025.json"))
            .Replace("\"Brutojaarsalaris[WO]\": { \"benchmark\": 63000 },", "")
            .Replace("\"Werkgeverslasten[WO]\": { \"benchmark\": 0.32 }", "");
        var round = RoundConfigurationParser.Parse(json);
        Assert.Empty(TariffSensitivity.Compute(round, Read(round)).Products);
    }

    [Fact]
    public async Task The_command_prints_section_5s_json_the_workbook_and_the_text_with_the_variables_that_move_most()
    {
        var formats = Directory.CreateDirectory(Path.Combine(dir, "formats")).FullName;
        var i = 0;
        foreach (var data in WorkedExampleTests.Providers()) File.WriteAllBytes(Path.Combine(formats, $"f{++i}.xlsx"), FormatWorkbook.Build(data));
        var roundFile = Path.Combine(AppContext.BaseDirectory, "Fixtures", "voorbeeld-2025.json");
        var xlsx = Path.Combine(dir, "gevoeligheid.xlsx");

        var (code, output, _) = await CliTests.Run("sensitivity", "--round", roundFile, "--formats", formats, "--json", "--xlsx", xlsx);

        Assert.Equal(0, code);
        using var document = JsonDocument.Parse(output);
        var root = document.RootElement;
        Assert.Equal(["round", "alternatives", "products"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("voorbeeld-2025", root.GetProperty("round").GetString());
        var product = root.GetProperty("products")[0];
        Assert.Equal(["product", "tariff", "variables"], product.EnumerateObject().Select(p => p.Name));
        Assert.Equal(73.26m, product.GetProperty("tariff").GetDecimal());
        var first = product.GetProperty("variables")[0];
        Assert.Equal(["variable", "configured", "tariffs", "low", "high", "range"], first.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["mean", "median", "weightedMean", "trimmedMean(0.1)", "percentile(0.25)", "percentile(0.75)"],
            first.GetProperty("tariffs").EnumerateObject().Select(p => p.Name));
        var round = WorkedExampleTests.Round();
        var expected = TariffSensitivity.Compute(round, Read(round));
        Assert.Equal(expected.Products[0].Variables[0].Variable, first.GetProperty("variable").GetString());
        Assert.Equal(expected.Products[0].Variables[0].Range, first.GetProperty("range").GetDecimal());

        using (var package = new ExcelPackage(new FileInfo(xlsx)))
        {
            var sheet = package.Workbook.Worksheets["Gevoeligheid"];
            Assert.Equal("percentile(0.75)", sheet.Cells[3, 13].Text);
            Assert.Equal(first.GetProperty("variable").GetString(), sheet.Cells[4, 3].Text);
            Assert.Equal((double)first.GetProperty("range").GetDecimal(), sheet.Cells[4, 7].GetValue<double>());
        }

        var text = await CliTests.Run("sensitivity", "--round", roundFile, "--formats", formats);
        Assert.Equal(0, text.Code);
        Assert.Contains("45A11: tarief € 73,26", text.Out);
        var lines = text.Out.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var header = lines.FindIndex(l => l.StartsWith("Variabele"));
        var shown = lines.Skip(header + 2).TakeWhile(l => l.Length > 0).ToList();
        Assert.Equal(5, shown.Count);
        Assert.StartsWith(expected.Products[0].Variables[0].Variable, shown[0]);
    }
}
