using Inkoop.Cli.Commands;
using Inkoop.Domain.Formats;
using Inkoop.Domain.Rounds;

namespace Inkoop.Cli;

/// <summary>
/// A folder of formats read the way the API reads uploads: every file validated against the round, a broken file its
/// own finding, and of two files of one provider the newer one counting (as a repair upload does).
/// </summary>
public static class FormatFolder
{
    public sealed record Contents(IReadOnlyList<ProviderFormat> Latest, IReadOnlyList<FormatOverview> Overviews);

    /// <summary>Unusable input (a <see cref="UsageException"/>) when the folder holds no format at all.</summary>
    public static Contents Read(string folder, RoundConfiguration round, DateOnly day, TextWriter stderr)
    {
        var files = CliInput.Workbooks(folder);
        if (files.Count == 0) throw new UsageException($"in '{folder}' staan geen formats (.xlsx-bestanden).");
        var checkedFiles = FolderProgress.Run(files, "Formats", stderr, path =>
        {
            var (overview, format) = FormatCheck.Run(path, round, day);
            return (File: path, Overview: overview, Format: format);
        });

        var latest = checkedFiles.Where(c => !c.Format.IsRejected)
            .GroupBy(c => c.Format.Agb)
            .Select(g => g.OrderByDescending(c => File.GetLastWriteTimeUtc(c.File)).ThenByDescending(c => c.File, StringComparer.Ordinal).First())
            .ToList();
        var overviews = checkedFiles
            .Select(c => c.Format.IsRejected || latest.Contains(c) ? c.Overview : c.Overview with { Status = "superseded" })
            .ToList();
        return new Contents(latest.Select(c => c.Format).ToList(), overviews);
    }
}
