using System.CommandLine;
using System.Text.Json;
using Inkoop.Domain;

namespace Inkoop.Cli.Commands;

/// <summary>
/// `inkoop validate --round round.json [--json] [--as-of JJJJ-MM-DD] FILE.xlsx...`: one report per file. Exit code 3
/// when a file was refused (not read at all), else 1 when a file has error findings, else 0.
/// </summary>
public sealed class ValidateCommand : Command
{
    private readonly Option<string> round = CliInput.Round();
    private readonly Option<bool> json = CliInput.Json();
    private readonly Option<string> asOf = CliInput.AsOf();
    // Zero or more, so that "at least one" is reported in Dutch rather than by the parser.
    private readonly Argument<string[]> files = new("FILE.xlsx") { Description = "de te controleren formats", Arity = ArgumentArity.ZeroOrMore };

    public ValidateCommand() : base("validate",
        "controleer ingevulde formats, één rapport per bestand. Exitcode 0: alle bestanden zonder fouten; " +
        "1: een bestand heeft fouten; 3: een bestand is geweigerd (niet gelezen); 2: onbruikbare invoer")
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
        if (given.Length == 0) throw new UsageException("geef minstens één te controleren bestand (FILE.xlsx).");
        if (given.FirstOrDefault(f => !File.Exists(f)) is { } missing) throw new UsageException($"bestand '{missing}' bestaat niet.");

        var checks = given.Select(path => FormatCheck.Run(path, configuration, day)).ToList();
        var o = parsed.Out();
        if (parsed.GetValue(json))
        {
            // One file: its report as an object (as before); several: an array of them, in the order given.
            object body = checks.Count == 1 ? FormatCheck.Json(checks[0].Overview) : checks.Select(c => FormatCheck.Json(c.Overview)).ToList();
            o.WriteLine(JsonSerializer.Serialize(body, ResultJson.Indented));
        }
        else
        {
            for (var i = 0; i < checks.Count; i++)
            {
                if (i > 0) o.WriteLine();
                Report.Format(checks[i].Overview, o);
            }
        }
        return checks.Any(c => c.Format.IsRejected) ? ExitCodes.Refused
            : checks.Any(c => c.Format.HasErrors) ? ExitCodes.ErrorFindings
            : ExitCodes.Ok;
    }
}
