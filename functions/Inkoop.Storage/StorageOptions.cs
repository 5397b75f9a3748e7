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
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(ConnectionString) || (BlobServiceUri is not null && TableServiceUri is not null);
}
