using System.CommandLine;
using System.Globalization;
using Inkoop.Domain.Rounds;
using Inkoop.Domain.Tariffs;

namespace Inkoop.Cli;

/// <summary>The options several commands share and the checks on what they name, each failing with a Dutch <see cref="UsageException"/>.</summary>
public static class CliInput
{
    public static Option<string> Round() => new("--round") { Description = "de rondeconfiguratie (JSON)", HelpName = "round.json" };

    public static Option<string> Formats() => new("--formats") { Description = "de map met ingevulde formats (.xlsx)", HelpName = "MAP" };

    public static Option<bool> Json() => new("--json") { Description = "schrijf het resultaat als JSON" };

    public static Option<string> Xlsx() => new("--xlsx") { Description = "schrijf het resultaat ook als werkmap", HelpName = "uit.xlsx" };

    public static Option<string> AsOf() => new("--as-of") { Description = "de dag die herstel of uitsluiting bepaalt (standaard vandaag)", HelpName = "JJJJ-MM-DD" };

    /// <summary>An option the command cannot do without; not marked Required so the reason stays Dutch.</summary>
    public static string Required(this ParseResult parsed, Option<string> option) =>
        parsed.GetValue(option) ?? throw new UsageException($"{option.Name} ontbreekt (inkoop --help).");

    public static TextWriter Out(this ParseResult parsed) => parsed.InvocationConfiguration.Output;

    public static TextWriter Error(this ParseResult parsed) => parsed.InvocationConfiguration.Error;

    /// <summary>The day that decides repairNeeded or closedWithExclusions; today unless --as-of says otherwise.</summary>
    public static DateOnly AsOf(this ParseResult parsed, Option<string> option)
    {
        var text = parsed.GetValue(option);
        if (text is null) return DateOnly.FromDateTime(DateTime.Today);
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new UsageException($"--as-of '{text}' is geen datum JJJJ-MM-DD.");
    }

    public static RoundConfiguration LoadRound(string path) =>
        RoundConfigurationParser.Parse(ReadText(path, "rondeconfiguratie"));

    public static ReferenceTariffs LoadTariffs(string path) =>
        ReferenceTariffsParser.Parse(ReadText(path, "tarievenbestand"));

    public static string ReadText(string path, string what)
    {
        if (!File.Exists(path)) throw new UsageException($"{what} '{path}' bestaat niet.");
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"kan {what} '{path}' niet lezen: {e.Message}");
        }
    }

    /// <summary>The workbooks (.xlsx, .xlsm) in a folder in name order, without Excel's lock files (~$...).</summary>
    public static IReadOnlyList<string> Workbooks(string folder)
    {
        if (!Directory.Exists(folder)) throw new UsageException($"'{folder}' is geen map.");
        return Directory.GetFiles(folder).Where(IsWorkbook).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// An Excel workbook we read: .xlsx, or .xlsm (a macro-enabled type; the reader refuses it only when it holds
    /// macros). Excel's lock files (~$...) are not.
    /// </summary>
    public static bool IsWorkbook(string path) =>
        !Path.GetFileName(path).StartsWith("~$")
        && (path.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".xlsm", StringComparison.OrdinalIgnoreCase));

    public static FileStream Create(string path)
    {
        try
        {
            return File.Create(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"kan '{path}' niet schrijven: {e.Message}");
        }
    }
}
