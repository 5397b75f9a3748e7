using System.CommandLine;

namespace Inkoop.Cli.Commands;

/// <summary>`inkoop demo [--url http://127.0.0.1:7071] [--key SLEUTEL]`: loads the demo data into a running app over its HTTP API.</summary>
public sealed class DemoCommand : Command
{
    private readonly Option<string> url = new("--url") { Description = "de draaiende app (ook INKOOP_URL)", HelpName = "http://127.0.0.1:7071" };
    private readonly Option<string> key = new("--key") { Description = "de functiesleutel (ook INKOOP_KEY)", HelpName = "SLEUTEL" };

    public DemoCommand() : base("demo", "laad de demogegevens via de HTTP-API van een draaiende app (./run.sh), " +
        "of schrijf ze naar een map: demo formats|bids|realisation --out MAP")
    {
        Options.Add(url);
        Options.Add(key);
        SetAction(Run);
        Subcommands.Add(new DemoFilesCommand("formats", "schrijf de ingevulde demo-formats en round.json naar een map", DemoFiles.WriteFormats,
            "inkoop tariffs --round {0}/round.json --formats {0}/formats"));
        Subcommands.Add(new DemoFilesCommand("bids", "schrijf de demo-inschrijvingen, tender.json en tariffs.json naar een map", DemoFiles.WriteBids,
            "inkoop bids --tender {0}/tender.json --tariffs {0}/tariffs.json --bids {0}/inschrijvingen"));
        Subcommands.Add(new DemoFilesCommand("realisation", "schrijf de demo-realisatierapporten, lumpsums.json en tariffs.json naar een map",
            DemoFiles.WriteRealisation,
            $"inkoop lumpsum --config {{0}}/lumpsums.json --tariffs {{0}}/tariffs.json --realisation {{0}}/realisatie --year {Inkoop.Excel.DemoLumpsums.Year} --quarter 4"));
    }

    private async Task<int> Run(ParseResult parsed, CancellationToken ct)
    {
        var address = parsed.GetValue(url) ?? Environment.GetEnvironmentVariable("INKOOP_URL") ?? "http://127.0.0.1:7071";
        if (!Uri.TryCreate(address, UriKind.Absolute, out var baseAddress) || baseAddress.Scheme is not ("http" or "https"))
            throw new UsageException($"--url '{address}' is geen http(s)-adres.");
        var functionKey = parsed.GetValue(key) ?? Environment.GetEnvironmentVariable("INKOOP_KEY");
        return await DemoLoader.RunAsync(baseAddress, functionKey, parsed.Out(), parsed.Error(), ct);
    }
}

/// <summary>`inkoop demo formats|bids|realisation --out MAP`: the demo's filled-in files on disk (<see cref="DemoFiles"/>).</summary>
public sealed class DemoFilesCommand : Command
{
    private readonly Option<string> output = new("--out") { Description = "de map om in te schrijven (wordt gemaakt)", HelpName = "MAP" };
    private readonly Func<string, IReadOnlyList<string>> write;
    private readonly string tryWith;

    public DemoFilesCommand(string name, string description, Func<string, IReadOnlyList<string>> write, string tryWith) : base(name, description)
    {
        this.write = write;
        this.tryWith = tryWith;
        Options.Add(output);
        SetAction(Run);
    }

    private int Run(ParseResult parsed)
    {
        var folder = parsed.Required(output);
        var written = write(folder);
        parsed.Out().WriteLine($"{written.Count} bestanden geschreven naar {folder}. Probeer:");
        parsed.Out().WriteLine("  " + string.Format(System.Globalization.CultureInfo.InvariantCulture, tryWith, folder.TrimEnd('/')));
        return ExitCodes.Ok;
    }
}
