using Inkoop.Domain.Tariffs;

namespace Inkoop.Domain.Lumpsums;

/// <summary>
/// The reference tariffs a lumpsum's realisation is valued at (bids-and-lumpsum.md section 6): its contract prices
/// when it has them, else the round's normalised tariffs. A product the reference does not know is
/// <see cref="Known"/> false; a known product without a tariff has <see cref="TariffOf"/> null.
/// </summary>
public sealed class LumpsumReference
{
    private readonly IReadOnlyDictionary<string, decimal>? contract;
    private readonly ReferenceTariffs? normalised;

    private LumpsumReference(IReadOnlyDictionary<string, decimal>? contract, ReferenceTariffs? normalised)
    {
        this.contract = contract;
        this.normalised = normalised;
    }

    /// <summary>Contract prices: a product not among them is not unknown, it just has no reference tariff.</summary>
    public static LumpsumReference Contract(IReadOnlyDictionary<string, decimal> prices) => new(prices, null);

    /// <summary>The normalised tariffs of a round's catalogue (every catalogue product listed, null when not computable).</summary>
    public static LumpsumReference Normalised(ReferenceTariffs tariffs) => new(null, tariffs);

    /// <summary>"contractprijzen" or "genormeerde tarieven", for messages.</summary>
    public string Description => contract is not null ? "contractprijzen" : "genormeerde tarieven";

    public bool Known(string product) => contract is not null || normalised!.Find(product) is not null;

    public decimal? TariffOf(string product) =>
        contract is not null ? contract.TryGetValue(product, out var price) ? price : null : normalised!.Find(product)?.Tariff;

    /// <summary>Per lumpsum its contract prices, or else the normalised tariffs (null: none available).</summary>
    public static Func<Lumpsum, LumpsumReference?> For(ReferenceTariffs? normalised)
    {
        var shared = normalised is null ? null : Normalised(normalised);
        return lumpsum => lumpsum.ContractTariffs is { } prices ? Contract(prices) : shared;
    }
}
