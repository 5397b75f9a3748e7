namespace Inkoop.Domain.Tariffs;

/// <summary>
/// The normalised tariffs bids and lumpsums are measured against: per catalogue product its published (rounded)
/// tariff, or null with the reason it is not computable. A product not listed is outside the catalogue.
/// </summary>
public sealed class ReferenceTariffs
{
    private readonly Dictionary<string, ReferenceTariff> byProduct;

    private ReferenceTariffs(IEnumerable<ReferenceTariff> tariffs, string? round, string? snapshot, string? unavailable)
    {
        byProduct = new Dictionary<string, ReferenceTariff>(StringComparer.OrdinalIgnoreCase);
        foreach (var tariff in tariffs) byProduct.TryAdd(tariff.Product, tariff);
        Round = round;
        Snapshot = snapshot;
        Unavailable = unavailable;
    }

    /// <summary>The research round the tariffs come from, when the source says.</summary>
    public string? Round { get; }

    /// <summary>The snapshot id the tariffs come from, when they come from one.</summary>
    public string? Snapshot { get; }

    /// <summary>Why there are no tariffs at all (e.g. the round has no final snapshot); null when there are.</summary>
    public string? Unavailable { get; }

    public IReadOnlyCollection<ReferenceTariff> All => byProduct.Values;

    public static ReferenceTariffs Of(IEnumerable<ReferenceTariff> tariffs, string? round = null, string? snapshot = null) =>
        new(tariffs, round, snapshot, null);

    public static ReferenceTariffs Of(IEnumerable<ProductTariff> tariffs, string? round = null, string? snapshot = null) =>
        Of(tariffs.Select(t => new ReferenceTariff(t.Product, t.Tariff, t.Reason)), round, snapshot);

    /// <summary>No tariffs to measure against: every product is not computable, for this reason.</summary>
    public static ReferenceTariffs None(string reason, string? round = null) => new([], round, null, reason);

    /// <summary>The tariff of a product; null when the product is outside the catalogue (and there are tariffs at all).</summary>
    public ReferenceTariff? Find(string product)
    {
        if (Unavailable is not null) return new ReferenceTariff(product.Trim(), null, Unavailable);
        return byProduct.GetValueOrDefault(product.Trim());
    }
}

/// <summary>A catalogue product's published tariff, or null and the reason it is not computable.</summary>
public sealed record ReferenceTariff(string Product, decimal? Tariff, string? Reason);
