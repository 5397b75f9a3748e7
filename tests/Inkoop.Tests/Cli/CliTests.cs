using System.Text.Json;
using Inkoop.Cli;
using Inkoop.Domain.Formats;
using Inkoop.Excel;
using Inkoop.Tests.Domain;
using Inkoop.Tests.Support;
using OfficeOpenXml;

namespace Inkoop.Tests.Cli;

public sealed class CliTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("inkoop-cli-").FullName;
    private readonly string roundFile = Path.Combine(AppContext.BaseDirectory, "Fixtures", "voorbeeld-2025.json");

    public void Dispose() => Directory.Delete(dir, recursive: true);

    internal static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await InkoopCommand.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private string WriteWorkedExample()
    {
        var formats = Directory.CreateDirectory(Path.Combine(dir, "formats")).FullName;
        var i = 0;
        foreach (var data in WorkedExampleTests.Providers())
            File.WriteAllBytes(Path.Combine(formats, $"format-{++i}.xlsx"), FormatWorkbook.Build(data));
        return formats;
    }

    [Fact]
    public async Task Tariffs_json_holds_the_worked_example_and_reports_a_broken_file_without_stopping()
    {
        var formats = WriteWorkedExample();
        File.WriteAllBytes(Path.Combine(formats, "kapot.xlsx"), [0x50, 0x4B, 0x03, 0x04, 1, 2, 3]);

        var (code, output, _) = await Run("tariffs", "--round", roundFile, "--formats", formats, "--json", "--as-of", "2023-10-01");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        var tariff = root.GetProperty("tariffs")[0];
        Assert.Equal("45A11", tariff.GetProperty("product").GetString());
        Assert.Equal("uur", tariff.GetProperty("unit").GetString());
        Assert.Equal(73.26m, tariff.GetProperty("tariff").GetDecimal());
        Assert.Equal(3, tariff.GetProperty("spread").GetProperty("n").GetInt32());
        Assert.Equal(1465.27m, root.GetProperty("trajectories")[0].GetProperty("tariff").GetDecimal());

        var verzuim = root.GetProperty("norms").EnumerateArray().Single(n => n.GetProperty("variable").GetString() == "Verzuim");
        Assert.Equal(0.06m, verzuim.GetProperty("value").GetDecimal());
        Assert.Equal("mean", verzuim.GetProperty("statistic").GetString());
        Assert.Equal(3, verzuim.GetProperty("n").GetInt32());
        Assert.False(verzuim.GetProperty("benchmarkUsed").GetBoolean());
        var excluded = verzuim.GetProperty("excluded")[0];
        Assert.Equal("45678901", excluded.GetProperty("agb").GetString());
        Assert.Equal("errorFinding", excluded.GetProperty("reason").GetString());
        var wo = root.GetProperty("norms").EnumerateArray().Single(n => n.GetProperty("variable").GetString() == "Brutojaarsalaris" && n.GetProperty("qualifier").GetString() == "WO");
        Assert.True(wo.GetProperty("benchmarkUsed").GetBoolean());

        var files = root.GetProperty("formats").EnumerateArray().ToDictionary(f => f.GetProperty("file").GetString()!);
        Assert.Equal(5, files.Count);
        Assert.Equal("rejected", files["kapot.xlsx"].GetProperty("status").GetString());
        Assert.Equal("FILE_UNREADABLE", files["kapot.xlsx"].GetProperty("findings")[0].GetProperty("code").GetString());
        Assert.Equal("accepted", files["format-1.xlsx"].GetProperty("status").GetString());
        Assert.Equal("closedWithExclusions", files["format-4.xlsx"].GetProperty("status").GetString());
        var finding = files["format-4.xlsx"].GetProperty("findings")[0];
        Assert.Equal("error", finding.GetProperty("severity").GetString());
        Assert.Equal("OUT_OF_BAND", finding.GetProperty("code").GetString());
        Assert.Equal("Verzuim", finding.GetProperty("variable").GetString());
        Assert.StartsWith("Algemeen!", finding.GetProperty("cell").GetString());
    }

    [Fact]
    public async Task A_round_with_a_share_rule_and_a_share_band_is_used_as_written()
    {
        var formats = WriteWorkedExample();
        var round = Path.Combine(dir, "aandelen.json");
        File.WriteAllText(round, File.ReadAllText(roundFile).Replace("\"normalisation\": {", """
            "bands": { "Aandeel_HBO[45A11]": { "min": 0, "max": 0.75 } },
            "normalisation": {
            """).Replace("\"variables\": {", """
            "variables": {
                "Aandeel_MBO4[45A11]": { "minRespondents": 10, "benchmark": 0.5 },
            """));

        var (code, output, error) = await Run("tariffs", "--round", round, "--formats", formats, "--json", "--as-of", "2023-10-01");

        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        var norms = json.RootElement.GetProperty("norms").EnumerateArray()
            .ToDictionary(n => $"{n.GetProperty("variable").GetString()}[{n.GetProperty("qualifier").GetString()}]");
        var mbo4 = norms["Aandeel_MBO4[45A11]"];
        Assert.True(mbo4.GetProperty("benchmarkUsed").GetBoolean());
        var hbo = norms["Aandeel_HBO[45A11]"];
        Assert.Equal(3, hbo.GetProperty("n").GetInt32());
        var excluded = hbo.GetProperty("excluded")[0];
        Assert.Equal("23456789", excluded.GetProperty("agb").GetString()); // its HBO share of 0,80 is above the round's 0,75
        Assert.Equal("errorFinding", excluded.GetProperty("reason").GetString());

        var second = json.RootElement.GetProperty("formats").EnumerateArray().Single(f => f.GetProperty("file").GetString() == "format-2.xlsx");
        Assert.Equal("closedWithExclusions", second.GetProperty("status").GetString());
        var finding = second.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("code").GetString() == "OUT_OF_BAND");
        Assert.Equal("Aandeel_HBO[45A11]", finding.GetProperty("variable").GetString());
    }

    [Fact]
    public async Task The_readable_table_shows_money_to_the_cent()
    {
        var formats = WriteWorkedExample();
        var (code, output, _) = await Run("tariffs", "--round", roundFile, "--formats", formats);
        Assert.Equal(0, code);
        Assert.Contains("€ 73,26", output);
        Assert.DoesNotMatch(@"€ \d+,\d{3}", output);
    }

    [Fact]
    public async Task The_readable_output_is_Dutch_and_shows_the_norms_with_their_provenance()
    {
        var formats = WriteWorkedExample();
        var (code, output, _) = await Run("tariffs", "--round", roundFile, "--formats", formats);
        Assert.Equal(0, code);
        Assert.Contains("Normen", output);
        Assert.Matches(@"Verzuim\s+\d+(,\d+)?%", output);                  // a fraction as a percentage
        Assert.Matches(@"Brutojaarsalaris \(HBO\)\s+€ 46\.250,00\s+gemiddelde\s+4", output);  // money with grouping, statistic, n
        Assert.Matches(@"Verzuim .*45678901 \(fout in het format: OUT_OF_BAND\)", output);             // who was left out and why
        Assert.Contains("geaccepteerd", output);
        Assert.DoesNotMatch(@"\b(accepted|repairNeeded|weightedMean|mean|median)\b", output);
    }

    [Fact]
    public async Task Json_keeps_dutch_text_readable()
    {
        var formats = WriteWorkedExample();
        File.WriteAllBytes(Path.Combine(formats, "ander.xlsx"), FormatWorkbook.Build(FormatData.Valid("56789012", "jeugd-2024")));
        var (_, output, _) = await Run("tariffs", "--round", roundFile, "--formats", formats, "--json");
        Assert.Contains("geüpload", output);
        Assert.DoesNotContain("\\u00", output);
    }

    [Fact]
    public async Task A_newer_file_of_the_same_provider_supersedes_the_older()
    {
        var formats = WriteWorkedExample();
        var repaired = WorkedExampleTests.Providers().Last().Set(FormatSchema.Verzuim, 0.05m);
        var path = Path.Combine(formats, "format-4-herstel.xlsx");
        File.WriteAllBytes(path, FormatWorkbook.Build(repaired));
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(5));

        var (code, output, _) = await Run("tariffs", "--round", roundFile, "--formats", formats, "--json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var files = json.RootElement.GetProperty("formats").EnumerateArray().ToDictionary(f => f.GetProperty("file").GetString()!, f => f.GetProperty("status").GetString());
        Assert.Equal("superseded", files["format-4.xlsx"]);
        Assert.Equal("accepted", files["format-4-herstel.xlsx"]);
        var verzuim = json.RootElement.GetProperty("norms").EnumerateArray().Single(n => n.GetProperty("variable").GetString() == "Verzuim");
        Assert.Equal(4, verzuim.GetProperty("n").GetInt32());
    }

    [Fact]
    public async Task Tariffs_xlsx_export_holds_the_same_numbers_and_no_formulas()
    {
        var formats = WriteWorkedExample();
        var evil = WorkedExampleTests.Providers().First().Set(FormatSchema.AanbiederAgb, "99999999").Set(FormatSchema.AanbiederNaam, "=HYPERLINK(\"http://x\")").Set(FormatSchema.Overhead, "=1+1");
        File.WriteAllBytes(Path.Combine(formats, "z.xlsx"), FormatWorkbook.Build(evil));
        var xlsx = Path.Combine(dir, "tarieven.xlsx");

        var (code, output, _) = await Run("tariffs", "--round", roundFile, "--formats", formats, "--xlsx", xlsx);
        var (_, json, _) = await Run("tariffs", "--round", roundFile, "--formats", formats, "--json");

        Assert.Equal(0, code);
        Assert.Contains("45A11", output);
        var expected = JsonDocument.Parse(json).RootElement.GetProperty("tariffs")[0].GetProperty("tariff").GetDouble();
        using var package = new ExcelPackage(new FileInfo(xlsx));
        var tariffs = package.Workbook.Worksheets["Tarieven"];
        Assert.Equal("45A11", tariffs.Cells[4, 1].Text);
        Assert.Equal(expected, (double)tariffs.Cells[4, 4].Value, 6);
        Assert.Equal("#,##0.00", tariffs.Cells[4, 4].Style.Numberformat.Format);
        var findings = package.Workbook.Worksheets["Bevindingen"];
        var all = findings.Cells[findings.Dimension.Address].ToList();
        Assert.DoesNotContain(all, c => c.Value is string s && s.StartsWith('='));
        var planted = all.Where(c => c.Value is string s && s.StartsWith("'=")).ToList();
        Assert.NotEmpty(planted);
        Assert.All(all, c => Assert.True(string.IsNullOrEmpty(c.Formula)));
    }

    [Fact]
    public async Task Demo_says_in_one_line_when_the_app_is_not_running()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // a port nobody listens on

        var (code, _, error) = await Run("demo", "--url", $"http://127.0.0.1:{port}");

        Assert.Equal(1, code);
        Assert.Contains("is niet bereikbaar", error);
        Assert.Contains("./run.sh", error);
    }

    [Fact]
    public async Task Template_then_validate_reports_what_is_missing_and_refuses_it_exit_three()
    {
        var template = Path.Combine(dir, "format.xlsx");
        var (code, _, _) = await Run("template", "--round", roundFile, "--out", template);
        Assert.Equal(0, code);

        // Without its identity the file is rejected whole: refused, not read.
        var (validateCode, output, _) = await Run("validate", "--round", roundFile, template);
        Assert.Equal(3, validateCode);
        Assert.Contains("IDENTITY_MISSING", output);
        Assert.Contains("Aanbieder_AGB", output);
    }

    [Fact]
    public async Task A_filled_template_validates_clean()
    {
        var template = Path.Combine(dir, "format.xlsx");
        await Run("template", "--round", roundFile, "--out", template);
        var data = FormatData.Valid();
        var filled = Path.Combine(dir, "ingevuld.xlsx");
        using (var input = File.OpenRead(template))
        using (var output = File.Create(filled))
        {
            // The template lists the six levels in order; a provider fills in the rows of the levels it employs.
            var personeel = FormatSchema.Levels.Select(level => data.Personeel.FirstOrDefault(r => (string?)r[FormatSchema.Functieniveau] == level)
                ?? new Dictionary<string, object?> { [FormatSchema.Functieniveau] = level }).ToList();
            FormatFiller.Fill(input, new FormatValues(data.Single, personeel, data.Producten), output);
        }

        var (code, output2, _) = await Run("validate", "--round", roundFile, "--json", filled);

        Assert.True(code == 0, output2);
        using var json = JsonDocument.Parse(output2);
        Assert.Equal("12345678", json.RootElement.GetProperty("agb").GetString());
        Assert.Equal("accepted", json.RootElement.GetProperty("status").GetString());
        Assert.Equal(0, json.RootElement.GetProperty("findings").GetArrayLength());
    }

    [Fact]
    public async Task Tariffs_on_a_folder_without_formats_says_so_and_exits_two()
    {
        var empty = Directory.CreateDirectory(Path.Combine(dir, "leeg")).FullName;
        var (code, output, error) = await Run("tariffs", "--round", roundFile, "--formats", empty);
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains("staan geen formats", error);
    }

    [Fact]
    public async Task Validate_takes_several_files_one_report_each_and_its_exit_code_tells_refused_from_errors_from_clean()
    {
        var formats = WriteWorkedExample();   // format-4 has an error finding (Verzuim 0,31); the others are clean
        var clean = Path.Combine(formats, "format-1.xlsx");
        var errors = Path.Combine(formats, "format-4.xlsx");
        var refused = Path.Combine(formats, "kapot.xlsx");
        File.WriteAllBytes(refused, [0x50, 0x4B, 0x03, 0x04, 1, 2, 3]);

        Assert.Equal(0, (await Run("validate", "--round", roundFile, clean, Path.Combine(formats, "format-2.xlsx"))).Code);
        var (withErrors, output, _) = await Run("validate", "--round", roundFile, clean, errors);
        Assert.Equal(1, withErrors);
        Assert.Contains("format-1.xlsx: AGB 12345678", output);
        Assert.Contains("format-4.xlsx: AGB 45678901", output);
        Assert.Contains("OUT_OF_BAND", output);
        var (withRefused, all, _) = await Run("validate", "--round", roundFile, "--json", clean, errors, refused);
        Assert.Equal(3, withRefused);
        using var json = JsonDocument.Parse(all);
        Assert.Equal(["format-1.xlsx", "format-4.xlsx", "kapot.xlsx"], json.RootElement.EnumerateArray().Select(r => r.GetProperty("file").GetString()));
        Assert.Equal(["accepted", "closedWithExclusions", "rejected"], json.RootElement.EnumerateArray().Select(r => r.GetProperty("status").GetString()));
    }

    [Theory]
    [InlineData("tariffs --round /nope/round.json --formats .", "rondeconfiguratie '/nope/round.json' bestaat niet")]
    [InlineData("tariffs --round ROUND --formats /nope/dir", "'/nope/dir' is geen map")]
    [InlineData("validate --round ROUND", "geef minstens één te controleren bestand")]
    [InlineData("validate --round ROUND /nope/f.xlsx", "bestand '/nope/f.xlsx' bestaat niet")]
    [InlineData("frobnicate", "onbekende opdracht")]
    [InlineData("tariffs --round ROUND --formats . --as-of morgen", "--as-of")]
    [InlineData("demo --url ftp://example.org", "--url 'ftp://example.org' is geen http(s)-adres")]
    [InlineData("tariffs --round", "--round mist een waarde")]
    [InlineData("tariffs --bogus", "onbekende optie '--bogus'")]
    [InlineData("tariffs --formats . extra", "onverwacht argument 'extra'")]
    [InlineData("tariffs --formats .", "--round ontbreekt")]
    public async Task Unusable_input_exits_two_with_a_one_line_reason(string args, string reason)
    {
        var (code, output, error) = await Run(args.Replace("ROUND", roundFile).Split(' '));
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains(reason, error);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task No_command_exits_two_and_names_the_commands()
    {
        var (code, _, error) = await Run();
        Assert.Equal(2, code);
        Assert.Contains("geen opdracht", error);
        Assert.Contains("tariffs", error);
    }

    [Theory]
    [InlineData("help")]
    [InlineData("--help")]
    public async Task Help_lists_every_command(string args)
    {
        var (code, output, _) = await Run(args);
        Assert.Equal(0, code);
        foreach (var command in new[] { "template", "validate", "tariffs", "demo" }) Assert.Contains(command, output);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("tariffs", "--help")]
    [InlineData("validate", "-h")]
    public async Task Help_is_in_Dutch(params string[] args)
    {
        var (code, output, _) = await Run(args);
        Assert.Equal(0, code);
        Assert.Contains("Gebruik:", output);
        Assert.Contains("Opties:", output);
        Assert.Contains("toon deze hulp", output);
        Assert.DoesNotMatch(@"Usage|Options|Description|Show help|\[options\]|\[command\]", output);
    }

    [Fact]
    public async Task A_bad_round_file_is_reported_in_one_line()
    {
        var bad = Path.Combine(dir, "bad.json");
        File.WriteAllText(bad, """{ "round": "x", "referenceYear": 2023, "products": [ { "code": "45A11" } ] }""");
        var (code, _, error) = await Run("validate", "--round", bad, "f.xlsx");
        Assert.Equal(2, code);
        Assert.Contains("heeft geen eenheid", error);
    }
}
