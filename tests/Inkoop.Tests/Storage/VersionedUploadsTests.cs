using Inkoop.Storage;
using Inkoop.Tests.Support;

namespace Inkoop.Tests.Storage;

/// <summary>The one storage primitive of formats, bids and realisation reports, against in-memory stores.</summary>
public class VersionedUploadsTests
{
    private sealed record Row(int Version, string Blob, string Text);

    /// <summary>Rows in memory: a version taken is a conflict; <see cref="Taken"/> is a number a concurrent upload commits first.</summary>
    private sealed class Rows : IUploadVersions<Row>
    {
        public List<Row> Committed { get; } = [];
        public int? Taken { get; set; }
        public Exception? FailCommit { get; set; }
        public int MaxTextLength { get; init; } = 100;

        public Task<PlannedVersion<Row>> PlanAsync(int atLeast, CancellationToken ct)
        {
            var next = Math.Max(atLeast, Committed.Select(r => r.Version).DefaultIfEmpty(0).Max() + 1);
            return Task.FromResult(new PlannedVersion<Row>(next, (row, _) =>
            {
                if (FailCommit is { } failure) throw failure;
                if (Taken == row.Version)
                {
                    Taken = null;
                    Committed.Add(row with { Text = "the other upload" });
                    throw new StorageConflictException("taken meanwhile");
                }
                if (Committed.Any(r => r.Version == row.Version)) throw new StorageConflictException("exists");
                Committed.Add(row);
                return Task.FromResult(row);
            }));
        }

        public string BlobName(int version) => $"slot/{version:D6}.xlsx";

        public void EnsureStorable(Row row, int version)
        {
            if (row.Version != version) throw new ArgumentException("other version");
            if (row.Text.Length > MaxTextLength) throw new StorageLimitException("too long");
        }
    }

    private static Func<int, StoredOriginal, Row> Describe(string text) => (version, stored) => new Row(version, stored.BlobName, text);

    [Fact]
    public async Task Each_upload_is_the_next_version_with_its_original()
    {
        var originals = new InMemoryOriginalStore();
        var rows = new Rows();
        var uploads = new VersionedUploads(originals);

        var first = await uploads.AddAsync(rows, BinaryData.FromString("een"), "application/octet-stream", Describe("a"));
        var second = await uploads.AddAsync(rows, BinaryData.FromString("twee"), "application/octet-stream", Describe("b"));

        Assert.Equal([(1, "slot/000001.xlsx"), (2, "slot/000002.xlsx")], new[] { first, second }.Select(r => (r.Version, r.Blob)));
        Assert.Equal("twee", (await originals.ReadAsync("slot/000002.xlsx"))!.ToString());
    }

    [Fact]
    public async Task A_row_that_does_not_fit_is_refused_before_anything_is_written()
    {
        var originals = new InMemoryOriginalStore();
        var rows = new Rows();

        await Assert.ThrowsAsync<StorageLimitException>(() =>
            new VersionedUploads(originals).AddAsync(rows, BinaryData.FromString("x"), "application/octet-stream", Describe(new string('n', 101))));

        Assert.Empty(originals.Names);
        Assert.Empty(rows.Committed);
    }

    [Fact]
    public async Task A_row_that_fails_removes_its_original_again()
    {
        var originals = new InMemoryOriginalStore();
        var rows = new Rows { FailCommit = new TimeoutException("table down") };

        await Assert.ThrowsAsync<TimeoutException>(() =>
            new VersionedUploads(originals).AddAsync(rows, BinaryData.FromString("x"), "application/octet-stream", Describe("a")));

        Assert.Empty(originals.Names);
    }

    [Fact]
    public async Task A_number_taken_meanwhile_moves_on_to_the_next_and_leaves_no_blob_of_its_own()
    {
        var originals = new InMemoryOriginalStore();
        var rows = new Rows { Taken = 1 };

        var row = await new VersionedUploads(originals).AddAsync(rows, BinaryData.FromString("mine"), "application/octet-stream", Describe("mine"));

        Assert.Equal(2, row.Version);
        Assert.Equal(["slot/000002.xlsx"], originals.Names);
        Assert.Equal([(1, "the other upload"), (2, "mine")], rows.Committed.Select(r => (r.Version, r.Text)));
    }

    [Fact]
    public async Task A_number_whose_blob_an_interrupted_upload_left_is_skipped_and_that_blob_kept()
    {
        var originals = new InMemoryOriginalStore();
        await originals.CreateAsync("slot/000001.xlsx", BinaryData.FromString("interrupted"), "application/octet-stream");
        var rows = new Rows();

        var row = await new VersionedUploads(originals).AddAsync(rows, BinaryData.FromString("new"), "application/octet-stream", Describe("new"));

        Assert.Equal(2, row.Version);
        Assert.Equal("interrupted", (await originals.ReadAsync("slot/000001.xlsx"))!.ToString());
    }

    [Fact]
    public async Task After_a_few_conflicts_the_conflict_is_the_answer()
    {
        var originals = new InMemoryOriginalStore();
        for (var v = 1; v <= VersionedUploads.MaxAttempts; v++)
            await originals.CreateAsync($"slot/{v:D6}.xlsx", BinaryData.FromString($"other {v}"), "application/octet-stream");

        await Assert.ThrowsAsync<StorageConflictException>(() =>
            new VersionedUploads(originals).AddAsync(new Rows(), BinaryData.FromString("mine"), "application/octet-stream", Describe("mine")));
    }
}
