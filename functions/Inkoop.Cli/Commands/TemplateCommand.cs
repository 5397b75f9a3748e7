using System.CommandLine;
using Inkoop.Excel;

namespace Inkoop.Cli.Commands;

/// <summary>`inkoop template --round round.json --out format.xlsx`: the empty format of a round.</summary>
public sealed class TemplateCommand : Command
{
    private readonly Option<string> round = CliInput.Round();
    private readonly Option<string> output = new("--out") { Description = "waar het format komt", HelpName = "format.xlsx" };

    public TemplateCommand() : base("template", "schrijf het lege format van een ronde")
    {
        Options.Add(round);
        Options.Add(output);
        SetAction(Run);
    }

    private int Run(ParseResult parsed)
    {
        var configuration = CliInput.LoadRound(parsed.Required(round));
        var path = parsed.Required(output);
        using (var file = CliInput.Create(path)) TemplateWriter.Write(configuration, file);
        parsed.Out().WriteLine($"Format voor ronde {configuration.Round} geschreven naar {path}.");
        return 0;
    }
}
