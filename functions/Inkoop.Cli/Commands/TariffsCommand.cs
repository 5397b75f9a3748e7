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
    private readonly Option<string> formats = CliInput.Formats();
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
        var workbook = parsed.GetValue(xlsx);
        var (latest, overviews) = FormatFolder.Read(parsed.Required(formats), configuration, day, parsed.Error());

        var result = RoundCalculation.Run(configuration, latest);
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
                result.Indexation,
            }, ResultJson.Indented));
        }
        else Report.Tariffs(configuration, result, overviews, parsed.Out());
        return 0;
    }
}
