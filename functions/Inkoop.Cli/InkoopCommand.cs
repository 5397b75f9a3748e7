using System.Text.Json;
using Inkoop.Domain;
using Inkoop.Domain.Formats;
using Inkoop.Domain.Rounds;
using Inkoop.Domain.Tariffs;
using Inkoop.Excel;

namespace Inkoop.Cli;

/// <summary>
/// The `inkoop` command line. Exit codes: 0 success; 1 the checked format has errors (validate);
/// 2 unusable input (a one-line reason on stderr).
/// </summary>
public static class InkoopCommand
{
    public const string Usage = """
        inkoop: tarievenonderzoek offline

          inkoop template --round round.json --out format.xlsx
          inkoop validate --round round.json [--json] [--as-of JJJJ-MM-DD] FILE.xlsx
          inkoop tariffs  --round round.json --formats MAP [--json] [--xlsx uit.xlsx] [--as-of JJJJ-MM-DD]
          inkoop demo     [--url http://127.0.0.1:7071] [--key SLEUTEL]

        demo laadt de demoronde via de HTTP-API van een draaiende app (./run.sh); de sleutel mag ook in INKOOP_KEY.

        validate geeft exitcode 1 als het format fouten bevat.
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            var command = CommandLine.Parse(args);
            return command.Name switch
            {
                "template" => Template(command, stdout),
                "validate" => Validate(command, stdout),
                "tariffs" => Tariffs(command, stdout),
                "demo" => await Demo(command, stdout, stderr),
                "help" or "--help" or "-h" => Help(stdout),
                _ => throw new UsageException($"onbekende opdracht '{command.Name}'. Kies template, validate, tariffs of demo."),
            };
        }
        catch (UsageException e)
        {
            await stderr.WriteLineAsync("inkoop: " + e.Message);
            return 2;
        }
        catch (RoundConfigurationException e)
        {
            await stderr.WriteLineAsync("inkoop: ongeldige rondeconfiguratie: " + string.Join(" ", e.Errors));
            return 2;
        }
    }

    private static int Help(TextWriter stdout)
    {
        stdout.WriteLine(Usage);
        return 0;
    }

    private static async Task<int> Demo(CommandLine command, TextWriter stdout, TextWriter stderr)
    {
        var url = command.Optional("--url") ?? Environment.GetEnvironmentVariable("INKOOP_URL") ?? "http://127.0.0.1:7071";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseAddress) || baseAddress.Scheme is not ("http" or "https"))
            throw new UsageException($"--url '{url}' is geen http(s)-adres.");
        var key = command.Optional("--key") ?? Environment.GetEnvironmentVariable("INKOOP_KEY");
        return await DemoLoader.RunAsync(baseAddress, key, stdout, stderr);
    }

    private static int Template(CommandLine command, TextWriter stdout)
    {
        var round = LoadRound(command);
        var path = command.Required("--out");
        using (var file = Create(path)) TemplateWriter.Write(round, file);
        stdout.WriteLine($"Format voor ronde {round.Round} geschreven naar {path}.");
        return 0;
    }

    private static int Validate(CommandLine command, TextWriter stdout)
    {
        var round = LoadRound(command);
        var asOf = command.AsOf();
        var path = command.SingleArgument("het te controleren bestand (FILE.xlsx)");
        if (!File.Exists(path)) throw new UsageException($"bestand '{path}' bestaat niet.");

        var overview = Check(path, round, asOf, out var format);
        if (command.Has("--json")) stdout.WriteLine(JsonSerializer.Serialize(FormatJson(overview), ResultJson.Indented));
        else Report.Format(overview, stdout);
        return format.HasErrors ? 1 : 0;
    }

    private static int Tariffs(CommandLine command, TextWriter stdout)
    {
        var round = LoadRound(command);
        var asOf = command.AsOf();
        var folder = command.Required("--formats");
        if (!Directory.Exists(folder)) throw new UsageException($"'{folder}' is geen map.");
        var files = Directory.GetFiles(folder, "*.xlsx").Where(f => !Path.GetFileName(f).StartsWith("~$")).Order(StringComparer.Ordinal).ToList();
        var xlsx = command.Optional("--xlsx");

        var checkedFiles = files.Select(f => (File: f, Overview: Check(f, round, asOf, out var format), Format: format)).ToList();

        // A newer file of the same provider supersedes the older one, as a repair upload does.
        var latest = checkedFiles.Where(c => !c.Format.IsRejected)
            .GroupBy(c => c.Format.Agb)
            .Select(g => g.OrderByDescending(c => File.GetLastWriteTimeUtc(c.File)).ThenByDescending(c => c.File, StringComparer.Ordinal).First())
            .ToList();
        var overviews = checkedFiles
            .Select(c => c.Format.IsRejected || latest.Contains(c) ? c.Overview : c.Overview with { Status = "superseded" })
            .ToList();

        var result = RoundCalculation.Run(round, latest.Select(c => c.Format).ToList());
        if (xlsx is not null)
            using (var file = Create(xlsx)) ResultWorkbookWriter.Write($"Genormeerde tarieven {round.Name}", result, overviews, file);

        if (command.Has("--json"))
        {
            stdout.WriteLine(JsonSerializer.Serialize(new
            {
                round = round.Round,
                result.Tariffs,
                result.Trajectories,
                result.Norms,
                formats = overviews.Select(FormatJson),
            }, ResultJson.Indented));
        }
        else Report.Tariffs(round, result, overviews, stdout);
        return 0;
    }

    private static FormatOverview Check(string path, RoundConfiguration round, DateOnly asOf, out ProviderFormat format)
    {
        using (var file = File.OpenRead(path)) format = FormatIntake.Validate(file, round);
        return new FormatOverview(Path.GetFileName(path), format.Agb, format.Name,
            FormatStatuses.Name(FormatStatuses.Of(format, round, asOf)), format.Findings);
    }

    private static object FormatJson(FormatOverview o) => new
    {
        file = o.Source,
        o.Agb,
        o.Name,
        o.Status,
        findings = o.Findings,
    };

    private static RoundConfiguration LoadRound(CommandLine command)
    {
        var path = command.Required("--round");
        if (!File.Exists(path)) throw new UsageException($"rondeconfiguratie '{path}' bestaat niet.");
        return RoundConfigurationParser.Parse(File.ReadAllText(path));
    }

    private static FileStream Create(string path)
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

public sealed class UsageException(string message) : Exception(message);
