using System.Text.Json;

namespace Inkoop.Tests.Cli;

/// <summary>`inkoop demo formats|bids|realisation --out DIR`: the demo's own files, and the commands run on them.</summary>
public sealed class DemoFilesTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("inkoop-demo-files-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static Task<(int Code, string Out, string Err)> Run(params string[] args) => CliTests.Run(args);

    [Fact]
    public async Task Demo_formats_are_the_62_filled_in_formats_whose_products_cost_differently()
    {
        var (code, output, error) = await Run("demo", "formats", "--out", dir);
        Assert.True(code == 0, error);
        Assert.Contains("63 bestanden geschreven", output);
        Assert.Equal(62, Directory.GetFiles(Path.Combine(dir, "formats"), "*.xlsx").Length);

        var (tariffsCode, json, _) = await Run("tariffs", "--round", Path.Combine(dir, "round.json"), "--formats", Path.Combine(dir, "formats"), "--json");
        Assert.Equal(0, tariffsCode);
        using var result = JsonDocument.Parse(json);
        Assert.Contains(result.RootElement.GetProperty("formats").EnumerateArray(), f => f.GetProperty("status").GetString() == "repairNeeded");
        var tariff = result.RootElement.GetProperty("tariffs").EnumerateArray()
            .ToDictionary(t => t.GetProperty("product").GetString()!, t => t.GetProperty("tariff").GetDecimal());
        // Begeleiding basis (MBO) costs clearly less than jeugd-ggz behandeling (WO) and dyslexie diagnostiek.
        Assert.True(tariff["45A11"] * 1.3m < tariff["54A01"] && tariff["45A11"] * 1.3m < tariff["45D01"], string.Join(", ", tariff));

        var (validateCode, report, _) = await Run("validate", "--round", Path.Combine(dir, "round.json"),
            Directory.GetFiles(Path.Combine(dir, "formats")).Order(StringComparer.Ordinal).First());
        Assert.Equal(0, validateCode);
        Assert.Contains("geaccepteerd", report);
    }

    [Fact]
    public async Task Demo_bids_and_realisation_run_through_bids_and_lumpsum()
    {
        Assert.Equal(0, (await Run("demo", "bids", "--out", dir)).Code);
        var (bidsCode, bids, bidsError) = await Run("bids", "--tender", Path.Combine(dir, "tender.json"), "--tariffs", Path.Combine(dir, "tariffs.json"),
            "--bids", Path.Combine(dir, "inschrijvingen"), "--json");
        Assert.True(bidsCode == 0, bidsError);
        using var analysis = JsonDocument.Parse(bids);
        Assert.Equal(6, analysis.RootElement.GetProperty("bids").GetArrayLength());
        Assert.All(analysis.RootElement.GetProperty("bids").EnumerateArray(), b => Assert.Equal("accepted", b.GetProperty("status").GetString()));

        var realisation = Path.Combine(dir, "r");
        Assert.Equal(0, (await Run("demo", "realisation", "--out", realisation)).Code);
        var (lumpsumCode, variance, lumpsumError) = await Run("lumpsum", "--config", Path.Combine(realisation, "lumpsums.json"),
            "--tariffs", Path.Combine(realisation, "tariffs.json"), "--realisation", Path.Combine(realisation, "realisatie"), "--year", "2025", "--quarter", "4", "--json");
        Assert.True(lumpsumCode == 0, lumpsumError);
        using var lumpsums = JsonDocument.Parse(variance);
        Assert.Equal(["within", "over", "under", "missing", "within"],
            lumpsums.RootElement.GetProperty("lumpsums").EnumerateArray().Select(l => l.GetProperty("status").GetString()));
    }
}
