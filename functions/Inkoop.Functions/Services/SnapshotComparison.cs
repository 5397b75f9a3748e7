using Inkoop.Storage;

namespace Inkoop.Functions.Services;

/// <summary>Per product and trajectory: the tariff in one snapshot against another.</summary>
public static class SnapshotComparison
{
    public sealed record SnapshotRef(string Id, string Status, DateTimeOffset CreatedAt);

    /// <summary>
    /// One product or trajectory in a comparison. <c>change</c>: <c>unchanged</c>, <c>changed</c>, <c>added</c> (only in
    /// <c>to</c>), <c>removed</c> (only in <c>from</c>), <c>becameComputable</c>, <c>becameNotComputable</c>, <c>notComputable</c>.
    /// </summary>
    public sealed record TariffChange(string Code, string? Name, string? Unit, decimal? Old, decimal? New, decimal? Difference,
        decimal? DifferencePercent, string Change);

    public sealed record ComparisonDto(string Round, SnapshotRef From, SnapshotRef To, IReadOnlyList<TariffChange> Tariffs,
        IReadOnlyList<TariffChange> Trajectories);

    public static SnapshotRef Ref(SnapshotHeader h) => new(h.SnapshotId, h.Status, h.CreatedAt);

    public static ComparisonDto Compare(string round, SnapshotHeader fromHeader, SnapshotContent from,
        SnapshotHeader toHeader, SnapshotContent to)
    {
        var tariffs = Changes(
            from.Tariffs.Select(t => new Item(t.Product, t.Name, t.Unit, t.Tariff)).ToList(),
            to.Tariffs.Select(t => new Item(t.Product, t.Name, t.Unit, t.Tariff)).ToList());
        var trajectories = Changes(
            from.Trajectories.Select(t => new Item(t.Code, t.Name, null, t.Tariff)).ToList(),
            to.Trajectories.Select(t => new Item(t.Code, t.Name, null, t.Tariff)).ToList());
        return new ComparisonDto(round, Ref(fromHeader), Ref(toHeader), tariffs, trajectories);
    }

    private sealed record Item(string Code, string Name, string? Unit, decimal? Tariff);

    /// <summary>In the order of <paramref name="to"/>, then whatever only <paramref name="from"/> had.</summary>
    private static List<TariffChange> Changes(IReadOnlyList<Item> from, IReadOnlyList<Item> to)
    {
        var old = from.ToDictionary(i => i.Code, StringComparer.OrdinalIgnoreCase);
        var codes = to.Select(i => i.Code).Concat(from.Select(i => i.Code)).Distinct(StringComparer.OrdinalIgnoreCase);
        var @new = to.ToDictionary(i => i.Code, StringComparer.OrdinalIgnoreCase);
        return codes.Select(code =>
        {
            old.TryGetValue(code, out var a);
            @new.TryGetValue(code, out var b);
            var change = (a, b) switch
            {
                (null, _) => "added",
                (_, null) => "removed",
                ({ Tariff: null }, { Tariff: null }) => "notComputable",
                ({ Tariff: null }, _) => "becameComputable",
                (_, { Tariff: null }) => "becameNotComputable",
                _ => a.Tariff == b.Tariff ? "unchanged" : "changed",
            };
            decimal? difference = a?.Tariff is { } x && b?.Tariff is { } y ? y - x : null;
            decimal? percent = difference is { } d && a!.Tariff is { } baseline && baseline != 0
                ? Math.Round(d / baseline * 100m, 2, MidpointRounding.AwayFromZero)
                : null;
            var item = b ?? a!;
            return new TariffChange(item.Code, item.Name, item.Unit, a?.Tariff, b?.Tariff, difference, percent, change);
        }).ToList();
    }
}
