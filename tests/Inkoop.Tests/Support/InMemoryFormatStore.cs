using Azure;
using Inkoop.Storage;

namespace Inkoop.Tests.Support;

/// <summary>
/// Formats in memory with the semantics of <see cref="FormatStore"/>: a version and the latest row move together, only
/// if the latest is still the one the writer read (its ETag); an existing version is a conflict.
/// </summary>
public sealed class InMemoryFormatStore : IFormatStore
{
    private readonly Dictionary<(string Round, string Agb), List<FormatVersion>> versions = [];
    private readonly Dictionary<(string Round, string Agb), FormatVersion> latest = [];

    private static ETag NewETag() => new(Guid.NewGuid().ToString("N"));

    public Task<IReadOnlyList<FormatVersion>> ListLatestAsync(string round, bool includeContent = false, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<FormatVersion>>(latest.Where(l => l.Key.Round == round).OrderBy(l => l.Key.Agb, StringComparer.Ordinal)
            .Select(l => l.Value).ToList());

    public Task<FormatVersion?> GetLatestAsync(string round, string agb, bool includeContent = true, CancellationToken ct = default) =>
        Task.FromResult(latest.GetValueOrDefault((round, agb)));

    public Task<IReadOnlyList<FormatVersion>> ListVersionsAsync(string round, string agb, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<FormatVersion>>(versions.GetValueOrDefault((round, agb))?.OrderBy(v => v.Version).ToList() ?? []);

    public Task<FormatVersion?> GetVersionAsync(string round, string agb, int version, CancellationToken ct = default) =>
        Task.FromResult(versions.GetValueOrDefault((round, agb))?.FirstOrDefault(v => v.Version == version));

    public Task<FormatVersion> AddVersionAsync(FormatVersion version, ETag? expectedLatest, CancellationToken ct = default)
    {
        var key = (version.Round, version.Agb);
        var list = versions.TryGetValue(key, out var l) ? l : versions[key] = [];
        if (list.Any(v => v.Version == version.Version) || latest.GetValueOrDefault(key)?.ETag != expectedLatest)
            throw new StorageConflictException($"Version {version.Version} exists or the latest moved on.");
        var stored = version with { ETag = NewETag() };
        list.Add(stored);
        latest[key] = stored;
        return Task.FromResult(stored);
    }

    public Task<FormatVersion> SetStatusAsync(FormatVersion latestRead, string status, CancellationToken ct = default) =>
        Replace(latestRead, v => v with { Status = status });

    public Task<FormatVersion> SetValidationAsync(FormatVersion revalidated, CancellationToken ct = default) =>
        Replace(revalidated, v => v with
        {
            Status = revalidated.Status, ErrorCount = revalidated.ErrorCount, WarningCount = revalidated.WarningCount,
            FindingsJson = revalidated.FindingsJson, ValuesJson = revalidated.ValuesJson, ConfigurationHash = revalidated.ConfigurationHash,
        });

    private Task<FormatVersion> Replace(FormatVersion read, Func<FormatVersion, FormatVersion> change)
    {
        var key = (read.Round, read.Agb);
        if (latest.GetValueOrDefault(key)?.ETag != read.ETag) throw new StorageConflictException("The latest format changed.");
        var updated = change(latest[key]) with { ETag = NewETag() };
        latest[key] = updated;
        var list = versions[key];
        list[list.FindIndex(v => v.Version == updated.Version)] = updated;
        return Task.FromResult(updated);
    }
}
