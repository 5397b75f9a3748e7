using System.Globalization;

namespace Inkoop.Cli;

/// <summary>A command name, its --options (with or without a value) and plain arguments.</summary>
public sealed class CommandLine
{
    private static readonly HashSet<string> Flags = ["--json"];
    private static readonly HashSet<string> Options = ["--round", "--out", "--formats", "--xlsx", "--as-of", "--url", "--key"];

    private readonly Dictionary<string, string?> options = new(StringComparer.Ordinal);
    private readonly List<string> arguments = [];

    public string Name { get; private init; } = "";

    public static CommandLine Parse(string[] args)
    {
        if (args.Length == 0) throw new UsageException("geen opdracht. Kies template, validate, tariffs of demo (inkoop help).");
        var line = new CommandLine { Name = args[0] };
        for (var i = 1; i < args.Length; i++)
        {
            var arg = args[i];
            if (Flags.Contains(arg)) line.options[arg] = null;
            else if (Options.Contains(arg))
            {
                if (i + 1 >= args.Length) throw new UsageException($"{arg} mist een waarde.");
                line.options[arg] = args[++i];
            }
            else if (arg.StartsWith("--")) throw new UsageException($"onbekende optie '{arg}'.");
            else line.arguments.Add(arg);
        }
        return line;
    }

    public bool Has(string flag) => options.ContainsKey(flag);

    public string? Optional(string option) => options.GetValueOrDefault(option);

    public string Required(string option) =>
        Optional(option) ?? throw new UsageException($"{option} ontbreekt (inkoop help).");

    public string SingleArgument(string what) => arguments.Count == 1
        ? arguments[0]
        : throw new UsageException($"geef precies één argument: {what}.");

    /// <summary>The day that decides repairNeeded or closedWithExclusions; today unless --as-of says otherwise.</summary>
    public DateOnly AsOf()
    {
        var text = Optional("--as-of");
        if (text is null) return DateOnly.FromDateTime(DateTime.Today);
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new UsageException($"--as-of '{text}' is geen datum JJJJ-MM-DD.");
    }
}
