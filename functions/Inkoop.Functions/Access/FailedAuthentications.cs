using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Inkoop.Storage;
using Microsoft.Extensions.Options;

namespace Inkoop.Functions.Access;

public sealed class FailedAuthenticationOptions
{
    public const string Section = "Auth:Failures";

    /// <summary><c>Auth:Failures:Limit</c>: failed authentications one client may have per window; after that 429 (default 20).</summary>
    public int Limit { get; set; } = 20;

    /// <summary><c>Auth:Failures:Window</c>: the window of the limit and of the audit's counting (default one minute).</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary><c>Auth:Failures:MaxClientsPerWindow</c>: clients counted apart per window; the rest share one row (default 1000).</summary>
    public int MaxClientsPerWindow { get; set; } = 1000;
}

/// <summary>
/// Failed authentications (no key, an unknown or revoked key, a principal without a role): counted, never one audit row
/// each. Per client (its address, an IPv6 address by its /64) and window they become one audit row
/// <c>authentication-failed</c> with the <c>count</c>, written when the window has passed; so a flood writes a bounded
/// number of rows (clients x windows, at most <see cref="FailedAuthenticationOptions.MaxClientsPerWindow"/> per window).
/// A client with more than <see cref="FailedAuthenticationOptions.Limit"/> failures in a window is refused with 429
/// (ASP.NET Core's fixed-window rate limiter, one partition per client) until the window is over, before any key lookup.
/// </summary>
public sealed class FailedAuthentications : BackgroundService
{
    public const string Action = "authentication-failed";
    public const string RateLimited = "rate-limited";
    private const string OtherClients = "*";

    private readonly FailedAuthenticationOptions _options;
    private readonly IAuditStore _audit;
    private readonly TimeProvider _clock;
    private readonly ILogger<FailedAuthentications> _logger;
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly ConcurrentDictionary<long, Window> _windows = new();

    public FailedAuthentications(IOptions<FailedAuthenticationOptions> options, IAuditStore audit, TimeProvider clock,
        ILogger<FailedAuthentications> logger)
    {
        _options = options.Value;
        if (_options.Limit < 1 || _options.Window <= TimeSpan.Zero || _options.MaxClientsPerWindow < 1)
            throw new InvalidOperationException("Auth:Failures needs Limit >= 1, a positive Window and MaxClientsPerWindow >= 1.");
        _audit = audit;
        _clock = clock;
        _logger = logger;
        // AutoReplenishment off: the partitioned limiter replenishes its partitions itself and drops idle ones.
        _limiter = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetFixedWindowLimiter(client,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = _options.Limit, Window = _options.Window, QueueLimit = 0, AutoReplenishment = false }));
    }

    /// <summary>Who the limit and the count are about: the client's address (after ForwardedHeaders), an IPv6 one by its /64.</summary>
    public static string Client(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6 || IPAddress.IsLoopback(address)) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>Null when <paramref name="client"/> may still try; else how long it must wait.</summary>
    public TimeSpan? Blocked(string client)
    {
        using var lease = _limiter.AttemptAcquire(client, 0);
        return lease.IsAcquired ? null : RetryAfter(lease);
    }

    /// <summary>Counts one failure of <paramref name="client"/>; null while it is within the limit, else how long it must wait.</summary>
    public TimeSpan? Fail(string client, string failure, HttpRequest request)
    {
        using var lease = _limiter.AttemptAcquire(client);
        var retryAfter = lease.IsAcquired ? (TimeSpan?)null : RetryAfter(lease);
        Count(client, retryAfter is null ? failure : RateLimited, request);
        return retryAfter;
    }

    /// <summary>Counts a request refused because its client was over the limit.</summary>
    public void CountBlocked(string client, HttpRequest request) => Count(client, RateLimited, request);

    private TimeSpan RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var after) && after > TimeSpan.Zero ? after : _options.Window;

    private void Count(string client, string failure, HttpRequest request)
    {
        var index = _clock.GetUtcNow().UtcTicks / _options.Window.Ticks;
        var window = _windows.GetOrAdd(index, _ => new Window());
        var tally = window.Clients.TryGetValue(client, out var known) ? known
            : window.TryAddClient(_options.MaxClientsPerWindow) ? window.Clients.GetOrAdd(client, _ => new Tally())
            : window.Clients.GetOrAdd(OtherClients, _ => new Tally());
        tally.Add(failure, request.Method, request.Path.Value ?? "");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = TimeSpan.FromTicks(Math.Clamp(_options.Window.Ticks / 4, TimeSpan.FromMilliseconds(250).Ticks, TimeSpan.FromSeconds(15).Ticks));
        using var timer = new PeriodicTimer(every, _clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) await FlushAsync(all: false, CancellationToken.None);
        }
        catch (OperationCanceledException) { }
    }

    /// <summary>On shutdown the current window is written too.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(all: true, cancellationToken);
    }

    public override void Dispose()
    {
        _limiter.Dispose();
        base.Dispose();
    }

    private async Task FlushAsync(bool all, CancellationToken ct)
    {
        var current = _clock.GetUtcNow().UtcTicks / _options.Window.Ticks;
        foreach (var index in _windows.Keys.Where(i => all || i < current).Order().ToList())
        {
            if (!_windows.TryRemove(index, out var window)) continue;
            var at = new DateTimeOffset(index * _options.Window.Ticks, TimeSpan.Zero);
            foreach (var (client, tally) in window.Clients)
            {
                var entry = tally.ToEntry(at, client);
                try
                {
                    await _audit.AddAsync(entry, ct);
                }
                catch (Exception e)
                {
                    _logger.LogError(e, "Audit entry not written: {Count} failed authentications from {Client} at {At}.", entry.Count, client, at);
                }
            }
        }
    }

    private sealed class Window
    {
        private int _clients;
        public ConcurrentDictionary<string, Tally> Clients { get; } = new();

        public bool TryAddClient(int max) => Interlocked.Increment(ref _clients) <= max;
    }

    private sealed class Tally
    {
        private readonly ConcurrentDictionary<string, int> _byFailure = new();
        private int _count;
        private volatile string _method = "";
        private volatile string _path = "";

        public void Add(string failure, string method, string path)
        {
            Interlocked.Increment(ref _count);
            _byFailure.AddOrUpdate(failure, 1, (_, n) => n + 1);
            _method = method;
            _path = path;
        }

        /// <summary>One row: the window's start, the last request's method and path, and the count per kind of failure.</summary>
        public AuditEntry ToEntry(DateTimeOffset at, string client)
        {
            var rateLimited = _byFailure.ContainsKey(RateLimited);
            var kinds = string.Join(", ", _byFailure.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}"));
            return new AuditEntry(at, Action, _method, _path, rateLimited ? 429 : 401, "refused", null, null, null, null,
                kinds, client, _count);
        }
    }
}
