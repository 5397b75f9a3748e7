using Inkoop.Functions.Access;
using Microsoft.Extensions.Options;

namespace Inkoop.Tests.Functions;

public class CredentialCacheTests
{
    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>A store whose record can change behind the cache's back, as on another instance; counts its reads.</summary>
    private sealed class Store
    {
        public string? Record { get; set; } = "analyst";
        public int Reads { get; private set; }

        public Task<string?> ReadAsync(CancellationToken ct)
        {
            Reads++;
            return Task.FromResult(Record);
        }
    }

    private static CredentialCache Cache(Clock clock, TimeSpan lifetime) =>
        new(Options.Create(new AccessOptions { CredentialCache = lifetime }), clock);

    [Fact]
    public async Task A_found_record_is_read_once_per_lifetime_and_a_change_elsewhere_counts_once_it_has_passed()
    {
        var clock = new Clock();
        var store = new Store();
        var cache = Cache(clock, TimeSpan.FromSeconds(30));
        var entry = CredentialCache.KeyEntry("ab");

        for (var i = 0; i < 5; i++) Assert.Equal("analyst", await cache.GetAsync(entry, store.ReadAsync, default));
        Assert.Equal(1, store.Reads);

        store.Record = "revoked"; // changed on another instance
        clock.Now += TimeSpan.FromSeconds(29);
        Assert.Equal("analyst", await cache.GetAsync(entry, store.ReadAsync, default));
        clock.Now += TimeSpan.FromSeconds(1);
        Assert.Equal("revoked", await cache.GetAsync(entry, store.ReadAsync, default));
        Assert.Equal(2, store.Reads);
    }

    [Fact]
    public async Task What_changed_here_counts_at_once_and_what_was_not_found_is_never_kept()
    {
        var clock = new Clock();
        var store = new Store();
        var cache = Cache(clock, TimeSpan.FromSeconds(30));
        var entry = CredentialCache.PrincipalEntry("00000000-0000-0000-0000-000000000001");

        Assert.Equal("analyst", await cache.GetAsync(entry, store.ReadAsync, default));
        store.Record = null; // removed on this instance, which forgets it
        cache.Forget(entry);
        Assert.Null(await cache.GetAsync(entry, store.ReadAsync, default));
        Assert.Null(await cache.GetAsync(entry, store.ReadAsync, default));
        Assert.Equal(3, store.Reads);

        store.Record = "admin"; // issued meanwhile: works at once, nothing negative was kept
        Assert.Equal("admin", await cache.GetAsync(entry, store.ReadAsync, default));
    }

    [Fact]
    public async Task A_lifetime_of_zero_reads_every_time()
    {
        var store = new Store();
        var cache = Cache(new Clock(), TimeSpan.Zero);
        for (var i = 0; i < 3; i++) await cache.GetAsync(CredentialCache.KeyEntry("ab"), store.ReadAsync, default);
        Assert.Equal(3, store.Reads);
    }
}
