using System.Diagnostics;
using Inkoop.Domain.Formats;
using Inkoop.Domain.Rounds;
using Inkoop.Domain.Tariffs;
using Inkoop.Excel;

// Issue 2's targets: read + validate one typical format (6 levels, 10 products) under 20 ms median;
// normalise + tariffs for 5,000 formats x 10 products under 5 s on one core, memory growing linearly.
// Pinned to one core; figures are wall-clock medians of repeated runs after a warm-up.
// `dotnet run -c Release --project tests/Inkoop.Benchmarks -- api` measures the HTTP API instead; `-- bids` the bid analysis.

// `api`: issue 4's HTTP targets against Azurite and the function app (see ApiBenchmark).
if (args is ["api", ..]) return await Inkoop.Benchmarks.ApiBenchmark.RunAsync(args[1..]);
// `reader`: issue 8's comparison of our upload reader with the Open XML SDK and the raw lower bound (see ReaderBenchmark).
if (args is ["reader", ..]) return Inkoop.Benchmarks.ReaderBenchmark.Run();
// `revalidation`: issue 7, re-checking 1,000 stored formats after a band change (see RevalidationBenchmark).
if (args is ["revalidation", ..]) return await Inkoop.Benchmarks.RevalidationBenchmark.RunAsync(args[1..]);

// `bids`: issue 9's target, 500 bid files x 20 lines read and analysed (see BidBenchmark).
if (args is ["bids", ..]) return await Inkoop.Benchmarks.BidBenchmark.RunAsync();

// `flood`: issue 14, an anonymous flood, then the audit view's time and the app's memory (see FloodBenchmark).
if (args is ["flood", ..]) return await Inkoop.Benchmarks.FloodBenchmark.RunAsync(args[1..]);

// `sensitivity`: issue 15's target, the sensitivity of a round of 1,000 formats (15 variables x 6 alternatives) (see SensitivityBenchmark).
if (args is ["sensitivity", ..]) return Inkoop.Benchmarks.SensitivityBenchmark.Run();

// `scale [--formats N] [--stages]`: issue 19's target, normalisation + tariffs of 1k, 10k and 100k formats (see ScaleBenchmark).
if (args is ["scale", ..]) return Inkoop.Benchmarks.ScaleBenchmark.Run(args[1..]);

// `uploads [--providers N] [--seconds N]`: issue 19's uploads against the storage floor, in CPU too (see UploadsBenchmark).
if (args is ["uploads", ..]) return await Inkoop.Benchmarks.UploadsBenchmark.RunAsync(args[1..]);

// `lumpsum`: issue 9's target, the variance of 2,000 lumpsums x 8 municipalities x 4 quarters (see LumpsumBenchmark).
if (args is ["lumpsum", ..]) return Inkoop.Benchmarks.LumpsumBenchmark.Run();

// `uploadmemory`: issue 19 part 3, the app's memory before, during and a minute after 20 concurrent 10 MB uploads (see UploadMemoryBenchmark).
if (args is ["uploadmemory", ..]) return await Inkoop.Benchmarks.UploadMemoryBenchmark.RunAsync(args[1..]);

if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows()) Process.GetCurrentProcess().ProcessorAffinity = 1;
var round = RoundConfigurationParser.Parse(DemoFormats.RoundJson);
var allProducts = round.Products.Select(p => p.Code).ToArray();

// ---- 1. one typical format through the guard, the reader and validation ----
var template = new MemoryStream();
TemplateWriter.Write(round, template);
var typical = DemoFormats.Provider(new Random(1), 1, DemoFormats.Kind.Ambulant, allProducts);
var bytes = new MemoryStream();
template.Position = 0;
FormatFiller.Fill(template, typical.Values, bytes);
var file = bytes.ToArray();
var check = FormatIntake.Validate(new MemoryStream(file), round);
if (check.IsRejected || check.HasErrors) throw new InvalidOperationException("The typical format should be valid: " + string.Join("; ", check.Findings.Select(f => f.Message)));

var readTimes = Measure(warmup: 20, runs: 200, () => FormatIntake.Validate(new MemoryStream(file), round));
Console.WriteLine($"read + validate one format ({file.Length / 1024} KiB, 6 levels, 10 products): median {Median(readTimes):F2} ms, p95 {Percentile(readTimes, 0.95):F2} ms (target: median < 20 ms)");

// ---- 2. normalisation and tariffs for many formats ----
foreach (var count in new[] { 1000, 2500, 5000 })
{
    var formats = Generate(count);
    GC.Collect();
    GC.WaitForPendingFinalizers();
    var before = GC.GetTotalMemory(forceFullCollection: true);
    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    var times = Measure(warmup: 1, runs: 5, () => RoundCalculation.Run(round, formats));
    var allocated = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / 6; // per run, warm-up included
    Console.WriteLine($"normalise + tariffs, {count,5} formats x 10 products: median {Median(times):F0} ms, " +
        $"allocated {allocated / (1024 * 1024.0):F1} MiB per run, formats held {before / (1024 * 1024.0):F1} MiB (target 5,000: < 5,000 ms)");
}

return 0;

List<ProviderFormat> Generate(int count)
{
    var random = new Random(count);
    return Enumerable.Range(1, count).Select(i =>
    {
        var values = DemoFormats.Provider(random, i, DemoFormats.Kind.Ambulant, allProducts).Values;
        return FormatValidator.Validate(Inkoop.Benchmarks.BenchmarkFormats.ToRaw(values), round) with { Agb = i.ToString("D8") };
    }).ToList();
}

static List<double> Measure(int warmup, int runs, Action action)
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

static double Median(List<double> times) => Percentile(times, 0.5);

static double Percentile(List<double> times, double p)
{
    var sorted = times.Order().ToList();
    return sorted[(int)Math.Round((sorted.Count - 1) * p)];
}
