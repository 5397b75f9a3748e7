using System.CommandLine;
using System.Text.Json;
using Inkoop.Domain;
using Inkoop.Domain.Bids;
using Inkoop.Excel;

namespace Inkoop.Cli.Commands;

/// <summary>
/// `inkoop bids --tender TENDER.json --tariffs TARIFFS.json --bids MAP [--json] [--xlsx uit.xlsx]`: every bid file of a
/// folder against the published tariffs, and per lot the ranking. A file that is no bid is reported, not fatal.
/// </summary>
public sealed class BidsCommand : Command
{
    private readonly Option<string> tender = new("--tender") { Description = "de aanbestedingsconfiguratie (JSON)", HelpName = "TENDER.json" };
    private readonly Option<string> tariffs = new("--tariffs") { Description = "de genormeerde tarieven: uitvoer van 'inkoop tariffs --json' of een snapshot", HelpName = "TARIFFS.json" };
    private readonly Option<string> bids = new("--bids") { Description = "de map met prijsbladen (.xlsx)", HelpName = "MAP" };
    private readonly Option<bool> json = CliInput.Json();
    private readonly Option<string> xlsx = CliInput.Xlsx();

    public BidsCommand() : base("bids", "analyseer de inschrijvingen van een aanbesteding tegen de genormeerde tarieven")
    {
        Options.Add(tender);
        Options.Add(tariffs);
        Options.Add(bids);
        Options.Add(json);
        Options.Add(xlsx);
        SetAction(Run);
    }

    private int Run(ParseResult parsed)
    {
        var configuration = TenderConfigurationParser.Parse(CliInput.ReadText(parsed.Required(tender), "aanbestedingsconfiguratie"));
        var reference = CliInput.LoadTariffs(parsed.Required(tariffs));
        var folder = parsed.Required(bids);
        var files = CliInput.Workbooks(folder);
        if (files.Count == 0) throw new UsageException($"in '{folder}' staan geen inschrijvingen (.xlsx-bestanden).");
        var workbook = parsed.GetValue(xlsx);

        var analysed = FolderProgress.Run(files, "Inschrijvingen", parsed.Error(), path =>
        {
            Bid bid;
            using (var file = File.OpenRead(path)) bid = BidIntake.Validate(file, configuration);
            return (File: Path.GetFileName(path), Analysis: BidAnalysis.Of(bid, configuration, reference));
        });
        var report = BidsReport.Of(configuration, analysed);

        if (workbook is not null)
            using (var file = CliInput.Create(workbook)) BidAnalysisWorkbookWriter.Write(configuration, report, file);
        if (parsed.GetValue(json)) parsed.Out().WriteLine(JsonSerializer.Serialize(report, ResultJson.Indented));
        else Report.Bids(configuration, report, parsed.Out());
        return 0;
    }
}
