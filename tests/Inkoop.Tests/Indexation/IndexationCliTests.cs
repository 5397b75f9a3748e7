using System.Text.Json;
using Inkoop.Tests.Cli;
using Inkoop.Tests.Domain;
using Inkoop.Tests.Support;
using OfficeOpenXml;

namespace Inkoop.Tests.Indexation;

/// <summary>`inkoop tariffs` with indexation: exactly the fields of indexation-and-sensitivity.md section 4.</summary>
public sealed class IndexationCliTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("inkoop-index-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private (string Round, string Formats) Write(string indexation)
    {
        var formats = Directory.CreateDirectory(Path.Combine(dir, "formats")).FullName;
        var i = 0;
        foreach (var data in WorkedExampleTests.Providers())
            File.WriteAllBytes(Path.Combine(formats, $"format-{++i}.xlsx"), FormatWorkbook.Build(data));
        var round = Path.Combine(dir, "round.json");
        File.WriteAllText(round, File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "voorbeeld-2025.json"))
            .Replace("\"normalisation\":", $"\"indexation\": {{ {indexation} }},\n  \"normalisation\":"));
        return (round, formats);
    }

    [Fact]
    public async Task Weighted_json_has_the_published_tariff_the_reference_year_tariff_and_the_factors()
    {
        var (round, formats) = Write($"\"tariffYear\": 2025, {IndexationTests.VngYears}");
        var xlsx = Path.Combine(dir, "uit.xlsx");

        var (code, output, _) = await CliTests.Run("tariffs", "--round", round, "--formats", formats, "--json", "--xlsx", xlsx);

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        var tariff = root.GetProperty("tariffs")[0];
        Assert.Equal(80.50m, tariff.GetProperty("tariff").GetDecimal());
        Assert.Equal(80.5015m, Math.Round(tariff.GetProperty("unrounded").GetDecimal(), 4));
        Assert.Equal(73.26m, tariff.GetProperty("tariffReferenceYear").GetDecimal());
        var trajectory = root.GetProperty("trajectories")[0];
        Assert.Equal(1610.03m, trajectory.GetProperty("tariff").GetDecimal());
        Assert.Equal(20 * tariff.GetProperty("unrounded").GetDecimal(), trajectory.GetProperty("unrounded").GetDecimal());
        Assert.Equal(1465.27m, trajectory.GetProperty("tariffReferenceYear").GetDecimal());

        var indexation = root.GetProperty("indexation");
        Assert.Equal(["referenceYear", "tariffYear", "method", "factor", "factorOva", "factorPcc", "years"],
            indexation.EnumerateObject().Select(p => p.Name));
        Assert.Equal(2023, indexation.GetProperty("referenceYear").GetInt32());
        Assert.Equal(2025, indexation.GetProperty("tariffYear").GetInt32());
        Assert.Equal("weighted", indexation.GetProperty("method").GetString());
        Assert.Equal(1.098792024m, indexation.GetProperty("factor").GetDecimal());
        Assert.Equal(JsonValueKind.Null, indexation.GetProperty("factorOva").ValueKind);
        Assert.Equal(JsonValueKind.Null, indexation.GetProperty("factorPcc").ValueKind);
        var years = indexation.GetProperty("years").EnumerateArray().ToList();
        Assert.Equal([2024, 2025], years.Select(y => y.GetProperty("year").GetInt32()));
        Assert.Equal(["year", "ova", "pcc", "composite", "status"], years[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(0.0600m, years[0].GetProperty("ova").GetDecimal());
        Assert.Equal(0.0571m, years[0].GetProperty("composite").GetDecimal());
        Assert.Equal("definitive", years[0].GetProperty("status").GetString());
        Assert.Equal(0.03944m, years[1].GetProperty("composite").GetDecimal());
        Assert.Equal("provisional", years[1].GetProperty("status").GetString());

        using var package = new ExcelPackage(new FileInfo(xlsx));
        var sheet = package.Workbook.Worksheets["Tarieven"];
        Assert.Equal(80.50, sheet.Cells[4, 4].GetValue<double>());
        Assert.Equal("Tarief peiljaar", sheet.Cells[3, 12].Text);
        Assert.Equal(73.26, sheet.Cells[4, 12].GetValue<double>());
        Assert.Equal(1.098792024, package.Workbook.Worksheets["Indexatie"].Cells[4, 2].GetValue<double>(), 9);
    }

    [Fact]
    public async Task Components_json_has_the_two_factors_and_no_composite()
    {
        var (round, formats) = Write($"\"tariffYear\": 2025, \"method\": \"components\", {IndexationTests.VngYears}");

        var (code, output, _) = await CliTests.Run("tariffs", "--round", round, "--formats", formats, "--json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var indexation = json.RootElement.GetProperty("indexation");
        Assert.Equal("components", indexation.GetProperty("method").GetString());
        Assert.Equal(JsonValueKind.Null, indexation.GetProperty("factor").ValueKind);
        Assert.Equal(1.06m * 1.0418m, indexation.GetProperty("factorOva").GetDecimal());
        Assert.Equal(1.031m * 1.0182m, indexation.GetProperty("factorPcc").GetDecimal());
        Assert.All(indexation.GetProperty("years").EnumerateArray(), y => Assert.Equal(JsonValueKind.Null, y.GetProperty("composite").ValueKind));
        Assert.Equal(80.66m, json.RootElement.GetProperty("tariffs")[0].GetProperty("tariff").GetDecimal());
    }

    [Fact]
    public async Task Text_shows_the_indexation_and_the_reference_year_tariff_beside_the_published_one()
    {
        var (round, formats) = Write($"\"tariffYear\": 2025, {IndexationTests.VngYears}");

        var (code, output, _) = await CliTests.Run("tariffs", "--round", round, "--formats", formats);

        Assert.Equal(0, code);
        Assert.Contains("Geïndexeerd van peiljaar 2023 naar tariefjaar 2025 (gewogen, factor 1,098792)", output);
        var line = output.Split('\n').Single(l => l.StartsWith("45A11"));
        Assert.Matches(@"€ 80,50\s+€ 73,26", line);
    }

    [Fact]
    public async Task A_missing_year_is_unusable_input_with_the_year_named()
    {
        var (round, formats) = Write("\"tariffYear\": 2025, \"years\": [ { \"year\": 2025, \"ova\": 0.0418, \"pcc\": 0.0182 } ]");

        var (code, _, error) = await CliTests.Run("tariffs", "--round", round, "--formats", formats, "--json");

        Assert.Equal(2, code);
        Assert.Contains("indexcijfers voor 2024 ontbreken", error);
    }
}
