namespace Inkoop.Storage;

/// <summary>
/// Where the data lives. Locally and in tests a connection string (Azurite); on Azure the two service
/// URIs with <c>DefaultAzureCredential</c> (managed identity), never an account key.
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary><c>Storage:ConnectionString</c>, e.g. Azurite's. Wins over the URIs when set.</summary>
    public string? ConnectionString { get; set; }

    /// <summary><c>Storage:BlobServiceUri</c>, e.g. https://account.blob.core.windows.net.</summary>
    public Uri? BlobServiceUri { get; set; }

    /// <summary><c>Storage:TableServiceUri</c>, e.g. https://account.table.core.windows.net.</summary>
    public Uri? TableServiceUri { get; set; }

    /// <summary>Time limit of one attempt of one storage call.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time limit of one storage call including its retries.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of idempotent calls on transient failures (0 switches retries off).</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First retry delay; later ones grow exponentially, with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Share of failed calls (network, timeout, 408, 5xx) within the sampling duration that opens a dependency's circuit.</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Calls needed within the sampling duration before the failure ratio counts (one caller's three attempts suffice).</summary>
    public int BreakerMinimumThroughput { get; set; } = 3;

    /// <summary>The window the failure ratio is measured over.</summary>
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long an open circuit refuses calls before it lets one through to try; also the 503's Retry-After.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);

    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(ConnectionString) || (BlobServiceUri is not null && TableServiceUri is not null);
}
