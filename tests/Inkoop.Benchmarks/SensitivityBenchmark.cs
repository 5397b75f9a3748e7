using System.Diagnostics;
using Inkoop.Domain.Formats;
using Inkoop.Domain.Rounds;
using Inkoop.Domain.Tariffs;
using Inkoop.Excel;

namespace Inkoop.Benchmarks;

/// <summary>
/// Issue 15's target: the sensitivity of a round of 1,000 formats (10 products of all three units, so all 15 variables,
/// x 6 alternatives) under 2 s on one core. `TariffSensitivity` prepares each variable's scopes once (valid values,
/// outliers removed, sorted) and takes every alternative of those; measured against what 90 full recalculations from the
/// formats would cost, and checked against such recalculations for a few variables.
/// </summary>
public static class SensitivityBenchmark
{
    private const int Formats = 1000;

    public static int Run()
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows()) Process.GetCurrentProcess().ProcessorAffinity = 1;
        var round = RoundConfigurationParser.Parse(DemoFormats.RoundJson.Replace("\"products\":", """
            "indexation": { "tariffYear": 2025, "method": "components", "years": [
              { "year": 2024, "ova": 0.06, "pcc": 0.031, "status": "definitive" }, { "year": 2025, "ova": 0.0418, "pcc": 0.0182 } ] },
            "products":
            """));
        var formats = Generate(round);
        Console.WriteLine($"{Formats} formats, {round.Products.Count} products (uur, dagdeel, etmaal), indexation by components; one core; " +
                          $"load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");

        var full = Measure(3, 5, () => RoundCalculation.Run(round, formats));
        var result = TariffSensitivity.Compute(round, formats);
        var variables = result.Products.SelectMany(p => p.Variables.Select(v => v.Variable)).Distinct().Count();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var sensitivity = Measure(3, 5, () => TariffSensitivity.Compute(round, formats));
        var allocated = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / 8; // per run, warm-ups included
        // Its own part: the 90 alternatives over the prepared scopes, given the published result.
        var published = RoundCalculation.Run(round, formats);
        var alternativesOnly = Measure(3, 5, () => TariffSensitivity.Compute(round, formats, published));
        Console.WriteLine($"one full recalculation (normalise + tariffs): median {Median(full):F0} ms");
        Console.WriteLine($"sensitivity, {variables} variables x {result.Alternatives.Count} alternatives over {result.Products.Count} products: " +
                          $"median {Median(sensitivity):F0} ms, allocated {allocated / (1024 * 1024.0):F0} MiB per run (target < 2,000 ms), " +
                          $"of which the alternatives alone (published result given) {Median(alternativesOnly):F0} ms; " +
                          $"as {variables * result.Alternatives.Count} full recalculations it would take ~{Median(full) * variables * result.Alternatives.Count / 1000:F0} s");

        // The same numbers as full recalculations with that one rule changed (three variables, every alternative).
        foreach (var variable in new[] { FormatSchema.Verzuim, FormatSchema.Brutojaarsalaris, FormatSchema.Bezetting })
        foreach (var alternative in SensitivityAlternative.Defaults)
        {
            var recalculated = RoundCalculation.Run(TariffSensitivity.RoundWith(round, variable, alternative), formats);
            foreach (var product in result.Products)
            {
                var row = product.Variables.FirstOrDefault(v => v.Variable == variable);
                if (row is null) continue;
                var expected = recalculated.Tariffs.Single(t => t.Product == product.Product).Tariff;
                if (row.Tariffs[alternative.Label] != expected)
                    throw new InvalidOperationException($"{product.Product} {variable} {alternative.Label}: {row.Tariffs[alternative.Label]} != {expected}");
            }
        }
        Console.WriteLine("checked: Verzuim, Brutojaarsalaris and Bezetting under every alternative equal full recalculations");
        return 0;
    }

    private static List<ProviderFormat> Generate(RoundConfiguration round)
    {
        var random = new Random(15);
        return Enumerable.Range(1, Formats).Select(i =>
        {
            var (kind, products) = (i % 10) switch
            {
                < 6 => (DemoFormats.Kind.Ambulant, new[] { "45A11", "45A12", "45A13", "45D01", "45D02", "54A01" }),
                < 9 => (DemoFormats.Kind.Residential, new[] { "44V11", "43V01", "45A11" }),
                _ => (DemoFormats.Kind.DayCare, new[] { "41D11", "41D12" }),
            };
            var values = DemoFormats.Provider(random, i, kind, products).Values;
            return FormatValidator.Validate(BenchmarkFormats.ToRaw(values), round) with { Agb = i.ToString("D8") };
        }).ToList();
    }

    private static List<double> Measure(int warmup, int runs, Action action)
    {
        for (var i = 0; i < warmup; i++) action();
        var times = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        return times;
    }

    private static double Median(List<double> times) => times.Order().ElementAt(times.Count / 2);
}
