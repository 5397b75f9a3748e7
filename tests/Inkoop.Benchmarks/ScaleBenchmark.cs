using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Inkoop.Domain;
using Inkoop.Domain.Formats;
using Inkoop.Domain.Normalisation;
using Inkoop.Domain.Rounds;
using Inkoop.Domain.Tariffs;
using Inkoop.Excel;

namespace Inkoop.Benchmarks;

/// <summary>
/// Issue 19 part 1: normalisation + tariffs of 100,000 validated formats (every provider of all 42 youth-care regions,
/// several rounds) under 5 s on one core with under 1 GB peak, the time per format at 100k within 1.2x of that at 1k.
/// Without <c>--formats</c> it runs 1k, 10k and 100k each in its own process (so each peak working set is its own) and
/// prints the ratios; with <c>--formats N</c> it measures N. The result's SHA-256 (its JSON) shows the figures are the
/// same before and after a change of the engine: the formats are generated from fixed seeds.
/// </summary>
public static class ScaleBenchmark
{
    public static int Run(string[] args)
    {
        var at = Array.IndexOf(args, "--formats");
        if (at >= 0) return Measure(int.Parse(args[at + 1]), args.Contains("--stages"));

        var results = new List<(int Count, double Wall, double Cpu)>();
        foreach (var count in new[] { 1_000, 10_000, 100_000 })
        {
            var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet") start.ArgumentList.Add(typeof(ScaleBenchmark).Assembly.Location);
            foreach (var arg in new[] { "scale", "--formats", count.ToString() }.Concat(args)) start.ArgumentList.Add(arg);
            using var child = Process.Start(start)!;
            string? line;
            while ((line = child.StandardOutput.ReadLine()) is not null)
            {
                Console.WriteLine(line);
                if (line.StartsWith("per format: ")) results.Add((count, double.Parse(line.Split(' ')[2]), double.Parse(line.Split(' ')[5])));
            }
            child.WaitForExit();
            if (child.ExitCode != 0) return child.ExitCode;
        }
        Console.WriteLine("time per format vs 1k, wall: " + string.Join(", ", results.Select(r => $"{r.Count:N0}: {r.Wall / results[0].Wall:F2}x")) +
                          "; CPU: " + string.Join(", ", results.Select(r => $"{r.Count:N0}: {r.Cpu / results[0].Cpu:F2}x")) + " (target at 100k: <= 1.2x)");
        return 0;
    }

    private static int Measure(int count, bool stages)
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows()) Process.GetCurrentProcess().ProcessorAffinity = 1;
        var round = Round();
        var heldBefore = GC.GetTotalMemory(forceFullCollection: true);
        var formats = Generate(round, count);
        var held = GC.GetTotalMemory(forceFullCollection: true) - heldBefore;
        Console.WriteLine($"{count:N0} formats ({formats.Count(f => f.HasErrors):N0} with errors), {round.Products.Count} products, " +
                          $"indexation by components; one core; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}; " +
                          $"formats held {held / (1024 * 1024.0):F0} MiB = {held / 1024.0 / count:F1} KiB per format");

        foreach (var g in formats.SelectMany(f => f.Findings).Where(f => f.Severity == Severity.Error).GroupBy(f => f.Code).Take(5))
            Console.WriteLine($"  error {g.Key}: {g.Count()} e.g. {g.First().Message}");
        var (warmups, runs) = count >= 100_000 ? (1, 3) : count >= 10_000 ? (2, 5) : (5, 11);
        var result = RoundCalculation.Run(round, formats);
        for (var i = 1; i < warmups; i++) RoundCalculation.Run(round, formats);
        var times = new List<double>();
        var cpu = new List<double>();
        var self = Process.GetCurrentProcess();
        var allocated = 0L;
        var collections = GC.CollectionCount(2);
        for (var i = 0; i < runs; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            self.Refresh();
            var cpuBefore = self.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            RoundCalculation.Run(round, formats);
            times.Add(watch.Elapsed.TotalMilliseconds);
            self.Refresh();
            cpu.Add((self.TotalProcessorTime - cpuBefore).TotalMilliseconds);
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
        }
        collections = GC.CollectionCount(2) - collections;
        var median = times.Order().ElementAt(times.Count / 2);
        var peak = Process.GetCurrentProcess().PeakWorkingSet64;
        var hash = Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(result, ResultJson.Options)))[..16];
        // On a loaded machine the wall time includes waiting for the core; the CPU time is what the work itself takes.
        var cpuMedian = cpu.Order().ElementAt(cpu.Count / 2);
        Console.WriteLine($"normalise + tariffs: median {median:F0} ms of {runs} (min {times.Min():F0}, max {times.Max():F0}), CPU median {cpuMedian:F0} ms, " +
                          $"allocated {allocated / runs / (1024 * 1024.0):F1} MiB per run = {allocated / runs / 1024.0 / count:F2} KiB per format, " +
                          $"{collections / (double)runs:F1} gen-2 collections per run, peak working set {peak / (1024 * 1024.0):F0} MiB; result {hash}");
        Console.WriteLine($"per format: {median * 1000 / count:F2} us wall, {cpuMedian * 1000 / count:F2} us CPU");

        if (stages)
        {
            // Where the time goes: the norms alone, then the rest (tariffs, trajectories and the spread of own tariffs).
            var norms = Time(runs, () => Normaliser.Normalise(round, formats));
            Console.WriteLine($"  of which normalisation: median {norms:F0} ms; tariffs and spreads: ~{median - norms:F0} ms");
        }
        return 0;
    }

    private static double Time(int runs, Action action)
    {
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        return times.Order().ElementAt(times.Count / 2);
    }

    /// <summary>The demo round (10 products of all three units) with indexation by components, as the sensitivity benchmark.</summary>
    private static RoundConfiguration Round() => RoundConfigurationParser.Parse(DemoFormats.RoundJson.Replace("\"products\":", """
        "indexation": { "tariffYear": 2025, "method": "components", "years": [
          { "year": 2024, "ova": 0.06, "pcc": 0.031, "status": "definitive" }, { "year": 2025, "ova": 0.0418, "pcc": 0.0182 } ] },
        "products":
        """));

    /// <summary>
    /// Providers in the shapes of the demo: 60% ambulant (2-4 of six hourly products), 30% residential, 10% day care,
    /// every eighth with one of the demo's mistakes (so error findings, exclusions and outliers are all in play).
    /// </summary>
    private static List<ProviderFormat> Generate(RoundConfiguration round, int count)
    {
        var random = new Random(19);
        var formats = new List<ProviderFormat>(count);
        for (var i = 1; i <= count; i++)
        {
            var (kind, products) = (i % 10) switch
            {
                < 6 => (DemoFormats.Kind.Ambulant, Pick(random, ["45A11", "45A12", "45A13", "45D01", "45D02", "54A01"], 2, 4)),
                < 9 => (DemoFormats.Kind.Residential, Pick(random, ["44V11", "43V01"], 1, 2).Concat(Pick(random, ["45A11", "45A12"], 0, 1)).ToArray()),
                _ => (DemoFormats.Kind.DayCare, new[] { "41D11", "41D12" }),
            };
            var mistake = i % 8 == 0 ? (i / 8) % 4 : -1;
            var values = DemoFormats.Provider(random, i, kind, products, mistake).Values;
            formats.Add(FormatValidator.Validate(BenchmarkFormats.ToRaw(values), round) with { Agb = i.ToString("D8") });
        }
        return formats;
    }

    private static string[] Pick(Random random, string[] from, int min, int max) =>
        from.OrderBy(_ => random.Next()).Take(random.Next(min, max + 1)).ToArray();
}
