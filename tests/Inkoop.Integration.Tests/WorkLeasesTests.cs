using System.Diagnostics;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Inkoop.Integration.Tests.Infrastructure;
using Inkoop.Storage;

namespace Inkoop.Integration.Tests;

/// <summary>
/// <see cref="WorkLeases"/> against real Azurite: one holder at a time, renewal past the lease's duration, release at the
/// end and on failure, expiry after a holder died, and the work cancelled when its lease is taken away. Each test uses its
/// own unit, so they do not meet the timers of other tests.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class WorkLeasesTests(AppFixture fixture)
{
    private WorkLeases Leases(TimeSpan? duration = null, TimeSpan? renewEvery = null) => new(fixture.Storage,
        new LeaseOptions { Duration = duration ?? TimeSpan.FromSeconds(15), RenewEvery = renewEvery ?? TimeSpan.FromSeconds(5) });

    private static string NewUnit() => WorkLeases.Round(AppFixture.NewRoundId("lease"));

    private async Task<BlobProperties> LockAsync(string unit) =>
        (await fixture.Storage.BlobService.GetBlobContainerClient(WorkLeases.Container).GetBlobClient(unit).GetPropertiesAsync()).Value;

    [Fact]
    public async Task One_holder_at_a_time_and_the_next_gets_in_once_it_is_released()
    {
        var leases = Leases();
        var unit = NewUnit();
        var inside = new TaskCompletionSource();
        var finish = new TaskCompletionSource();
        var first = leases.RunAsync(unit, TimeSpan.Zero, async _ =>
        {
            inside.SetResult();
            await finish.Task;
            return 1;
        });
        await inside.Task;

        var ran = false;
        var second = await leases.RunAsync(unit, TimeSpan.Zero, _ => { ran = true; return Task.FromResult(2); });
        Assert.Equal(LeaseOutcome.Busy, second.Outcome);
        Assert.False(ran);
        Assert.Equal(LeaseState.Leased, (await LockAsync(unit)).LeaseState);

        finish.SetResult();
        Assert.Equal(new LeasedRun<int>(LeaseOutcome.Done, 1), await first);
        Assert.Equal(LeaseState.Available, (await LockAsync(unit)).LeaseState);
        Assert.Equal(new LeasedRun<int>(LeaseOutcome.Done, 3), await leases.RunAsync(unit, TimeSpan.Zero, _ => Task.FromResult(3)));
        // The lock blobs live in their own container, never among the originals the orphan sweep reads.
        Assert.Empty(await new OriginalStore(fixture.Storage).ListAsync("rounds/"));
    }

    [Fact]
    public async Task A_failing_work_releases_its_lease()
    {
        var leases = Leases();
        var unit = NewUnit();
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            leases.RunAsync<int>(unit, TimeSpan.Zero, _ => throw new InvalidOperationException("boom")));
        Assert.Equal(LeaseState.Available, (await LockAsync(unit)).LeaseState);
        Assert.Equal(LeaseOutcome.Done, (await leases.RunAsync(unit, TimeSpan.Zero, _ => Task.FromResult(0))).Outcome);
    }

    [Fact]
    public async Task A_waiting_start_gets_in_when_the_holder_finishes_within_the_wait()
    {
        var leases = Leases();
        var unit = NewUnit();
        var inside = new TaskCompletionSource();
        var first = leases.RunAsync(unit, TimeSpan.Zero, async _ =>
        {
            inside.SetResult();
            await Task.Delay(700);
            return 1;
        });
        await inside.Task;
        var watch = Stopwatch.StartNew();
        var second = await leases.RunAsync(unit, TimeSpan.FromSeconds(10), _ => Task.FromResult(2));
        Assert.Equal(new LeasedRun<int>(LeaseOutcome.Done, 2), second);
        Assert.Equal(LeaseOutcome.Done, (await first).Outcome);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(9));
    }

    [Fact]
    public async Task Renewal_keeps_the_lease_past_its_duration_and_a_crashed_holders_lease_expires()
    {
        var unit = NewUnit();
        var crashed = NewUnit();
        // A holder that died: it took the lease (15 s, the shortest Blob Storage allows) and never renews or releases it.
        var leases = Leases(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(3));
        Assert.Equal(LeaseOutcome.Done, (await leases.RunAsync(crashed, TimeSpan.Zero, _ => Task.FromResult(0))).Outcome); // creates the lock blob
        var dead = fixture.Storage.BlobService.GetBlobContainerClient(WorkLeases.Container).GetBlobClient(crashed).GetBlobLeaseClient();
        await dead.AcquireAsync(TimeSpan.FromSeconds(15));
        var deadAt = Stopwatch.StartNew();

        var inside = new TaskCompletionSource();
        var finish = new TaskCompletionSource();
        var held = leases.RunAsync(unit, TimeSpan.Zero, async c =>
        {
            inside.SetResult();
            await finish.Task.WaitAsync(c);
            return c.IsCancellationRequested;
        });
        await inside.Task;
        Assert.Equal(LeaseOutcome.Busy, (await leases.RunAsync(crashed, TimeSpan.Zero, _ => Task.FromResult(0))).Outcome);

        await Task.Delay(TimeSpan.FromSeconds(17) - deadAt.Elapsed);
        // 17 s after both were taken: the renewed one is still held, the dead one has expired and lets the next run in.
        Assert.Equal(LeaseOutcome.Busy, (await leases.RunAsync(unit, TimeSpan.Zero, _ => Task.FromResult(0))).Outcome);
        Assert.Equal(LeaseOutcome.Done, (await leases.RunAsync(crashed, TimeSpan.Zero, _ => Task.FromResult(0))).Outcome);

        finish.SetResult();
        Assert.Equal(new LeasedRun<bool>(LeaseOutcome.Done, false), await held);
    }

    [Fact]
    public async Task A_lease_taken_away_cancels_the_work_and_reports_it_lost()
    {
        var leases = Leases(TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(500));
        var unit = NewUnit();
        var inside = new TaskCompletionSource();
        var wrote = false;
        var run = leases.RunAsync(unit, TimeSpan.Zero, async c =>
        {
            inside.SetResult();
            await Task.Delay(TimeSpan.FromSeconds(30), c);
            wrote = true;
            return 1;
        });
        await inside.Task;
        // Someone breaks the lease and takes it (as after a partition from storage longer than the lease).
        var blob = fixture.Storage.BlobService.GetBlobContainerClient(WorkLeases.Container).GetBlobClient(unit);
        await blob.GetBlobLeaseClient().BreakAsync(TimeSpan.Zero);
        var other = blob.GetBlobLeaseClient();
        await other.AcquireAsync(TimeSpan.FromSeconds(15));

        var watch = Stopwatch.StartNew();
        var outcome = await run;
        Assert.Equal(LeaseOutcome.Lost, outcome.Outcome);
        Assert.False(wrote);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"noticed after {watch.Elapsed}");
        // The new holder's lease is untouched by the loser's end.
        Assert.Equal(LeaseState.Leased, (await LockAsync(unit)).LeaseState);
        await other.ReleaseAsync();
    }
}
