namespace Inkoop.Domain.Lumpsums;

/// <summary>
/// The reference tariffs a lumpsum's realisation is valued at (bids-and-lumpsum.md section 6): its contract prices
/// when it has them, else the round's normalised tariffs. A product the reference does not know is
/// <see cref="Known"/> false; a known product without a tariff has <see cref="TariffOf"/> null.
/// </summary>
public sealed class LumpsumReference
{
    private readonly IReadOnlyDictionary<string, decimal?> tariffs;
    private readonly bool closedCatalogue;

    private LumpsumReference(IReadOnlyDictionary<string, decimal?> tariffs, bool closedCatalogue, string description)
    {
        this.tariffs = tariffs;
        this.closedCatalogue = closedCatalogue;
        Description = description;
    }

    /// <summary>Contract prices: a product not among them is not unknown, it just has no reference tariff.</summary>
    public static LumpsumReference Contract(IReadOnlyDictionary<string, decimal> prices) =>
        new(prices.ToDictionary(p => p.Key, p => (decimal?)p.Value, StringComparer.OrdinalIgnoreCase), closedCatalogue: false, "contractprijzen");

    /// <summary>Normalised tariffs of a round's catalogue: every catalogue product listed, null when not computable.</summary>
    public static LumpsumReference Normalised(IReadOnlyDictionary<string, decimal?> catalogue) =>
        new(new Dictionary<string, decimal?>(catalogue, StringComparer.OrdinalIgnoreCase), closedCatalogue: true, "genormeerde tarieven");

    /// <summary>"contractprijzen" or "genormeerde tarieven", for messages.</summary>
    public string Description { get; }

    public bool Known(string product) => !closedCatalogue || tariffs.ContainsKey(product);

    public decimal? TariffOf(string product) => tariffs.TryGetValue(product, out var tariff) ? tariff : null;

    /// <summary>Per lumpsum its contract prices, or else <paramref name="normalised"/> (null: none available).</summary>
    public static Func<Lumpsum, LumpsumReference?> For(LumpsumReference? normalised) =>
        lumpsum => lumpsum.ContractTariffs is { } prices ? Contract(prices) : normalised;
}
