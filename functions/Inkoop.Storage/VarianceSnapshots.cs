namespace Inkoop.Storage;

/// <summary>
/// Stored variance results: a <see cref="SnapshotStore"/> on table <c>Variance</c>, one partition per year and quarter
/// (<c>2025-q3</c>), written snapshot-then-pointer like the tariffs of a round.
/// </summary>
public sealed class VarianceSnapshots
{
    public VarianceSnapshots(StorageAccount account) : this(new SnapshotStore(account, StorageAccount.VarianceTable)) { }

    private VarianceSnapshots(ISnapshotStore store) => Store = store;

    /// <summary>Variance results kept in <paramref name="store"/> (tests: in memory). Not a constructor, so DI never picks the tariffs' store.</summary>
    public static VarianceSnapshots In(ISnapshotStore store) => new(store);

    public ISnapshotStore Store { get; }

    public static string Partition(int year, int quarter) => $"{year}-q{quarter}";
}
