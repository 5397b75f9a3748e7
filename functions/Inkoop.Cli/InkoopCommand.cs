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
/// The `inkoop` command line. Exit codes: 0 success; 1 the checked format has errors (validate);
/// 2 unusable input (a one-line reason on stderr).
/// </summary>
public static class InkoopCommand
{
    /// <summary>Every command, registered here and only here; each lives in its own file under Commands/.</summary>
    private static RootCommand Build() => new("inkoop: tarievenonderzoek en aanbesteding offline (exitcode 2: onbruikbare invoer)")
    {
        new TemplateCommand(),
        new ValidateCommand(),
        new TariffsCommand(),
        new BidsCommand(),
        new DemoCommand(),
        new LumpsumCommand(),
    };

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = Build();
        root.SetAction(int (_) => throw new UsageException($"geen opdracht. Kies {CommandNames(root)} (inkoop --help)."));
        // `inkoop help` as well as `inkoop --help`.
        var parsed = root.Parse(args is ["help"] ? ["--help"] : args);
        try
        {
            if (parsed.Errors.Count > 0) throw new UsageException(Dutch(parsed, root));
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
        return 2;
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
