using System.Net.Sockets;
using Azure;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Inkoop.Storage;

/// <summary>
/// The Polly pipelines of the two storage dependencies, <see cref="Tables"/> (the Table service) and <see cref="Blobs"/>
/// (the Blob service). Each dependency has its own circuit breaker, shared by its two pipelines, so a Blob outage does
/// not stop table calls and the other way round. The Azure SDK's own retries are off (see <see cref="StorageAccount"/>),
/// so nothing is retried twice over.
/// </summary>
public sealed class StorageResilience(StorageOptions options)
{
    /// <summary>Calls to the Table service.</summary>
    public StorageDependency Tables { get; } = new(options);

    /// <summary>Calls to the Blob service.</summary>
    public StorageDependency Blobs { get; } = new(options);

    /// <summary>A failure worth another attempt: the network, a timeout, 408, 429 or a 5xx.</summary>
    public static bool IsTransient(Exception e) => e switch
    {
        RequestFailedException r => r.Status is 0 or 408 or 429 or 500 or 502 or 503 or 504,
        HttpRequestException or SocketException or IOException => true,
        TimeoutRejectedException => true,
        _ => false,
    };

    /// <summary>
    /// The storage is unreachable (or answers too late): the circuit is open, a call timed out, or its transient
    /// failure outlasted the retries. Callers answer 503 with Retry-After, never 500.
    /// </summary>
    public static bool IsUnavailable(Exception e) => e is BrokenCircuitException || IsTransient(e);
}

/// <summary>
/// One storage dependency's pipelines. <see cref="Idempotent"/> retries transient failures with exponential backoff
/// and jitter, each attempt and the whole call under a timeout: for reads and for writes whose repetition cannot change
/// the outcome (upserts under a fresh unique key, a blob create that recognises its own content). <see cref="Once"/>
/// is one attempt under the attempt timeout: for writes whose repetition would be ambiguous (insert-if-absent, ETag-conditional updates,
/// batches of those): a lost response followed by a blind retry would report a conflict with ourselves.
/// Both go through the dependency's one circuit breaker: once enough calls fail (<see cref="StorageOptions.BreakerFailureRatio"/>
/// of at least <see cref="StorageOptions.BreakerMinimumThroughput"/> within <see cref="StorageOptions.BreakerSamplingDuration"/>)
/// it opens, and every call fails at once with <see cref="BrokenCircuitException"/> instead of waiting on storage that
/// is down; after <see cref="StorageOptions.BreakDuration"/> it lets one call through, and closes again when that succeeds.
/// </summary>
public sealed class StorageDependency
{
    private readonly CircuitBreakerStateProvider _state = new();

    public StorageDependency(StorageOptions options)
    {
        var breaker = new ResiliencePipelineBuilder().AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            // Throttling (429) is per partition and says the service is up: it is retried, it does not open the circuit.
            ShouldHandle = new PredicateBuilder().Handle<Exception>(e => StorageResilience.IsTransient(e) && e is not RequestFailedException { Status: 429 }),
            FailureRatio = options.BreakerFailureRatio,
            MinimumThroughput = options.BreakerMinimumThroughput,
            SamplingDuration = options.BreakerSamplingDuration,
            BreakDuration = options.BreakDuration,
            StateProvider = _state,
        }).Build();

        var idempotent = new ResiliencePipelineBuilder().AddTimeout(options.TotalTimeout);
        if (options.MaxRetries > 0)
        {
            idempotent.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                // Once the circuit has opened, another attempt would only be refused: the caller hears it now.
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => StorageResilience.IsTransient(e) && _state.CircuitState == CircuitState.Closed),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = TimeSpan.FromSeconds(5),
            });
        }
        Idempotent = idempotent.AddPipeline(breaker).AddTimeout(options.AttemptTimeout).Build();
        Once = new ResiliencePipelineBuilder().AddPipeline(breaker).AddTimeout(options.AttemptTimeout).Build();
    }

    /// <summary>Reads and idempotent writes: retried on transient failures.</summary>
    public ResiliencePipeline Idempotent { get; }

    /// <summary>Non-idempotent writes: one attempt under a timeout, no retry.</summary>
    public ResiliencePipeline Once { get; }

    /// <summary>False while the circuit is open (or isolated): calls are refused without reaching storage.</summary>
    public bool Available => _state.CircuitState is CircuitState.Closed or CircuitState.HalfOpen;
}
