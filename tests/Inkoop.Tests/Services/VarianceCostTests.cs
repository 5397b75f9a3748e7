using System.Text;
using Inkoop.Functions.Services;
using Inkoop.Storage;
using Inkoop.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Inkoop.Tests.Services;

/// <summary>
/// A provider may upload as often as it likes (issue 19: 234 versions made the variance 50 times slower): the variance reads
/// only the current realisation rows and their originals, so its cost does not grow with superseded versions.
/// </summary>
public class VarianceCostTests
{
    private const int Year = 2030;
    private const string Agb = "30000001";

    private static BinaryData Report(decimal volume) => BinaryData.FromString($$"""
        { "year": {{Year}}, "quarter": 1, "agb": "{{Agb}}", "segment": "AMB",
          "rows": [ { "municipality": "GM0197", "product": "45A11", "volume": {{volume}} } ] }
        """);

    private static async Task UploadAsync(VersionedUploads uploads, ILumpsumStore store, decimal volume)
    {
        var slot = new RealisationSlot(Year, 1, Agb, "AMB");
        var stored = await uploads.AddAsync(new RealisationUploadVersions(store, slot, "json"), Report(volume), "application/json",
            (v, o) => new RealisationVersion(slot, v, "r.json", o.BlobName, "application/json", o.Sha256, o.Size, "accepted", 0, 0, DateTimeOffset.UtcNow, "[]"));
        Assert.False(stored.Unchanged);
    }

    [Fact]
    public async Task The_variance_reads_the_same_rows_and_originals_after_50_superseded_versions_as_after_one()
    {
        var store = new InMemoryLumpsumStore();
        await store.PutLumpsumsAsync(Year, $$"""{ "year": {{Year}}, "lumpsums": [ { "agb": "{{Agb}}", "segment": "AMB", "amount": 1000, "tariffs": { "45A11": 100 } } ] }""");
        var originals = new InMemoryOriginalStore();
        var uploads = new VersionedUploads(originals);
        var configurations = new LumpsumConfigurations(store, new FinalTariffs(new InMemorySnapshotStore()));
        var recalculator = new LumpsumVarianceRecalculator(store, originals, VarianceSnapshots.In(new InMemorySnapshotStore()), configurations,
            new SnapshotSwitch(NullLogger<SnapshotSwitch>.Instance));

        async Task<(int Rows, int Originals, decimal Realised)> RunAsync()
        {
            var stored = (await configurations.LoadAsync(Year, default))!;
            var (rows, reads) = (store.RowsRead, originals.Reads);
            var run = await recalculator.RunAsync(Year, 1, stored.Configuration!, stored.Document, onlyIfChanged: false, default);
            return (store.RowsRead - rows, originals.Reads - reads, run.Result!.Lumpsums.Single().Realised!.Value);
        }

        await UploadAsync(uploads, store, 1);
        var one = await RunAsync();
        for (var i = 2; i <= 51; i++) await UploadAsync(uploads, store, i);
        var many = await RunAsync();

        Assert.Equal(100m, one.Realised);
        Assert.Equal(5_100m, many.Realised); // the newest version counts
        Assert.Equal(51, (await store.ListRealisationAsync(Year)).Count);
        Assert.Equal((one.Rows, one.Originals), (many.Rows, many.Originals));
        Assert.Equal(1, many.Originals); // the current report's original, once
    }
}
