using System.Diagnostics;
using Inkoop.Cli;
using Inkoop.Domain.Bids;
using Inkoop.Domain.Rounds;
using Inkoop.Domain.Tariffs;
using Inkoop.Excel;

namespace Inkoop.Benchmarks;

/// <summary>
/// Issue 9's target: analysis of 500 bid files x 20 lines under 5 s (read + analyse). Measured twice: `inkoop bids --json`
/// end to end on every core (as an analyst runs it), and read + validate + analyse on one core.
/// </summary>
public static class BidBenchmark
{
    private const int Files = 500;
    private const int Lines = 20;

    public static async Task<int> RunAsync()
    {
        var dir = Directory.CreateTempSubdirectory("inkoop-bid-bench-").FullName;
        try
        {
            var products = Enumerable.Range(1, Lines).Select(i => $"45B{i:D2}").ToList();
            var round = RoundConfigurationParser.Parse($$"""
                { "round": "bench", "referenceYear": 2023, "products": [ {{string.Join(",", products.Select(p => $$"""{ "code": "{{p}}", "unit": "uur" }"""))}} ] }
                """);
            var tenderJson = """{ "tender": "bench-t1", "round": "bench", "lots": [ { "code": "AMB" } ] }""";
            var tender = TenderConfigurationParser.Parse(tenderJson);
            var tariffs = ReferenceTariffs.Of(products.Select((p, i) => new ReferenceTariff(p, 60m + i, null)));
            var tariffsJson = "{ \"tariffs\": [" + string.Join(",", products.Select((p, i) => $$"""{ "product": "{{p}}", "tariff": {{60 + i}} }""")) + "] }";
            File.WriteAllText(Path.Combine(dir, "tender.json"), tenderJson);
            File.WriteAllText(Path.Combine(dir, "tariffs.json"), tariffsJson);

            using var template = new MemoryStream();
            BidTemplateWriter.Write(tender, round, template);
            var bids = Directory.CreateDirectory(Path.Combine(dir, "bids")).FullName;
            var random = new Random(9);
            for (var f = 0; f < Files; f++)
            {
                var values = new BidValues(
                    new Dictionary<string, object?> { ["Perceel"] = "AMB", ["Inschrijver_AGB"] = (10_000_000 + f).ToString(), ["Inschrijver_Naam"] = $"Aanbieder {f}" },
                    products.Select((p, i) => (p, (object?)Math.Round((60m + i) * (0.8m + (decimal)random.NextDouble() * 0.4m), 2), (object?)(decimal)random.Next(0, 5000))).ToList());
                using var output = File.Create(Path.Combine(bids, $"bid-{f:D3}.xlsx"));
                BidFiller.Fill(new MemoryStream(template.ToArray()), values, output);
            }
            var size = new DirectoryInfo(bids).GetFiles().Sum(f => f.Length);
            Console.WriteLine($"{Files} bid files x {Lines} lines generated ({size / 1024} KiB); {Environment.ProcessorCount} cores");

            string[] args = ["bids", "--tender", Path.Combine(dir, "tender.json"), "--tariffs", Path.Combine(dir, "tariffs.json"), "--bids", bids, "--json"];
            var cli = Measure(1, 3, () =>
            {
                var code = InkoopCommand.RunAsync(args, TextWriter.Null, Console.Error).GetAwaiter().GetResult();
                if (code != 0) throw new InvalidOperationException($"inkoop bids exited {code}");
            });
            Console.WriteLine($"inkoop bids --json, {Files} files x {Lines} lines, all cores: median {Median(cli.Wall):F0} ms wall, {Median(cli.Cpu):F0} ms CPU (target < 5,000 ms)");

            var files = Directory.GetFiles(bids).Order(StringComparer.Ordinal).ToList();
            var single = Measure(1, 3, () =>
            {
                var analysed = files.Select(path =>
                {
                    using var file = File.OpenRead(path);
                    var bid = BidIntake.Validate(file, tender);
                    if (bid.Status != BidStatus.Accepted) throw new InvalidOperationException($"{path}: {bid.Status}");
                    return (Path.GetFileName(path), BidAnalysis.Of(bid, tender, tariffs));
                }).ToList();
                BidsReport.Of(tender, analysed);
            });
            Console.WriteLine($"read + validate + analyse, {Files} files x {Lines} lines, one thread: median {Median(single.Wall):F0} ms wall, {Median(single.Cpu):F0} ms CPU (target < 5,000 ms)");
            await Task.CompletedTask;
            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Wall-clock and the process's CPU time per run: on a shared, loaded machine the CPU time is the steadier figure.</summary>
    private static (List<double> Wall, List<double> Cpu) Measure(int warmup, int runs, Action action)
    {
        for (var i = 0; i < warmup; i++) action();
        var (wall, cpu) = (new List<double>(), new List<double>());
        var process = Process.GetCurrentProcess();
        for (var i = 0; i < runs; i++)
        {
            process.Refresh();
            var before = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            action();
            wall.Add(watch.Elapsed.TotalMilliseconds);
            process.Refresh();
            cpu.Add((process.TotalProcessorTime - before).TotalMilliseconds);
        }
        return (wall, cpu);
    }

    private static double Median(List<double> times) => times.Order().ElementAt(times.Count / 2);
}
