using System.CommandLine;
using System.CommandLine.Help;
using System.Text.RegularExpressions;

namespace Inkoop.Cli;

/// <summary>
/// System.CommandLine ships no Dutch resources: its help says "Usage", "Options", "Show help and usage information".
/// The library writes its own help (its layout stays), and its few fixed words are put in Dutch.
/// </summary>
public static partial class DutchHelp
{
    private static readonly (string English, string Dutch)[] Words =
    [
        ("Description:", "Beschrijving:"),
        ("Usage:", "Gebruik:"),
        ("Arguments:", "Argumenten:"),
        ("Options:", "Opties:"),
        ("Commands:", "Opdrachten:"),
        ("[options]", "[opties]"),
        ("[command]", "[opdracht]"),
    ];

    /// <summary>The help and version options of the tree (the root's, shared by every command) described in Dutch.</summary>
    public static RootCommand Apply(RootCommand root)
    {
        foreach (var option in root.Options)
        {
            if (option is HelpOption) option.Description = "toon deze hulp";
            else if (option is VersionOption) option.Description = "toon het versienummer";
        }
        return root;
    }

    public static bool IsHelp(ParseResult parsed) => parsed.Action is HelpAction;

    /// <summary>The library's help text with its fixed words in Dutch.</summary>
    public static string Translate(string help)
    {
        foreach (var (english, dutch) in Words) help = help.Replace(english, dutch);
        return Default().Replace(help, "[standaard: $1]");
    }

    [GeneratedRegex(@"\[default: ([^\]]*)\]")]
    private static partial Regex Default();
}
