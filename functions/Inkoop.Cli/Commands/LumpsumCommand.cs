using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Inkoop.Domain;
using Inkoop.Domain.Lumpsums;
using Inkoop.Excel;

namespace Inkoop.Cli.Commands;

/// <summary>
/// `inkoop lumpsum --config LUMPSUMS.json [--tariffs TARIFFS.json] --realisation MAP --year J --quarter K [--json] [--xlsx uit.xlsx]`:
/// the variance of every lumpsum of a year up to a quarter, from a folder of realisation reports.
/// </summary>
public sealed class LumpsumCommand : Command
{
    private readonly Option<string> config = new("--config") { Description = "de lumpsumconfiguratie (JSON)", HelpName = "LUMPSUMS.json" };
    private readonly Option<string> tariffs = new("--tariffs")
    {
        Description = "de genormeerde tarieven (uitvoer van inkoop tariffs --json), voor lumpsums zonder contractprijzen", HelpName = "TARIFFS.json",
    };
    private readonly Option<string> realisation = new("--realisation") { Description = "de map met realisatierapporten (.xlsx of .json)", HelpName = "MAP" };
    private readonly Option<string> year = new("--year") { Description = "het jaar van de lumpsums", HelpName = "JJJJ" };
    private readonly Option<string> quarter = new("--quarter") { Description = "tot en met dit kwartaal (1-4)", HelpName = "K" };
    private readonly Option<bool> json = CliInput.Json();
    private readonly Option<string> xlsx = CliInput.Xlsx();

    public LumpsumCommand() : base("lumpsum", "bereken de afwijking van de lumpsums uit een map realisatierapporten")
    {
        Options.Add(config);
        Options.Add(tariffs);
        Options.Add(realisation);
        Options.Add(year);
        Options.Add(quarter);
        Options.Add(json);
        Options.Add(xlsx);
        SetAction(Run);
    }

    private int Run(ParseResult parsed)
    {
        var configuration = LumpsumConfigurationParser.Parse(CliInput.ReadText(parsed.Required(config), "lumpsumconfiguratie"));
        var y = Number(parsed.Required(year), "--year");
        if (y != configuration.Year) throw new UsageException($"--year {y}, maar de lumpsumconfiguratie gaat over {configuration.Year}.");
        var q = Number(parsed.Required(quarter), "--quarter");
        if (q is < 1 or > 4) throw new UsageException($"--quarter {q}: een kwartaal is 1, 2, 3 of 4.");
        var normalised = parsed.GetValue(tariffs) is { } path ? CliInput.LoadTariffs(path) : null;
        if (normalised is null && configuration.Lumpsums.FirstOrDefault(l => l.ContractTariffs is null) is { } without)
            throw new UsageException($"de lumpsum van AGB-code {without.Agb} in segment {without.Segment} heeft geen contractprijzen; geef de genormeerde tarieven met --tariffs.");
        var folder = parsed.Required(realisation);
        if (!Directory.Exists(folder)) throw new UsageException($"'{folder}' is geen map.");

        var result = LumpsumRun.Compute(configuration, normalised, LumpsumRun.ReportFiles(folder), q, parsed.Error());
        if (parsed.GetValue(xlsx) is { } workbook)
            using (var file = CliInput.Create(workbook)) VarianceWorkbookWriter.Write(result, file);
        if (parsed.GetValue(json)) parsed.Out().WriteLine(JsonSerializer.Serialize(result, ResultJson.Indented));
        else LumpsumRun.Print(result, parsed.Out());
        return 0;
    }

    private static int Number(string text, string option) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new UsageException($"{option} '{text}' is geen heel getal.");
}
