using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Inkoop.Functions.Access;

/// <summary>
/// Issued keys and Entra principals as last read from Table Storage, kept for at most <see cref="AccessOptions.CredentialCache"/>
/// (default 30 s), so a caller's requests in a burst cost one point query, not one each. Only what was found is kept: an
/// unknown key is looked up every time (a guessing client fills nothing, and a key issued on another instance works at
/// once). Revoking a key or changing a principal on this instance forgets it here at once; other instances notice within
/// the cache time. Zero turns the cache off.
/// </summary>
public sealed class CredentialCache(IOptions<AccessOptions> options, TimeProvider clock)
{
    /// <summary>Far above the keys and principals of a region (one per provider, analyst, script); past it, start afresh.</summary>
    private const int MaxEntries = 50_000;

    private readonly ConcurrentDictionary<string, (DateTimeOffset Until, object Record)> _entries = new(StringComparer.Ordinal);

    public static string KeyEntry(string hash) => "key:" + hash;

    public static string PrincipalEntry(string objectId) => "principal:" + objectId;

    /// <summary>The record under <paramref name="entry"/>: kept, or read with <paramref name="read"/> (and kept when found).</summary>
    public async Task<T?> GetAsync<T>(string entry, Func<CancellationToken, Task<T?>> read, CancellationToken ct) where T : class
    {
        var lifetime = options.Value.CredentialCache;
        if (lifetime <= TimeSpan.Zero) return await read(ct);
        var now = clock.GetUtcNow();
        if (_entries.TryGetValue(entry, out var kept) && kept.Until > now && kept.Record is T record) return record;

        var found = await read(ct);
        if (found is null)
        {
            _entries.TryRemove(entry, out _);
            return null;
        }
        if (_entries.Count >= MaxEntries) _entries.Clear();
        _entries[entry] = (now + lifetime, found);
        return found;
    }

    /// <summary>Forgets an entry after its record changed on this instance (a revoked key, a changed or removed principal).</summary>
    public void Forget(string entry) => _entries.TryRemove(entry, out _);
}
