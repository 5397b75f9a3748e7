using Inkoop.Functions.Hosting;
using Microsoft.Extensions.Options;

namespace Inkoop.Tests.Functions;

/// <summary>The upload limits on their own: per caller at once and per window, all callers in flight, places given back.</summary>
public sealed class UploadLimitsTests
{
    private static UploadLimits Limits(int concurrent = 2, int perWindow = 30, TimeSpan? window = null, int inFlight = 8, int queue = 32,
        TimeSpan? wait = null) => new(Options.Create(new UploadOptions
    {
        ConcurrentPerCaller = concurrent, PerCallerPerWindow = perWindow, Window = window ?? TimeSpan.FromMinutes(1),
        InFlight = inFlight, InFlightQueue = queue, InFlightWait = wait ?? TimeSpan.FromSeconds(10),
    }));

    [Fact]
    public async Task A_caller_has_at_most_its_number_of_uploads_in_progress_and_gets_a_place_back_when_one_ends()
    {
        using var limits = Limits(concurrent: 2);
        var first = await limits.AdmitAsync("key:a", default);
        var second = await limits.AdmitAsync("key:a", default);
        using var third = await limits.AdmitAsync("key:a", default);
        Assert.Null(first.Refusal);
        Assert.Null(second.Refusal);
        Assert.Equal(UploadRefusal.TooManyAtOnce, third.Refusal);
        Assert.Equal(UploadLimits.BusyRetryAfter, third.RetryAfter);

        // Another caller is not limited by this one.
        using (var other = await limits.AdmitAsync("key:b", default)) Assert.Null(other.Refusal);

        first.Dispose();
        first.Dispose(); // twice gives back one place, not two
        using var fourth = await limits.AdmitAsync("key:a", default);
        Assert.Null(fourth.Refusal);
        using var fifth = await limits.AdmitAsync("key:a", default);
        Assert.Equal(UploadRefusal.TooManyAtOnce, fifth.Refusal);
        second.Dispose();
        Assert.Equal(1, limits.InProgress);
    }

    [Fact]
    public async Task A_caller_starts_at_most_its_number_of_uploads_per_window_and_refusals_at_once_do_not_count()
    {
        using var limits = Limits(concurrent: 1, perWindow: 3, window: TimeSpan.FromSeconds(3));
        for (var i = 0; i < 3; i++)
        {
            using var held = await limits.AdmitAsync("key:a", default);
            Assert.Null(held.Refusal);
            // Refused for being at once: not one of the three.
            using var atOnce = await limits.AdmitAsync("key:a", default);
            Assert.Equal(UploadRefusal.TooManyAtOnce, atOnce.Refusal);
        }
        using var fourth = await limits.AdmitAsync("key:a", default);
        Assert.Equal(UploadRefusal.TooManyInWindow, fourth.Refusal);
        Assert.InRange(fourth.RetryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));
        Assert.Equal(0, fourth.RetryAfter.Milliseconds);
        using (var other = await limits.AdmitAsync("key:b", default)) Assert.Null(other.Refusal);

        // Once the window has passed the caller may upload again.
        await Task.Delay(TimeSpan.FromSeconds(3.6));
        using var later = await limits.AdmitAsync("key:a", default);
        Assert.Null(later.Refusal);
    }

    [Fact]
    public async Task Uploads_over_the_global_bound_wait_for_a_place_and_are_refused_when_none_comes_free_in_time()
    {
        using var limits = Limits(inFlight: 2, queue: 1, wait: TimeSpan.FromMilliseconds(400));
        var a = await limits.AdmitAsync("key:a", default);
        using var b = await limits.AdmitAsync("key:b", default);
        Assert.Equal(2, limits.InProgress);

        // The third waits; a place coming free lets it in.
        var waiting = limits.AdmitAsync("key:c", default);
        await Task.Delay(100);
        Assert.False(waiting.IsCompleted);
        // The line holds one: a fourth is refused at once.
        using (var full = await limits.AdmitAsync("key:d", default)) Assert.Equal(UploadRefusal.Busy, full.Refusal);
        a.Dispose();
        using var c = await waiting;
        Assert.Null(c.Refusal);

        // Nothing comes free: refused after the wait, and the caller's own place is given back.
        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var late = await limits.AdmitAsync("key:e", default);
        Assert.Equal(UploadRefusal.Busy, late.Refusal);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(350), watch.Elapsed.ToString());
        Assert.Equal(UploadLimits.BusyRetryAfter, late.RetryAfter);
        Assert.Equal(2, limits.InProgress);
    }

    [Fact]
    public async Task A_client_that_goes_away_while_waiting_gives_back_its_place()
    {
        using var limits = Limits(concurrent: 1, inFlight: 1);
        using var holder = await limits.AdmitAsync("key:a", default);
        using var gone = new CancellationTokenSource();
        var waiting = limits.AdmitAsync("key:b", gone.Token);
        gone.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        holder.Dispose();
        using var again = await limits.AdmitAsync("key:b", default);
        Assert.Null(again.Refusal);
    }

    [Fact]
    public async Task The_last_upload_to_end_says_the_uploads_are_idle_with_the_bytes_received_since_the_last_time()
    {
        using var limits = Limits();
        var idle = new List<long>();
        limits.Idle += idle.Add;
        var a = await limits.AdmitAsync("key:a", default);
        var b = await limits.AdmitAsync("key:b", default);
        a.Received(1000);
        b.Received(250);
        a.Dispose();
        Assert.Empty(idle);
        b.Dispose();
        b.Dispose();
        Assert.Equal([1250L], idle);

        var c = await limits.AdmitAsync("key:a", default);
        c.Received(7);
        // A refusal holds no place and says nothing when disposed.
        using (var second = await limits.AdmitAsync("key:a", default))
        using (var third = await limits.AdmitAsync("key:a", default))
            Assert.Equal(UploadRefusal.TooManyAtOnce, third.Refusal);
        Assert.Equal([1250L], idle);
        c.Dispose();
        Assert.Equal([1250L, 7L], idle);
    }

    [Fact]
    public async Task Without_a_caller_of_its_own_only_the_global_bound_applies()
    {
        using var limits = Limits(concurrent: 1, perWindow: 1, inFlight: 3, queue: 0);
        var staff = new List<UploadAdmission>();
        for (var i = 0; i < 3; i++)
        {
            staff.Add(await limits.AdmitAsync(null, default));
            Assert.Null(staff[^1].Refusal);
        }
        using (var fourth = await limits.AdmitAsync(null, default)) Assert.Equal(UploadRefusal.Busy, fourth.Refusal);
        foreach (var admission in staff) admission.Dispose();
        using var provider = await limits.AdmitAsync("key:p", default);
        Assert.Null(provider.Refusal);
    }

    [Theory]
    [InlineData(0, 30, 8)]
    [InlineData(2, 0, 8)]
    [InlineData(2, 30, 0)]
    public void Limits_below_one_do_not_start(int concurrent, int perWindow, int inFlight) =>
        Assert.Throws<InvalidOperationException>(() => Limits(concurrent, perWindow, inFlight: inFlight));
}
