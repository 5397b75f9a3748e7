using Inkoop.Domain.Disclosure;
using Xunit;

namespace Inkoop.Tests.Shared;

/// <summary>
/// What someone who knows the rounding rule learns from one published figure: every value that rounds to it. The rule
/// is monotone, so that set is an interval; its ends are found by bisection through <see cref="Coarsening.Round"/>
/// itself, not from a formula of the rule. Linked into the unit and the integration tests.
/// </summary>
public static class Preimage
{
    public static (decimal Low, decimal High) Of(decimal published)
    {
        // A figure the rule never produces was not rounded: it is exactly what it says.
        if (published == 0 || Coarsening.Round(published) != published) return (published, published);
        var reach = Math.Abs(published) * 0.2m;
        return (Edge(published, published - reach), Edge(published, published + reach));
    }

    /// <summary>The boundary between <paramref name="inside"/> (rounds to it) and <paramref name="outside"/> (does not).</summary>
    private static decimal Edge(decimal inside, decimal outside)
    {
        Assert.Equal(inside, Coarsening.Round(inside));
        Assert.NotEqual(inside, Coarsening.Round(outside));
        var (@in, @out) = (inside, outside);
        for (var i = 0; i < 80; i++)
        {
            var middle = (@in + @out) / 2;
            if (Coarsening.Round(middle) == inside) @in = middle; else @out = middle;
        }
        return (@in + @out) / 2;
    }
}
