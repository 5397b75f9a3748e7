using System.Diagnostics;
using System.Globalization;
using System.Text;
using Inkoop.Domain.Formats;
using Inkoop.Domain.Lumpsums;

namespace Inkoop.Benchmarks;

/// <summary>
/// Issue 9's lumpsum target: the variance of 2,000 lumpsums x 8 municipalities x 4 quarters under 2 s on one core.
/// 8,000 reports (one per lumpsum and quarter) of 16 rows each (8 municipalities x 2 products). Measured twice: the
/// variance alone over checked reports, and checking every report's rows plus the variance (what a recalculation does
/// after reading the files). Wall-clock medians after a warm-up.
/// </summary>
public static class LumpsumBenchmark
{
    private const int Lumpsums = 2000;

    public static int Run()
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows()) Process.GetCurrentProcess().ProcessorAffinity = 1;
        var json = new StringBuilder("""{ "year": 2025, "lumpsums": [""");
        for (var i = 0; i < Lumpsums; i++)
            json.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture,
                $$"""{ "agb": "{{i + 10_000_000}}", "segment": "AMB", "amount": {{1_000_000 + i * 37}}.00, "tariffs": { "45A11": 73.26, "45A12": 61.5 }, "profile": [0.2, 0.25, 0.25, 0.3] }""");
        json.Append("] }");
        var configuration = LumpsumConfigurationParser.Parse(json.ToString());
        var parse = Measure(() => LumpsumConfigurationParser.Parse(json.ToString()));
        Console.WriteLine($"parse + check + allocate {Lumpsums} lumpsums over 8 municipalities: median {Median(parse):F0} ms");

        var references = LumpsumReference.For(null);
        var random = new Random(9);
        var tables = configuration.Lumpsums.SelectMany(l => Enumerable.Range(1, 4).Select(q => Table(l, q, random))).ToList();
        List<ReportInUse> Check() => RealisationReports.Supersede(tables.Select((t, i) =>
            RealisationValidator.Validate($"r{i}", t, null, configuration, references))).ToList();
        var reports = Check();
        if (reports.Any(r => !r.Counts || r.Report.HasErrors)) throw new InvalidOperationException("Every generated report should be clean.");

        var variance = Measure(() => LumpsumVariance.Compute(configuration, 4, reports));
        Console.WriteLine($"variance, {Lumpsums} lumpsums x 8 municipalities x 4 quarters (8,000 checked reports): median {Median(variance):F0} ms (target < 2,000 ms)");
        var whole = Measure(() => LumpsumVariance.Compute(configuration, 4, Check()));
        Console.WriteLine($"check 8,000 reports x 16 rows + variance: median {Median(whole):F0} ms");
        return 0;
    }

    private static RawTable Table(Lumpsum lumpsum, int quarter, Random random)
    {
        var rows = new List<RawRow>();
        foreach (var municipality in lumpsum.Allocation)
        {
            foreach (var product in new[] { "45A11", "45A12" })
            {
                object?[] values = [2025m, (decimal)quarter, lumpsum.Agb, "AMB", municipality.Code, product, (decimal)random.Next(0, 400)];
                rows.Add(new RawRow(RealisationSchema.Columns.Select((c, i) => (c, i))
                    .ToDictionary(x => x.c, x => new RawCell($"Realisatie!{(char)('A' + x.i)}{rows.Count + 2}", values[x.i]))));
            }
        }
        return new RawTable(RealisationSchema.Table, "Realisatie!A1", RealisationSchema.Columns, rows);
    }

    private static List<double> Measure(Action action)
    {
        action();
        var times = new List<double>();
        for (var i = 0; i < 7; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        return times;
    }

    private static double Median(List<double> times) => times.Order().ElementAt(times.Count / 2);
}
