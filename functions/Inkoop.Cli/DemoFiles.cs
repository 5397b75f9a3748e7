using System.Text.Json;
using Inkoop.Domain;
using Inkoop.Domain.Bids;
using Inkoop.Domain.Rounds;
using Inkoop.Domain.Tariffs;
using Inkoop.Excel;

namespace Inkoop.Cli;

/// <summary>
/// The demo's filled-in files on disk, for trying the command line without a running app: the same formats, bids and
/// realisation reports <c>inkoop demo</c> uploads, with the configuration files the commands take. Bids and realisation
/// are priced at the tariffs the demo's formats give (computed here as the app computes them).
/// </summary>
public static class DemoFiles
{
    /// <summary>round.json and formats/format-AGB.xlsx (62 providers, a few with errors).</summary>
    public static IReadOnlyList<string> WriteFormats(string folder)
    {
        var round = RoundConfigurationParser.Parse(DemoFormats.RoundJson);
        var written = new List<string> { Write(folder, "round.json", DemoFormats.RoundJson) };
        var template = Template(round);
        foreach (var format in DemoFormats.Research2023())
            written.Add(Write(Path.Combine(folder, "formats"), $"format-{format.Agb}.xlsx", output =>
                FormatFiller.Fill(new MemoryStream(template, writable: false), format.Values, output)));
        return written;
    }

    /// <summary>tender.json, tariffs.json (the demo round's tariffs) and inschrijvingen/bid-AGB-LOT.xlsx.</summary>
    public static IReadOnlyList<string> WriteBids(string folder)
    {
        var (round, tariffs) = Tariffs();
        var tender = TenderConfigurationParser.Parse(DemoBids.TenderJson);
        var written = new List<string> { Write(folder, "tender.json", DemoBids.TenderJson), WriteTariffs(folder, round, tariffs) };
        using var templateFile = new MemoryStream();
        BidTemplateWriter.Write(tender, round, templateFile);
        var template = templateFile.ToArray();
        foreach (var (agb, lot, values) in DemoBids.Bids(tariffs.Tariffs.ToDictionary(t => t.Product, t => t.Tariff)))
            written.Add(Write(Path.Combine(folder, "inschrijvingen"), $"bid-{agb}-{lot}.xlsx", output =>
                BidFiller.Fill(new MemoryStream(template, writable: false), values, output)));
        return written;
    }

    /// <summary>lumpsums.json, tariffs.json and realisatie/realisatie-AGB-SEGMENT-kQ.xlsx (the year's quarterly reports).</summary>
    public static IReadOnlyList<string> WriteRealisation(string folder)
    {
        var (round, tariffs) = Tariffs();
        var written = new List<string> { Write(folder, "lumpsums.json", DemoLumpsums.ConfigurationJson), WriteTariffs(folder, round, tariffs) };
        foreach (var (key, rows) in DemoLumpsums.Reports(tariffs.Tariffs.ToDictionary(t => t.Product, t => t.Tariff)))
            written.Add(Write(Path.Combine(folder, "realisatie"), $"realisatie-{key.Agb}-{key.Segment}-k{key.Quarter}.xlsx", output =>
                RealisationWorkbookWriter.Write(key, rows, output)));
        return written;
    }

    private static byte[] Template(RoundConfiguration round)
    {
        using var output = new MemoryStream();
        TemplateWriter.Write(round, output);
        return output.ToArray();
    }

    /// <summary>The demo round's tariffs from its formats, read and validated as an upload is.</summary>
    private static (RoundConfiguration Round, TariffResult Tariffs) Tariffs()
    {
        var round = RoundConfigurationParser.Parse(DemoFormats.RoundJson);
        var template = Template(round);
        var formats = DemoFormats.Research2023().Select(f =>
        {
            using var filled = new MemoryStream();
            FormatFiller.Fill(new MemoryStream(template, writable: false), f.Values, filled);
            filled.Position = 0;
            return FormatIntake.Validate(filled, round);
        }).OrderBy(f => f.Agb, StringComparer.Ordinal).ToList();
        return (round, RoundCalculation.Run(round, formats));
    }

    /// <summary>tariffs.json as <c>inkoop tariffs --json</c> writes its tariffs (what --tariffs of bids and lumpsum reads).</summary>
    private static string WriteTariffs(string folder, RoundConfiguration round, TariffResult result) =>
        Write(folder, "tariffs.json", JsonSerializer.Serialize(new { round = round.Round, result.Tariffs, result.Trajectories }, ResultJson.Indented));

    private static string Write(string folder, string name, string text) => Write(folder, name, output =>
    {
        using var writer = new StreamWriter(output, leaveOpen: true);
        writer.Write(text);
    });

    private static string Write(string folder, string name, Action<Stream> write)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        using (var file = CliInput.Create(path)) write(file);
        return path;
    }
}
