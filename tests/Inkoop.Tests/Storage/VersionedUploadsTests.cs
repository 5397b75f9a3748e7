using Inkoop.Storage;
using Inkoop.Tests.Support;

namespace Inkoop.Tests.Storage;

/// <summary>The one storage primitive of formats, bids and realisation reports, against in-memory stores.</summary>
public class VersionedUploadsTests
{
    private sealed record Row(int Version, string Blob, string Text, string Sha256);

    /// <summary>
    /// Rows in memory: a version taken is a conflict; <see cref="Taken"/> is a number a concurrent upload commits first (with
    /// other bytes, or with <see cref="TakenWithSameBytes"/> the same bytes and so the same blob); the current row is the highest.
    /// </summary>
    private sealed class Rows : IUploadVersions<Row>
    {
        public List<Row> Committed { get; } = [];
        public int? Taken { get; set; }
        public bool TakenWithSameBytes { get; init; }
        public Exception? FailCommit { get; set; }
        public int MaxTextLength { get; init; } = 100;

        public Task<PlannedVersion<Row>> PlanAsync(int atLeast, CancellationToken ct)
        {
            var current = Committed.MaxBy(r => r.Version);
            var next = Math.Max(atLeast, (current?.Version ?? 0) + 1);
            return Task.FromResult(new PlannedVersion<Row>(next, current, (row, _) =>
            {
                if (FailCommit is { } failure) throw failure;
                if (Taken == row.Version)
                {
                    Taken = null;
                    Committed.Add(row with { Text = "the other upload", Sha256 = TakenWithSameBytes ? row.Sha256 : "other bytes" });
                    throw new StorageConflictException("taken meanwhile");
                }
                if (Committed.Any(r => r.Version == row.Version)) throw new StorageConflictException("exists");
                Committed.Add(row);
                return Task.FromResult(row);
            }));
        }

        public bool Holds(Row current, string sha256) => current.Sha256 == sha256;

        public string BlobName(int version) => $"slot/{version:D6}.xlsx";

        public void EnsureStorable(Row row, int version)
        {
            if (row.Version != version) throw new ArgumentException("other version");
            if (row.Text.Length > MaxTextLength) throw new StorageLimitException("too long");
        }
    }

    private static Func<int, StoredOriginal, Row> Describe(string text) => (version, stored) => new Row(version, stored.BlobName, text, stored.Sha256);

    [Fact]
    public async Task Each_upload_is_the_next_version_with_its_original()
    {
        var originals = new InMemoryOriginalStore();
        var rows = new Rows();
        var uploads = new VersionedUploads(originals);

        var first = await uploads.AddAsync(rows, BinaryData.FromString("een"), "application/octet-stream", Describe("a"));
        var second = await uploads.AddAsync(rows, BinaryData.FromString("twee"), "application/octet-stream", Describe("b"));

        Assert.Equal([(1, "slot/000001.xlsx"), (2, "slot/000002.xlsx")], new[] { first, second }.Select(r => (r.Row.Version, r.Row.Blob)));
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

    public static TheoryData<Exception> Refusals => new()
    {
        new Azure.RequestFailedException(400, "bad request"),
        new Azure.RequestFailedException(412, "precondition failed"),
        new Polly.CircuitBreaker.BrokenCircuitException("circuit open"),
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_row_refused_removes_its_original_again(Exception refusal)
    {
        var originals = new InMemoryOriginalStore();
        var rows = new Rows { FailCommit = refusal };

        await Assert.ThrowsAsync(refusal.GetType(), () =>
            new VersionedUploads(originals).AddAsync(rows, BinaryData.FromString("x"), "application/octet-stream", Describe("a")));

        Assert.Empty(originals.Names);
    }

    public static TheoryData<Exception> Ambiguous => new()
    {
        new Polly.Timeout.TimeoutRejectedException("no answer in time"),
        new IOException("connection reset"),
        new Azure.RequestFailedException(503, "server busy"),
        new Azure.RequestFailedException(408, "request timeout"),
    };

    /// <summary>The row may have been written before the answer was lost: its original must stay (the sweep removes it if not).</summary>
    [Theory]
    [MemberData(nameof(Ambiguous))]
    public async Task A_commit_whose_outcome_is_unknown_keeps_its_original(Exception failure)
    {
        var originals = new InMemoryOriginalStore();
        var rows = new Rows { FailCommit = failure };

        await Assert.ThrowsAsync(failure.GetType(), () =>
            new VersionedUploads(originals).AddAsync(rows, BinaryData.FromString("x"), "application/octet-stream", Describe("a")));

        Assert.Equal(["slot/000001.xlsx"], originals.Names);
    }

    [Fact]
    public async Task A_number_taken_meanwhile_moves_on_to_the_next()
    {
        var originals = new InMemoryOriginalStore();
        var rows = new Rows { Taken = 1 };

        var stored = await new VersionedUploads(originals).AddAsync(rows, BinaryData.FromString("mine"), "application/octet-stream", Describe("mine"));

        Assert.Equal((2, false, 1), (stored.Row.Version, stored.Unchanged, stored.Superseded?.Version));
        Assert.Equal("mine", (await originals.ReadAsync("slot/000002.xlsx"))!.ToString());
        Assert.Equal([(1, "the other upload"), (2, "mine")], rows.Committed.Select(r => (r.Version, r.Text)));
    }

    [Fact]
    public async Task The_same_bytes_as_the_current_row_are_that_row_and_nothing_is_written()
    {
        var originals = new InMemoryOriginalStore();
        var rows = new Rows();
        var uploads = new VersionedUploads(originals);
        var first = await uploads.AddAsync(rows, BinaryData.FromString("een"), "application/octet-stream", Describe("a"));

        var again = await uploads.AddAsync(rows, BinaryData.FromString("een"), "application/octet-stream", Describe("a"));

        Assert.Equal((first.Row, true, (Row?)null), (again.Row, again.Unchanged, again.Superseded));
        Assert.Single(rows.Committed);
        Assert.Single(originals.Names);
        // Only the current row counts: bytes of an older version are a new version.
        await uploads.AddAsync(rows, BinaryData.FromString("twee"), "application/octet-stream", Describe("b"));
        var back = await uploads.AddAsync(rows, BinaryData.FromString("een"), "application/octet-stream", Describe("a"));
        Assert.Equal((3, false), (back.Row.Version, back.Unchanged));
    }

    [Fact]
    public async Task When_the_same_bytes_won_the_number_meanwhile_the_upload_is_that_version_and_its_blob_stays()
    {
        // A retry racing its own first attempt: the first attempt commits the row naming the blob both of them wrote.
        var originals = new InMemoryOriginalStore();
        var rows = new Rows { Taken = 1, TakenWithSameBytes = true };

        var stored = await new VersionedUploads(originals).AddAsync(rows, BinaryData.FromString("mine"), "application/octet-stream", Describe("mine"));

        Assert.Equal((1, true), (stored.Row.Version, stored.Unchanged));
        Assert.Single(rows.Committed);
        Assert.Equal("mine", (await originals.ReadAsync("slot/000001.xlsx"))!.ToString());
    }

    [Fact]
    public async Task A_number_whose_blob_an_interrupted_upload_left_is_skipped_and_that_blob_kept()
    {
        var originals = new InMemoryOriginalStore();
        await originals.CreateAsync("slot/000001.xlsx", BinaryData.FromString("interrupted"), "application/octet-stream");
        var rows = new Rows();

        var row = await new VersionedUploads(originals).AddAsync(rows, BinaryData.FromString("new"), "application/octet-stream", Describe("new"));

        Assert.Equal(2, row.Row.Version);
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
