using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;

namespace Inkoop.Storage;

/// <summary>
/// The two service clients, the tables and the container. Nothing is touched at construction (the app
/// must start fast under the Functions host); tables and container are created on first use, once per
/// process, and creation is retried after a failure.
/// </summary>
public sealed class StorageAccount
{
    public const string RoundsTable = "Rounds";
    public const string FormatsTable = "Formats";
    public const string SnapshotsTable = "Snapshots";
    public const string TendersTable = "Tenders";
    public const string BidsTable = "Bids";
    public const string KeysTable = "Keys";
    public const string PrincipalsTable = "Principals";
    public const string AuditTable = "Audit";
    public const string LumpsumsTable = "Lumpsums";
    public const string RealisationTable = "Realisation";
    public const string VarianceTable = "Variance";
    public const string ConsultationsTable = "Consultations";
    public const string OriginalsContainer = "originals";
    public static readonly IReadOnlyList<string> Tables =
        [RoundsTable, FormatsTable, SnapshotsTable, KeysTable, PrincipalsTable, AuditTable, TendersTable, BidsTable, LumpsumsTable, RealisationTable, VarianceTable, ConsultationsTable];

    private readonly object _gate = new();
    private Task? _ensure;

    public StorageAccount(StorageOptions options)
    {
        Options = options;
        Resilience = new StorageResilience(options);
        var tableOptions = new TableClientOptions();
        var blobOptions = new BlobClientOptions();
        foreach (ClientOptions o in new ClientOptions[] { tableOptions, blobOptions })
        {
            // Polly retries (StorageResilience), so the SDK must not retry on its own.
            o.Retry.MaxRetries = 0;
            o.Retry.NetworkTimeout = options.AttemptTimeout;
        }

        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            TableService = new TableServiceClient(options.ConnectionString, tableOptions);
            BlobService = new BlobServiceClient(options.ConnectionString, blobOptions);
        }
        else if (options.TableServiceUri is not null && options.BlobServiceUri is not null)
        {
            TokenCredential credential = new DefaultAzureCredential();
            TableService = new TableServiceClient(options.TableServiceUri, credential, tableOptions);
            BlobService = new BlobServiceClient(options.BlobServiceUri, credential, blobOptions);
        }
        else
        {
            throw new StorageNotConfiguredException(
                "Storage is not configured: set Storage:ConnectionString, or Storage:BlobServiceUri and Storage:TableServiceUri.");
        }
    }

    public StorageOptions Options { get; }
    public StorageResilience Resilience { get; }
    public TableServiceClient TableService { get; }
    public BlobServiceClient BlobService { get; }

    public async Task<TableClient> TableAsync(string name, CancellationToken ct)
    {
        await EnsureCreatedAsync(ct);
        return TableService.GetTableClient(name);
    }

    public async Task<BlobContainerClient> OriginalsAsync(CancellationToken ct)
    {
        await EnsureCreatedAsync(ct);
        return BlobService.GetBlobContainerClient(OriginalsContainer);
    }

    /// <summary>Creates the tables and the container if they are missing; once per process.</summary>
    public Task EnsureCreatedAsync(CancellationToken ct)
    {
        Task task;
        lock (_gate)
        {
            if (_ensure is null || _ensure.IsFaulted || _ensure.IsCanceled) _ensure = CreateAsync();
            task = _ensure;
        }
        return task.WaitAsync(ct);
    }

    private async Task CreateAsync()
    {
        // Creating what exists is harmless, so this is idempotent and may be retried.
        var work = Tables.Select(t => Resilience.Tables.Idempotent.ExecuteAsync(
                async c => { await TableService.GetTableClient(t).CreateIfNotExistsAsync(c); }).AsTask())
            .Append(Resilience.Blobs.Idempotent.ExecuteAsync(
                async c => { await BlobService.GetBlobContainerClient(OriginalsContainer).CreateIfNotExistsAsync(cancellationToken: c); }).AsTask());
        await Task.WhenAll(work);
    }

    /// <summary>Readiness: can we reach (and use) the Table and the Blob service? Never throws.</summary>
    public async Task<StorageReadiness> CheckAsync(CancellationToken ct)
    {
        string? tableError = null, blobError = null;
        try
        {
            await EnsureCreatedAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            tableError = blobError = Describe(e);
        }

        if (tableError is null)
        {
            try
            {
                await Resilience.Tables.Once.ExecuteAsync(async c =>
                {
                    await foreach (var _ in TableService.GetTableClient(RoundsTable)
                                       .QueryAsync<TableEntity>(maxPerPage: 1, select: ["RowKey"], cancellationToken: c).AsPages())
                        break;
                }, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                tableError = Describe(e);
            }

            try
            {
                await Resilience.Blobs.Once.ExecuteAsync(async c =>
                {
                    await BlobService.GetBlobContainerClient(OriginalsContainer).GetPropertiesAsync(cancellationToken: c);
                }, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                blobError = Describe(e);
            }
        }
        return new StorageReadiness(tableError is null, blobError is null, tableError, blobError);
    }

    private static string Describe(Exception e) => e switch
    {
        Polly.CircuitBreaker.BrokenCircuitException => "circuit-open",
        Polly.Timeout.TimeoutRejectedException => "timeout",
        RequestFailedException r => $"HTTP {r.Status} {r.ErrorCode}",
        AggregateException a when a.InnerException is not null => Describe(a.InnerException),
        _ => e.GetType().Name,
    };
}

/// <summary>Result of <see cref="StorageAccount.CheckAsync"/>; errors are short codes, never secrets.</summary>
public sealed record StorageReadiness(bool Table, bool Blob, string? TableError, string? BlobError)
{
    public bool Ready => Table && Blob;
}
