using Azure;
using Inkoop.Storage;

namespace Inkoop.Tests.Support;

/// <summary>
/// Lumpsums and realisation in memory with the semantics of <see cref="LumpsumStore"/>: a version and its slot's current row
/// move together, only if the current row is still the one the writer read (its ETag); an existing version is a conflict.
/// <see cref="RowsRead"/> counts the realisation rows handed out, which is what a reader of the table pays for.
/// </summary>
public sealed class InMemoryLumpsumStore : ILumpsumStore
{
    private readonly Dictionary<string, StoredDocument> setup = [];
    private readonly Dictionary<int, StoredDocument> years = [];
    private readonly List<RealisationVersion> versions = [];
    private readonly Dictionary<RealisationSlot, RealisationVersion> current = [];

    public int RowsRead { get; private set; }

    private static ETag NewETag() => new(Guid.NewGuid().ToString("N"));

    public Task<StoredDocument?> GetSetupAsync(string name, CancellationToken ct = default) => Task.FromResult(setup.GetValueOrDefault(name));

    public Task<StoredDocument> PutSetupAsync(string name, string json, CancellationToken ct = default) =>
        Task.FromResult(setup[name] = new StoredDocument(json, DateTimeOffset.UtcNow, NewETag()));

    public Task<StoredDocument?> GetLumpsumsAsync(int year, CancellationToken ct = default) => Task.FromResult(years.GetValueOrDefault(year));

    public Task<(StoredDocument Document, bool Created)> PutLumpsumsAsync(int year, string json, CancellationToken ct = default)
    {
        var created = !years.ContainsKey(year);
        return Task.FromResult((years[year] = new StoredDocument(json, DateTimeOffset.UtcNow, NewETag()), created));
    }

    public Task<IReadOnlyList<int>> ListYearsAsync(CancellationToken ct = default) => Task.FromResult<IReadOnlyList<int>>(years.Keys.Order().ToList());

    public Task<IReadOnlyList<RealisationVersion>> ListRealisationAsync(int year, CancellationToken ct = default) =>
        Counted(versions.Where(v => v.Slot.Year == year).OrderBy(v => v.Slot.Quarter).ThenBy(v => v.Slot.Agb, StringComparer.Ordinal)
            .ThenBy(v => v.Slot.Segment, StringComparer.Ordinal).ThenBy(v => v.Version));

    public Task<IReadOnlyList<RealisationVersion>> ListCurrentRealisationAsync(int year, CancellationToken ct = default) =>
        Counted(current.Values.Where(v => v.Slot.Year == year).OrderBy(v => v.Slot.Quarter).ThenBy(v => v.Slot.Agb, StringComparer.Ordinal)
            .ThenBy(v => v.Slot.Segment, StringComparer.Ordinal));

    public Task<RealisationVersion?> GetCurrentRealisationAsync(RealisationSlot slot, CancellationToken ct = default)
    {
        RowsRead++;
        return Task.FromResult(current.GetValueOrDefault(slot));
    }

    public Task<RealisationVersion> AddRealisationAsync(RealisationVersion version, ETag? expectedCurrent, CancellationToken ct = default)
    {
        if (versions.Any(v => v.Slot == version.Slot && v.Version == version.Version) ||
            (current.TryGetValue(version.Slot, out var read) ? read.ETag != expectedCurrent : expectedCurrent is not null))
            throw new StorageConflictException($"Version {version.Version} exists or the current row moved on.");
        var stored = version with { ETag = NewETag() };
        versions.Add(stored);
        current[version.Slot] = stored;
        return Task.FromResult(stored);
    }

    private Task<IReadOnlyList<RealisationVersion>> Counted(IEnumerable<RealisationVersion> rows)
    {
        var list = rows.ToList();
        RowsRead += list.Count;
        return Task.FromResult<IReadOnlyList<RealisationVersion>>(list);
    }
}
