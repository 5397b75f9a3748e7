using Inkoop.Domain.Formats;
using Inkoop.Domain.Rounds;
using Inkoop.Functions.Services;
using Inkoop.Storage;
using Inkoop.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Inkoop.Tests.Services;

/// <summary>Services without HTTP, against in-memory stores: lookups answer in domain terms, the snapshot switch never leaves a mix.</summary>
public class ServiceTests
{
    private const string RoundJson = """{ "round": "r-2025", "referenceYear": 2023, "products": [ { "code": "45A11", "unit": "uur" } ] }""";

    [Fact]
    public async Task A_round_lookup_says_why_it_found_nothing_without_any_HTTP()
    {
        var rounds = new InMemoryRoundStore();
        await rounds.SaveAsync(new RoundRecord("r-2025", "Ronde", 2023, null, RoundJson));
        await rounds.SaveAsync(new RoundRecord("kapot", "Kapot", 2023, null, """{ "round": "kapot" }"""));

        var found = await RoundLookup.FindAsync(rounds, "r-2025", default);
        Assert.Null(found.Failure);
        Assert.Equal("r-2025", found.Configuration!.Round);

        Assert.Equal(LookupFailure.InvalidId, (await RoundLookup.FindAsync(rounds, "R 2025", default)).Failure);
        Assert.Equal(LookupFailure.NotFound, (await RoundLookup.FindAsync(rounds, "onbekend", default)).Failure);
        var broken = await RoundLookup.FindAsync(rounds, "kapot", default);
        Assert.Equal(LookupFailure.StoredConfigurationInvalid, broken.Failure);
        Assert.NotEmpty(broken.Errors);
        Assert.Null(broken.Configuration);
    }

    [Fact]
    public async Task A_round_is_read_on_every_lookup_but_parsed_again_only_when_its_text_changed()
    {
        var rounds = new InMemoryRoundStore();
        var json = RoundJson.Replace("r-2025", "r-parse-once");
        await rounds.SaveAsync(new RoundRecord("r-parse-once", "Ronde", 2023, null, json));

        var first = (await RoundLookup.FindAsync(rounds, "r-parse-once", default)).Configuration!;
        var again = (await RoundLookup.FindAsync(rounds, "r-parse-once", default)).Configuration!;
        Assert.Same(first, again);
        Assert.Equal(ConfigurationHash.ForValidation(first), ConfigurationHash.ForValidation(again));

        // The stored round changes: the next lookup sees it at once, hash included.
        await rounds.SaveAsync(new RoundRecord("r-parse-once", "Ronde", 2024, null, json.Replace("2023", "2024")));
        var changed = (await RoundLookup.FindAsync(rounds, "r-parse-once", default)).Configuration!;
        Assert.Equal(2024, changed.ReferenceYear);
        Assert.NotEqual(ConfigurationHash.ForValidation(first), ConfigurationHash.ForValidation(changed));
        Assert.Equal(ConfigurationHash.ForValidation(changed with { }), ConfigurationHash.ForValidation(changed));
    }

    private static SnapshotSwitch Switch() => new(NullLogger<SnapshotSwitch>.Instance);

    /// <summary>The worked example's round (its JSON and parsed), in-memory stores, and the format upload service over them.</summary>
    private static (string Json, RoundConfiguration Round, InMemoryFormatStore Formats, InMemoryOriginalStore Originals, FormatUploads Uploads)
        FormatUploadsOfTheExample()
    {
        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "voorbeeld-2025.json"));
        var formats = new InMemoryFormatStore();
        var originals = new InMemoryOriginalStore();
        return (json, RoundConfigurationParser.Parse(json), formats, originals, new FormatUploads(formats, new VersionedUploads(originals), TimeProvider.System));
    }

    [Fact]
    public async Task The_switch_makes_the_written_snapshot_current()
    {
        var store = new InMemorySnapshotStore();
        var written = await Switch().WriteAndSwitchAsync(store, "p", null, "{}", "f1", "{}", _ => Task.FromResult("f1"), default);

        Assert.Equal(written!.SnapshotId, (await store.GetCurrentAsync("p"))!.SnapshotId);
    }

    [Fact]
    public async Task When_another_flipped_first_from_the_same_inputs_the_switch_flips_again()
    {
        var store = new InMemorySnapshotStore();
        var other = await store.WriteAsync("p", "{}", "f1");
        store.BeforeNextFlip = async () => await store.SetCurrentAsync("p", other.SnapshotId, null);

        var written = await Switch().WriteAndSwitchAsync(store, "p", null, "{}", "f1", "{}", _ => Task.FromResult("f1"), default);

        Assert.NotNull(written);
        Assert.Equal(written.SnapshotId, (await store.GetCurrentAsync("p"))!.SnapshotId);
    }

    [Fact]
    public async Task When_the_inputs_changed_meanwhile_the_written_snapshot_is_removed_and_the_caller_computes_again()
    {
        var store = new InMemorySnapshotStore();
        var other = await store.WriteAsync("p", "{}", "f2");
        store.BeforeNextFlip = async () => await store.SetCurrentAsync("p", other.SnapshotId, null);

        var written = await Switch().WriteAndSwitchAsync(store, "p", null, "{}", "f1", "{}", _ => Task.FromResult("f2"), default);

        Assert.Null(written);
        Assert.Equal([other.SnapshotId], store.Ids("p"));
        Assert.Equal(other.SnapshotId, (await store.GetCurrentAsync("p"))!.SnapshotId);
    }

    [Fact]
    public async Task The_same_bytes_again_are_the_latest_version_and_nothing_is_written_until_the_validation_configuration_changes()
    {
        var (json, round, formats, originals, uploads) = FormatUploadsOfTheExample();
        var format = FormatValidator.Validate(FormatData.Valid().ToRaw(), round);

        var first = await uploads.StoreAsync(round, format, [1, 2, 3], "application/octet-stream", default);
        var again = await uploads.StoreAsync(round, format, [1, 2, 3], "application/octet-stream", default);

        Assert.Equal((1, false), (first.Row.Version, first.Unchanged));
        Assert.Equal((1, true, (int?)null), (again.Row.Version, again.Unchanged, again.Superseded?.Version));
        Assert.Equal(first.Row.ETag, again.Row.ETag); // the latest row as stored, not a new one
        Assert.Single(await formats.ListVersionsAsync(round.Round, "12345678"));
        Assert.Single(originals.Names);

        // Another round configuration for validation (one more product), with the latest not re-validated yet: the same bytes
        // are validated against it and stored as a new version; after that they are that version again.
        var changed = round with { Products = [.. round.Products, round.Products[0] with { Code = "99X99" }] };
        Assert.NotEqual(ConfigurationHash.ForValidation(round), ConfigurationHash.ForValidation(changed));
        var revalidated = await uploads.StoreAsync(changed, FormatValidator.Validate(FormatData.Valid().ToRaw(), changed), [1, 2, 3],
            "application/octet-stream", default);
        Assert.Equal((2, false, (int?)1), (revalidated.Row.Version, revalidated.Unchanged, revalidated.Superseded?.Version));
        Assert.Equal(ConfigurationHash.ForValidation(changed), revalidated.Row.ConfigurationHash);
        var same = await uploads.StoreAsync(changed, FormatValidator.Validate(FormatData.Valid().ToRaw(), changed), [1, 2, 3],
            "application/octet-stream", default);
        Assert.Equal((2, true), (same.Row.Version, same.Unchanged));
        Assert.Equal(2, originals.Names.Count);
    }

    [Fact]
    public async Task An_upload_is_stored_as_the_next_version_and_a_recalculation_counts_its_values()
    {
        var (json, round, formats, originals, uploads) = FormatUploadsOfTheExample();
        var format = FormatValidator.Validate(FormatData.Valid().ToRaw(), round);
        Assert.False(format.IsRejected);

        var first = await uploads.StoreAsync(round, format, [1, 2, 3], "application/octet-stream", default);
        var second = await uploads.StoreAsync(round, format, [4, 5, 6], "application/octet-stream", default);

        Assert.Equal((1, (int?)null), (first.Row.Version, first.Superseded?.Version));
        Assert.Equal((2, (int?)1), (second.Row.Version, second.Superseded?.Version));
        Assert.Equal([4, 5, 6], (await originals.ReadAsync(new OriginalKey(round.Round, "12345678", 2)))!.ToArray());
        Assert.Equal("accepted", second.Row.Status);

        var rounds = new InMemoryRoundStore();
        await rounds.SaveAsync(new RoundRecord(round.Round, round.Name, round.ReferenceYear, round.RepairDeadline, json));
        var snapshots = new InMemorySnapshotStore();
        var run = await new Recalculator(formats, snapshots, Switch(), TimeProvider.System)
            .RunAsync(await RoundLookup.FindAsync(rounds, round.Round, default), onlyIfChanged: true, default);

        Assert.Equal((RecalculationOutcome.Written, 1), (run.Outcome, run.Formats));
        var content = SnapshotContent.FromJson((await snapshots.ReadContentAsync(round.Round, run.Snapshot!.SnapshotId))!);
        Assert.Equal(("12345678", 2), (content.Formats.Single().Agb, content.Formats.Single().Version));
        var again = await new Recalculator(formats, snapshots, Switch(), TimeProvider.System)
            .RunAsync(await RoundLookup.FindAsync(rounds, round.Round, default), onlyIfChanged: true, default);
        Assert.Equal(RecalculationOutcome.Unchanged, again.Outcome);
    }
}
