namespace Inkoop.Cli;

/// <summary>The `inkoop` command line: parses the arguments and runs one command.</summary>
public static class InkoopCommand
{
    public const string Usage = """
        inkoop: tarievenonderzoek offline

          inkoop template --round round.json --out format.xlsx
          inkoop validate --round round.json [--json] FILE.xlsx
          inkoop tariffs  --round round.json --formats DIR [--json] [--xlsx out.xlsx]
        """;

    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        stderr.WriteLine(Usage);
        return Task.FromResult(2);
    }
}
