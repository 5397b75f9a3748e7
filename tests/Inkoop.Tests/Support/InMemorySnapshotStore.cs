using Azure;
using Inkoop.Storage;

namespace Inkoop.Tests.Support;

/// <summary>Snapshots in memory with the pointer semantics of <see cref="SnapshotStore"/>: a flip against a stale ETag is a conflict.</summary>
public sealed class InMemorySnapshotStore : ISnapshotStore
{
    private readonly Dictionary<(string, string), (SnapshotHeader Header, string Content)> snapshots = [];
    private readonly Dictionary<string, CurrentSnapshot> current = [];
    private int next;

    public IEnumerable<string> Ids(string partition) => snapshots.Keys.Where(k => k.Item1 == partition).Select(k => k.Item2);

    /// <summary>Runs once, just before the next flip: another recalculation that flips first.</summary>
    public Func<Task>? BeforeNextFlip { get; set; }

    public Task<SnapshotHeader> WriteAsync(string round, string contentJson, string? inputFingerprint = null, string? summaryJson = null,
        CancellationToken ct = default)
    {
        var header = new SnapshotHeader(round, $"s{++next:D4}", SnapshotStatus.Concept, DateTimeOffset.UnixEpoch.AddMinutes(next))
        {
            InputFingerprint = inputFingerprint, SummaryJson = summaryJson,
        };
        snapshots[(round, header.SnapshotId)] = (header, contentJson);
        return Task.FromResult(header);
    }

    public Task<IReadOnlyList<SnapshotHeader>> ListAsync(string round, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<SnapshotHeader>>(snapshots.Where(s => s.Key.Item1 == round).Select(s => s.Value.Header).ToList());

    public Task<SnapshotHeader?> GetHeaderAsync(string round, string snapshotId, CancellationToken ct = default) =>
        Task.FromResult(snapshots.TryGetValue((round, snapshotId), out var s) ? s.Header : null);

    public Task<string?> ReadContentAsync(string round, string snapshotId, CancellationToken ct = default) =>
        Task.FromResult(snapshots.TryGetValue((round, snapshotId), out var s) ? s.Content : null);

    public Task<CurrentSnapshot?> GetCurrentAsync(string round, CancellationToken ct = default) =>
        Task.FromResult(current.TryGetValue(round, out var c) ? c : null);

    public async Task<CurrentSnapshot> SetCurrentAsync(string round, string snapshotId, ETag? expected, CancellationToken ct = default)
    {
        if (BeforeNextFlip is { } before)
        {
            BeforeNextFlip = null;
            await before();
        }
        if (!snapshots.ContainsKey((round, snapshotId))) throw new KeyNotFoundException(snapshotId);
        current.TryGetValue(round, out var now);
        if (now?.ETag != expected) throw new StorageConflictException("The current snapshot moved.");
        return current[round] = new CurrentSnapshot(round, snapshotId, DateTimeOffset.UnixEpoch, new ETag(Guid.NewGuid().ToString("N")));
    }

    public Task<SnapshotHeader> MarkFinalAsync(string round, string snapshotId, CancellationToken ct = default)
    {
        var (header, content) = snapshots[(round, snapshotId)];
        var final = header with { Status = SnapshotStatus.Final };
        snapshots[(round, snapshotId)] = (final, content);
        return Task.FromResult(final);
    }

    public Task DeleteUnreferencedAsync(string round, string snapshotId, CancellationToken ct = default)
    {
        if (current.GetValueOrDefault(round)?.SnapshotId != snapshotId && snapshots.GetValueOrDefault((round, snapshotId)).Header?.Status != SnapshotStatus.Final)
            snapshots.Remove((round, snapshotId));
        return Task.CompletedTask;
    }

    private readonly Dictionary<(string, string, string), string> derived = [];

    public Task<string?> ReadDerivedAsync(string round, string snapshotId, string kind, CancellationToken ct = default) =>
        Task.FromResult(derived.GetValueOrDefault((round, snapshotId, kind)));

    public Task WriteDerivedAsync(string round, string snapshotId, string kind, string json, CancellationToken ct = default)
    {
        derived[(round, snapshotId, kind)] = json;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> RemoveIncompleteAsync(string round, DateTimeOffset createdBefore, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<string>>([]);
}
