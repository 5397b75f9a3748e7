using Inkoop.Domain.Formats;
using Inkoop.Domain.Rounds;
using Inkoop.Excel;

namespace Inkoop.Cli.Commands;

/// <summary>One format file checked the way the API checks an upload, and its overview as the CLI prints it.</summary>
internal static class FormatCheck
{
    public static (FormatOverview Overview, ProviderFormat Format) Run(string path, RoundConfiguration round, DateOnly asOf)
    {
        ProviderFormat format;
        using (var file = File.OpenRead(path)) format = FormatIntake.Validate(file, round);
        var overview = new FormatOverview(Path.GetFileName(path), format.Agb, format.Name,
            FormatStatuses.Name(FormatStatuses.Of(format, round, asOf)), format.Findings);
        return (overview, format);
    }

    public static object Json(FormatOverview o) => new
    {
        file = o.Source,
        o.Agb,
        o.Name,
        o.Status,
        findings = o.Findings,
    };
}
