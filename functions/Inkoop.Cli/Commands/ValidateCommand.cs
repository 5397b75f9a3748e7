using System.CommandLine;
using System.Text.Json;
using Inkoop.Domain;

namespace Inkoop.Cli.Commands;

/// <summary>`inkoop validate --round round.json [--json] [--as-of JJJJ-MM-DD] FILE.xlsx`: exit 1 when the format has errors.</summary>
public sealed class ValidateCommand : Command
{
    private readonly Option<string> round = CliInput.Round();
    private readonly Option<bool> json = CliInput.Json();
    private readonly Option<string> asOf = CliInput.AsOf();
    // Zero or more, so that "exactly one" is reported in Dutch rather than by the parser.
    private readonly Argument<string[]> files = new("FILE.xlsx") { Description = "het te controleren format", Arity = ArgumentArity.ZeroOrMore };

    public ValidateCommand() : base("validate", "controleer één ingevuld format (exitcode 1 bij fouten)")
    {
        Options.Add(round);
        Options.Add(json);
        Options.Add(asOf);
        Arguments.Add(files);
        SetAction(Run);
    }

    private int Run(ParseResult parsed)
    {
        var configuration = CliInput.LoadRound(parsed.Required(round));
        var day = parsed.AsOf(asOf);
        var given = parsed.GetValue(files) ?? [];
        if (given.Length != 1) throw new UsageException("geef precies één argument: het te controleren bestand (FILE.xlsx).");
        var path = given[0];
        if (!File.Exists(path)) throw new UsageException($"bestand '{path}' bestaat niet.");

        var (overview, format) = FormatCheck.Run(path, configuration, day);
        if (parsed.GetValue(json)) parsed.Out().WriteLine(JsonSerializer.Serialize(FormatCheck.Json(overview), ResultJson.Indented));
        else Report.Format(overview, parsed.Out());
        return format.HasErrors ? 1 : 0;
    }
}
