using System.CommandLine;
using System.Text.Json;
using Inkoop.Domain;
using Inkoop.Domain.Tariffs;
using Inkoop.Excel;

namespace Inkoop.Cli.Commands;

/// <summary>
/// `inkoop sensitivity --round round.json --formats MAP [--json] [--xlsx uit.xlsx]`: what each norm choice does to each
/// tariff (indexation-and-sensitivity.md section 5).
/// </summary>
public sealed class SensitivityCommand : Command
{
    /// <summary>The text output shows per product this many variables, those that move the tariff most.</summary>
    public const int VariablesShown = 5;

    private readonly Option<string> round = CliInput.Round();
    private readonly Option<string> formats = CliInput.Formats();
    private readonly Option<bool> json = CliInput.Json();
    private readonly Option<string> xlsx = CliInput.Xlsx();

    public SensitivityCommand() : base("sensitivity", "wat elke normkeuze met elk tarief doet: per variabele de tarieven bij andere statistieken")
    {
        Options.Add(round);
        Options.Add(formats);
        Options.Add(json);
        Options.Add(xlsx);
        SetAction(Run);
    }

    private int Run(ParseResult parsed)
    {
        var configuration = CliInput.LoadRound(parsed.Required(round));
        var workbook = parsed.GetValue(xlsx);
        var (latest, _) = FormatFolder.Read(parsed.Required(formats), configuration, DateOnly.FromDateTime(DateTime.Today), parsed.Error());

        var result = TariffSensitivity.Compute(configuration, latest);
        if (workbook is not null)
            using (var file = CliInput.Create(workbook)) SensitivityWorkbookWriter.Write($"Gevoeligheid {configuration.Name}", result, file);

        if (parsed.GetValue(json)) parsed.Out().WriteLine(JsonSerializer.Serialize(result, ResultJson.Indented));
        else Report.Sensitivity(configuration, result, VariablesShown, parsed.Out());
        return 0;
    }
}
