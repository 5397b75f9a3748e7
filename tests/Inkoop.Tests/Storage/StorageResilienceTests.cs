using Azure;
using Inkoop.Functions.Hosting;
using Inkoop.Storage;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Inkoop.Tests.Storage;

/// <summary>The pipelines of the storage dependencies, on operations that fail the way storage that is down does.</summary>
public sealed class StorageResilienceTests
{
    private static StorageOptions Options() => new()
    {
        RetryDelay = TimeSpan.FromMilliseconds(10),
        BreakDuration = TimeSpan.FromMilliseconds(500),
        BreakerSamplingDuration = TimeSpan.FromSeconds(2),
    };

    [Fact]
    public async Task Refused_connections_open_the_circuit_within_one_callers_retries_then_calls_are_refused_without_reaching_storage()
    {
        var resilience = new StorageResilience(Options());
        var attempts = 0;
        var refused = () => resilience.Tables.Idempotent.ExecuteAsync<int>(_ =>
        {
            Interlocked.Increment(ref attempts);
            throw new RequestFailedException(0, "Connection refused", new HttpRequestException("Connection refused"));
        }).AsTask();

        await Assert.ThrowsAsync<RequestFailedException>(refused);
        // Three attempts (minimum throughput), then the circuit is open and the fourth is not made.
        Assert.Equal(3, attempts);
        Assert.False(resilience.Tables.Available);

        await Assert.ThrowsAsync<BrokenCircuitException>(refused);
        await Assert.ThrowsAsync<BrokenCircuitException>(() => resilience.Tables.Once.ExecuteAsync(_ => ValueTask.FromResult(1)).AsTask());
        Assert.Equal(3, attempts);

        // The Blob service has its own circuit.
        Assert.True(resilience.Blobs.Available);
        Assert.Equal(1, await resilience.Blobs.Idempotent.ExecuteAsync(_ => ValueTask.FromResult(1)));

        // After the break duration one call goes through; its success closes the circuit again.
        await Task.Delay(TimeSpan.FromMilliseconds(700));
        Assert.Equal(2, await resilience.Tables.Once.ExecuteAsync(_ => ValueTask.FromResult(2)));
        Assert.True(resilience.Tables.Available);
        Assert.Equal(3, await resilience.Tables.Idempotent.ExecuteAsync(_ => ValueTask.FromResult(3)));
    }

    [Fact]
    public async Task Throttling_is_retried_but_does_not_open_the_circuit()
    {
        var resilience = new StorageResilience(Options());
        var attempts = 0;
        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAsync<RequestFailedException>(() => resilience.Blobs.Idempotent.ExecuteAsync<int>(_ =>
            {
                Interlocked.Increment(ref attempts);
                throw new RequestFailedException(429, "Server busy");
            }).AsTask());
        }
        Assert.Equal(3 * 4, attempts);
        Assert.True(resilience.Blobs.Available);
    }

    [Fact]
    public async Task A_non_transient_failure_is_neither_retried_nor_counted()
    {
        var resilience = new StorageResilience(Options());
        var attempts = 0;
        for (var i = 0; i < 5; i++)
        {
            await Assert.ThrowsAsync<RequestFailedException>(() => resilience.Tables.Idempotent.ExecuteAsync<int>(_ =>
            {
                Interlocked.Increment(ref attempts);
                throw new RequestFailedException(409, "Conflict");
            }).AsTask());
        }
        Assert.Equal(5, attempts);
        Assert.True(resilience.Tables.Available);
    }

    public static TheoryData<Exception, int> Failures() => new()
    {
        { new BrokenCircuitException("open"), 503 },
        { new TimeoutRejectedException(), 503 },
        { new RequestFailedException(503, "Server busy"), 503 },
        { new RequestFailedException(500, "Internal"), 503 },
        { new RequestFailedException(0, "Connection refused", new HttpRequestException()), 503 },
        { new HttpRequestException("Connection refused"), 503 },
        { new RequestFailedException(404, "Not found"), 500 },
        { new InvalidOperationException("bug"), 500 },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Storage_that_is_down_is_a_503_and_nothing_else_is(Exception failure, int status) =>
        Assert.Equal(status, Problems.StatusFor(failure));

    [Fact]
    public async Task Moving_an_original_may_take_longer_than_one_attempt_of_any_other_call()
    {
        var options = Options();
        options.AttemptTimeout = TimeSpan.FromMilliseconds(100);
        options.TransferTimeout = TimeSpan.FromSeconds(5);
        options.MaxRetries = 0;
        var resilience = new StorageResilience(options);
        async ValueTask<int> Slow(CancellationToken ct)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(400), ct);
            return 1;
        }

        await Assert.ThrowsAsync<TimeoutRejectedException>(() => resilience.Blobs.Idempotent.ExecuteAsync(Slow).AsTask());
        Assert.Equal(1, await resilience.Blobs.Transfer.ExecuteAsync(Slow));
    }
}
