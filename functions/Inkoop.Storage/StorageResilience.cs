using System.Net.Sockets;
using Azure;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Inkoop.Storage;

/// <summary>
/// Two Polly pipelines. <see cref="Idempotent"/> retries transient failures (network, 408, 429, 5xx) with
/// exponential backoff and jitter, each attempt and the whole call under a timeout: for reads and for
/// writes whose repetition cannot change the outcome (upserts under a fresh unique key, a blob create
/// that recognises its own content). <see cref="Once"/> only has the timeout: for writes whose repetition
/// would be ambiguous (insert-if-absent, ETag-conditional updates, batches of those): a lost response
/// followed by a blind retry would report a conflict with ourselves. The Azure SDK's own retries are off
/// (see <see cref="StorageAccount"/>), so nothing is retried twice over.
/// </summary>
public sealed class StorageResilience
{
    public StorageResilience(StorageOptions options)
    {
        var idempotent = new ResiliencePipelineBuilder().AddTimeout(options.TotalTimeout);
        if (options.MaxRetries > 0)
        {
            idempotent.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = TimeSpan.FromSeconds(5),
            });
        }
        Idempotent = idempotent.AddTimeout(options.AttemptTimeout).Build();

        Once = new ResiliencePipelineBuilder()
            .AddTimeout(options.TotalTimeout)
            .Build();
    }

    /// <summary>Reads and idempotent writes: retried on transient failures.</summary>
    public ResiliencePipeline Idempotent { get; }

    /// <summary>Non-idempotent writes: a timeout, no retry.</summary>
    public ResiliencePipeline Once { get; }

    public static bool IsTransient(Exception e) => e switch
    {
        RequestFailedException r => r.Status is 0 or 408 or 429 or 500 or 502 or 503 or 504,
        HttpRequestException or SocketException or IOException => true,
        TimeoutRejectedException => true,
        _ => false,
    };
}
