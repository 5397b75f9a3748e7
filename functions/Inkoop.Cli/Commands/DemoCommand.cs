using System.CommandLine;

namespace Inkoop.Cli.Commands;

/// <summary>`inkoop demo [--url http://127.0.0.1:7071] [--key SLEUTEL]`: loads the demo data into a running app over its HTTP API.</summary>
public sealed class DemoCommand : Command
{
    private readonly Option<string> url = new("--url") { Description = "de draaiende app (ook INKOOP_URL)", HelpName = "http://127.0.0.1:7071" };
    private readonly Option<string> key = new("--key") { Description = "de functiesleutel (ook INKOOP_KEY)", HelpName = "SLEUTEL" };

    public DemoCommand() : base("demo", "laad de demogegevens via de HTTP-API van een draaiende app (./run.sh)")
    {
        Options.Add(url);
        Options.Add(key);
        SetAction(Run);
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
