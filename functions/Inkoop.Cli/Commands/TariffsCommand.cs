using System.CommandLine;
using System.Text.Json;
using Inkoop.Domain;
using Inkoop.Domain.Tariffs;
using Inkoop.Excel;

namespace Inkoop.Cli.Commands;

/// <summary>`inkoop tariffs --round round.json --formats MAP [--json] [--xlsx uit.xlsx] [--as-of JJJJ-MM-DD]`: the round's tariffs offline.</summary>
public sealed class TariffsCommand : Command
{
    private readonly Option<string> round = CliInput.Round();
    private readonly Option<string> formats = new("--formats") { Description = "de map met ingevulde formats (.xlsx)", HelpName = "MAP" };
    private readonly Option<bool> json = CliInput.Json();
    private readonly Option<string> xlsx = CliInput.Xlsx();
    private readonly Option<string> asOf = CliInput.AsOf();

    public TariffsCommand() : base("tariffs", "bereken de genormeerde tarieven uit een map formats")
    {
        Options.Add(round);
        Options.Add(formats);
        Options.Add(json);
        Options.Add(xlsx);
        Options.Add(asOf);
        SetAction(Run);
    }

    private int Run(ParseResult parsed)
    {
        var configuration = CliInput.LoadRound(parsed.Required(round));
        var day = parsed.AsOf(asOf);
        var folder = parsed.Required(formats);
        var files = CliInput.Workbooks(folder);
        if (files.Count == 0) throw new UsageException($"in '{folder}' staan geen formats (.xlsx-bestanden).");
        var workbook = parsed.GetValue(xlsx);

        var checkedFiles = FolderProgress.Run(files, "Formats", parsed.Error(), path =>
        {
            var (overview, format) = FormatCheck.Run(path, configuration, day);
            return (File: path, Overview: overview, Format: format);
        });

        // A newer file of the same provider supersedes the older one, as a repair upload does.
        var latest = checkedFiles.Where(c => !c.Format.IsRejected)
            .GroupBy(c => c.Format.Agb)
            .Select(g => g.OrderByDescending(c => File.GetLastWriteTimeUtc(c.File)).ThenByDescending(c => c.File, StringComparer.Ordinal).First())
            .ToList();
        var overviews = checkedFiles
            .Select(c => c.Format.IsRejected || latest.Contains(c) ? c.Overview : c.Overview with { Status = "superseded" })
            .ToList();

        var result = RoundCalculation.Run(configuration, latest.Select(c => c.Format).ToList());
        if (workbook is not null)
            using (var file = CliInput.Create(workbook)) ResultWorkbookWriter.Write($"Genormeerde tarieven {configuration.Name}", result, overviews, file);

        if (parsed.GetValue(json))
        {
            parsed.Out().WriteLine(JsonSerializer.Serialize(new
            {
                round = configuration.Round,
                result.Tariffs,
                result.Trajectories,
                result.Norms,
                formats = overviews.Select(FormatCheck.Json),
            }, ResultJson.Indented));
        }
        else Report.Tariffs(configuration, result, overviews, parsed.Out());
        return 0;
    }
}
