using Inkoop.Domain;
using System.CommandLine;
using System.CommandLine.Parsing;
using Inkoop.Cli.Commands;
using Inkoop.Domain.Bids;
using Inkoop.Domain.Lumpsums;
using Inkoop.Domain.Rounds;
using Inkoop.Domain.Tariffs;

namespace Inkoop.Cli;

/// <summary>
/// The `inkoop` command line. Exit codes (<see cref="ExitCodes"/>): 0 success; 1 a checked format has error findings
/// (validate); 2 unusable input (a one-line reason on stderr); 3 a checked format was refused, not read (validate).
/// </summary>
public static class InkoopCommand
{
    /// <summary>Every command, registered here and only here; each lives in its own file under Commands/.</summary>
    private static RootCommand Build() => DutchHelp.Apply(new("inkoop: tarievenonderzoek en aanbesteding offline. Exitcode 0: gelukt; 2: onbruikbare invoer " +
        "(een regel uitleg op stderr); validate: 1 een format heeft fouten, 3 een format is geweigerd")
    {
        new TemplateCommand(),
        new ValidateCommand(),
        new TariffsCommand(),
        new SensitivityCommand(),
        new BidsCommand(),
        new DemoCommand(),
        new LumpsumCommand(),
    });

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = Build();
        root.SetAction(int (_) => throw new UsageException($"geen opdracht. Kies {CommandNames(root)} (inkoop --help)."));
        // `inkoop help` as well as `inkoop --help`.
        var parsed = root.Parse(args is ["help"] ? ["--help"] : args);
        try
        {
            if (parsed.Errors.Count > 0) throw new UsageException(Dutch(parsed, root));
            if (DutchHelp.IsHelp(parsed))
            {
                var help = new StringWriter();
                var shown = await parsed.InvokeAsync(new InvocationConfiguration { Output = help, Error = stderr });
                await stdout.WriteAsync(DutchHelp.Translate(help.ToString()));
                return shown;
            }
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (UsageException e)
        {
            return await Unusable(stderr, e.Message);
        }
        catch (ConfigurationException e)
        {
            return await Unusable(stderr, e.Invalid + ": " + string.Join(" ", e.Errors));
        }
    }

    private static async Task<int> Unusable(TextWriter stderr, string reason)
    {
        // One line, whatever the reason held.
        await stderr.WriteLineAsync("inkoop: " + reason.ReplaceLineEndings(" "));
        return ExitCodes.Unusable;
    }

    private static string CommandNames(RootCommand root) => string.Join(", ", root.Subcommands.Select(c => c.Name));

    /// <summary>The first parse error in Dutch: System.CommandLine ships no Dutch resources.</summary>
    private static string Dutch(ParseResult parsed, RootCommand root)
    {
        if (parsed.UnmatchedTokens.FirstOrDefault() is { } token)
        {
            if (token.StartsWith('-')) return $"onbekende optie '{token}'.";
            return parsed.CommandResult.Command == root
                ? $"onbekende opdracht '{token}'. Kies {CommandNames(root)}."
                : $"onverwacht argument '{token}'.";
        }
        var error = parsed.Errors[0];
        return error.SymbolResult is OptionResult option ? $"{option.Option.Name} mist een waarde." : error.Message;
    }
}

public sealed class UsageException(string message) : Exception(message);
