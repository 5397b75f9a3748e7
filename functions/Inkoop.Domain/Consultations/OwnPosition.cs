namespace Inkoop.Domain.Consultations;

/// <summary>Where a provider's own figure stands against a norm it may see: <c>below</c>, <c>equal</c> or <c>above</c>.</summary>
public static class OwnPosition
{
    public const string Below = "below";
    public const string Equal = "equal";
    public const string Above = "above";

    /// <summary>Null when either figure is missing (no own value, or a norm not shown).</summary>
    public static string? Of(decimal? own, decimal? norm) => (own, norm) switch
    {
        ({ } o, { } n) when o < n => Below,
        ({ } o, { } n) when o > n => Above,
        ({ }, { }) => Equal,
        _ => null,
    };
}
