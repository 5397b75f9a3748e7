using System.Text.Json;
using Inkoop.Cli;
using Inkoop.Domain.Lumpsums;
using Inkoop.Excel;

namespace Inkoop.Tests.Cli;

/// <summary>`inkoop lumpsum`: the JSON shape of the issue, superseding by file name, exit codes as for tariffs.</summary>
public sealed class LumpsumCliTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("inkoop-lumpsum-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await InkoopCommand.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The test configuration (contract prices) plus a DYS lumpsum valued at the normalised tariffs.</summary>
    private (string Config, string Tariffs, string Folder) Files()
    {
        var config = Path.Combine(dir, "LUMPSUMS.json");
        File.WriteAllText(config, """
            { "year": 2025, "participation": { "AMB": ["GM0197", "GM0222"] },
              "lumpsums": [ { "agb": "12345678", "segment": "AMB", "amount": 351500.00, "tariffs": { "45A11": 100, "45A12": 50 } },
                            { "agb": "12345678", "segment": "DYS", "amount": 10437.00, "profile": [0.1, 0.2, 0.3, 0.4] } ] }
            """);
        var tariffs = Path.Combine(dir, "TARIFFS.json");
        File.WriteAllText(tariffs, """{ "tariffs": [ { "product": "54D01", "tariff": 100.00 }, { "product": "54D02", "tariff": null } ] }""");
        var folder = Directory.CreateDirectory(Path.Combine(dir, "realisatie")).FullName;
        Write(folder, "amb-q1-a.xlsx", new RealisationKey(2025, 1, "12345678", "AMB"), [new("GM0197", "45A11", 1)]);
        // Sorts after -a: supersedes it.
        Write(folder, "amb-q1-b.xlsx", new RealisationKey(2025, 1, "12345678", "AMB"), [new("GM0197", "45A11", 200), new("GM0222", "45A11", 700)]);
        File.WriteAllText(Path.Combine(folder, "dys-q1.json"), """
            { "year": 2025, "quarter": 1, "agb": "12345678", "segment": "DYS",
              "rows": [ { "municipality": "GM0222", "product": "54D01", "volume": 10 }, { "municipality": "GM0222", "product": "54D02", "volume": 1 } ] }
            """);
        File.WriteAllBytes(Path.Combine(folder, "kapot.xlsx"), [1, 2, 3]);
        File.WriteAllText(Path.Combine(folder, "notities.txt"), "geen rapport");
        return (config, tariffs, folder);
    }

    private static void Write(string folder, string name, RealisationKey key, RealisationRow[] rows)
    {
        using var file = File.Create(Path.Combine(folder, name));
        RealisationWorkbookWriter.Write(key, rows, file);
    }

    [Fact]
    public async Task Json_has_exactly_the_shape_of_the_issue()
    {
        var (config, tariffs, folder) = Files();
        var xlsx = Path.Combine(dir, "uit.xlsx");
        var (code, output, error) = await Run("lumpsum", "--config", config, "--tariffs", tariffs, "--realisation", folder,
            "--year", "2025", "--quarter", "1", "--json", "--xlsx", xlsx);
        Assert.True(code == 0, error);

        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(["year", "quarter", "lumpsums", "reports"], Names(root));
        Assert.Equal((2025, 1), (root.GetProperty("year").GetInt32(), root.GetProperty("quarter").GetInt32()));

        var amb = root.GetProperty("lumpsums")[0];
        Assert.Equal(["agb", "segment", "amount", "bandwidth", "expected", "realised", "variance", "variancePct", "status", "forecast", "settlement",
            "quarters", "municipalities"], Names(amb));
        Assert.Equal("12345678", amb.GetProperty("agb").GetString());
        Assert.Equal(87_875.00m, amb.GetProperty("expected").GetDecimal());
        Assert.Equal(90_000.00m, amb.GetProperty("realised").GetDecimal());
        Assert.Equal(0.0242m, amb.GetProperty("variancePct").GetDecimal());
        Assert.Equal("within", amb.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, amb.GetProperty("settlement").ValueKind);
        Assert.Equal(["quarter", "realised"], Names(amb.GetProperty("quarters")[0]));
        var municipality = amb.GetProperty("municipalities")[0];
        Assert.Equal(["code", "allocated", "expected", "realised", "variance", "variancePct", "status", "forecast", "settlement"], Names(municipality));
        Assert.Equal(("GM0197", 81_300.00m, "within"), (municipality.GetProperty("code").GetString(), municipality.GetProperty("allocated").GetDecimal(),
            municipality.GetProperty("status").GetString()));

        // DYS at the normalised tariffs with a seasonal profile: expected 1,043.70; 54D02 has no tariff and is left out.
        var dys = root.GetProperty("lumpsums")[1];
        Assert.Equal((1_043.70m, 1_000.00m), (dys.GetProperty("expected").GetDecimal(), dys.GetProperty("realised").GetDecimal()));

        var reports = root.GetProperty("reports").EnumerateArray().ToList();
        Assert.Equal(["amb-q1-a.xlsx", "amb-q1-b.xlsx", "dys-q1.json", "kapot.xlsx"], reports.Select(r => r.GetProperty("file").GetString()));
        Assert.Equal(["file", "year", "quarter", "agb", "segment", "status", "supersededBy", "findings"], Names(reports[0]));
        Assert.Equal(("superseded", "amb-q1-b.xlsx"), (reports[0].GetProperty("status").GetString(), reports[0].GetProperty("supersededBy").GetString()));
        Assert.Equal("hasErrors", reports[2].GetProperty("status").GetString());
        Assert.Equal("NO_REFERENCE_TARIFF", reports[2].GetProperty("findings")[0].GetProperty("code").GetString());
        Assert.Equal("rows[1].product", reports[2].GetProperty("findings")[0].GetProperty("cell").GetString());
        Assert.Equal(("rejected", "FILE_UNREADABLE"), (reports[3].GetProperty("status").GetString(),
            reports[3].GetProperty("findings")[0].GetProperty("code").GetString()));
        Assert.True(new FileInfo(xlsx).Length > 0);
    }

    [Fact]
    public async Task The_table_says_which_file_supersedes_which()
    {
        var (config, tariffs, folder) = Files();
        var (code, output, _) = await Run("lumpsum", "--config", config, "--tariffs", tariffs, "--realisation", folder, "--year", "2025", "--quarter", "2");
        Assert.Equal(0, code);
        Assert.Contains("vervangen door amb-q1-b.xlsx", output);
        Assert.Contains("ontbreekt", output);   // Q2 has no reports
        Assert.Matches(@"€ \d{1,3}(\.\d{3})+,\d{2}", output);   // money with Dutch grouping
        Assert.DoesNotMatch(@"\b(within|over|under|missing|accepted|hasErrors)\b", output);
    }

    [Theory]
    [InlineData("--year", "2024", "gaat over 2025")]
    [InlineData("--quarter", "5", "een kwartaal is 1, 2, 3 of 4")]
    [InlineData("--quarter", "twee", "geen heel getal")]
    [InlineData("--realisation", "/bestaat/niet", "geen map")]
    public async Task Unusable_input_is_exit_2_with_one_line(string option, string value, string reason)
    {
        var (config, tariffs, folder) = Files();
        var args = new Dictionary<string, string>
        {
            ["--config"] = config, ["--tariffs"] = tariffs, ["--realisation"] = folder, ["--year"] = "2025", ["--quarter"] = "1",
        };
        args[option] = value;
        var (code, _, error) = await Run(["lumpsum", .. args.SelectMany(a => new[] { a.Key, a.Value })]);
        Assert.Equal(2, code);
        Assert.Contains(reason, error);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task A_bad_configuration_or_no_reference_is_exit_2()
    {
        var (config, _, folder) = Files();
        var (code, _, error) = await Run("lumpsum", "--config", config, "--realisation", folder, "--year", "2025", "--quarter", "1");
        Assert.Equal(2, code);
        Assert.Contains("--tariffs", error);

        File.WriteAllText(config, """{ "year": 2025, "lumpsums": [ { "agb": "1", "segment": "AMB", "amount": 10 } ] }""");
        (code, _, error) = await Run("lumpsum", "--config", config, "--realisation", folder, "--year", "2025", "--quarter", "1");
        Assert.Equal(2, code);
        Assert.Contains("ongeldige lumpsumconfiguratie", error);
    }

    private static List<string> Names(JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToList();
}
