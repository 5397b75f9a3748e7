namespace Inkoop.Domain.Disclosure;

/// <summary>
/// The round configuration's <c>disclosure</c> block: what anyone but the region's analysts and admins may see of a
/// norm (docs/disclosure.md). A norm from fewer than <see cref="MinProviders"/> providers, or a weighted norm in which
/// one provider carries more than <see cref="MaxShare"/> of the total weight, is not shown.
/// </summary>
public sealed record DisclosureRules(int MinProviders = DisclosureRules.DefaultMinProviders, decimal MaxShare = DisclosureRules.DefaultMaxShare)
{
    public const int DefaultMinProviders = 5;
    public const decimal DefaultMaxShare = 0.5m;

    /// <summary>Below three, one participant learns the other's figure from the norm and its own: never allowed.</summary>
    public const int LowestMinProviders = 3;

    public static readonly DisclosureRules Default = new();
}
