namespace Inkoop.Storage;

/// <summary>
/// Stored variance results: a <see cref="SnapshotStore"/> on table <c>Variance</c>, one partition per year and quarter
/// (<c>2025-q3</c>), written snapshot-then-pointer like the tariffs of a round.
/// </summary>
public sealed class VarianceSnapshots(StorageAccount account)
{
    public ISnapshotStore Store { get; } = new SnapshotStore(account, StorageAccount.VarianceTable);

    public static string Partition(int year, int quarter) => $"{year}-q{quarter}";
}
