namespace Inkoop.Domain.Disclosure;

/// <summary>
/// The rounding of a norm shown to providers (docs/disclosure.md). Within each decade the step is fixed per zone of the
/// value's leading digits — 0.05 for [1, 2), 0.1 for [2, 4), 0.2 for [4, 8), 0.5 for [8, 10), times the decade — so every
/// step is 1, 2 or 5 times a power of ten and at least 2.5% of any value in its zone. The set of values that round to
/// one published figure is then always wider than 2.5% of every value in it, which is what the proof in
/// docs/disclosure.md needs: no difference of published figures pins one provider's figure within 1%.
/// </summary>
public static class Coarsening
{
    /// <summary>The step for <paramref name="value"/>; 0 for 0.</summary>
    public static decimal StepFor(decimal value)
    {
        var size = Math.Abs(value);
        if (size == 0) return 0;
        var decade = 1m;
        while (decade > size) decade /= 10;
        while (size / decade >= 10) decade *= 10;
        var leading = size / decade;
        var step = leading < 2 ? 0.05m : leading < 4 ? 0.1m : leading < 8 ? 0.2m : 0.5m;
        return step * decade;
    }

    /// <summary><paramref name="value"/> rounded to its step (half away from zero), without trailing zeros.</summary>
    public static decimal Round(decimal value)
    {
        var step = StepFor(value);
        if (step == 0) return 0;
        var rounded = Math.Round(value / step, MidpointRounding.AwayFromZero) * step;
        return rounded / 1.0000000000000000000000000000m;
    }
}
