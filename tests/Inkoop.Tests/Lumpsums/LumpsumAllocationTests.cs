using Inkoop.Domain.Lumpsums;

namespace Inkoop.Tests.Lumpsums;

/// <summary>Section 2: shares floored to cents, left-over cents to the largest remainders, ties by clients then CBS code.</summary>
public class LumpsumAllocationTests
{
    [Fact]
    public void Achterhoek_key_adds_up_to_the_cent()
    {
        var allocation = LumpsumAllocation.ByClients(1_250_000.00m, Municipalities.Achterhoek);
        Assert.Equal(1_250_000.00m, allocation.Sum(a => a.Allocated));
        // Doetinchem: 1,250,000 * 2702 / 10437 = 323,608.3166..., floored to 323,608.31; the 0.66 cent remainder is among the largest.
        var doetinchem = allocation.Single(a => a.Code == "GM0222").Allocated;
        Assert.InRange(doetinchem, 323_608.31m, 323_608.32m);
        foreach (var a in allocation)
        {
            var m = Municipalities.Achterhoek.Single(x => x.Code == a.Code);
            var exact = 1_250_000.00m * m.Clients / 10_437m;
            Assert.True(Math.Abs(a.Allocated - exact) < 0.01m, $"{a.Code}: {a.Allocated} vs {exact}");
            Assert.Equal(a.Allocated, Math.Round(a.Allocated, 2));
        }
    }

    [Fact]
    public void Left_over_cents_go_to_the_largest_remainders()
    {
        // 2 cents over 2, 2, 3, 3 clients (of 10): 0.4, 0.4, 0.6, 0.6 cents; floors 0, the two 0.6s get a cent each.
        var allocation = LumpsumAllocation.ByClients(0.02m,
            [new("GM0001", "A", 2), new("GM0002", "B", 2), new("GM0003", "C", 3), new("GM0004", "D", 3)]);
        Assert.Equal([0m, 0m, 0.01m, 0.01m], allocation.Select(a => a.Allocated));

        // 10 cents over 1 and 2 clients: 3.33 and 6.67 cents -> 3 and 7.
        var thirds = LumpsumAllocation.ByClients(0.10m, [new("GM0001", "A", 1), new("GM0002", "B", 2)]);
        Assert.Equal([0.03m, 0.07m], thirds.Select(a => a.Allocated));
    }

    [Fact]
    public void An_equal_remainder_goes_to_more_clients_before_a_lower_code()
    {
        // 3 cents over 1 and 5 clients (of 6): 0.5 and 2.5 cents; floors 0 and 2, equal remainders; the cent goes to 5 clients.
        var allocation = LumpsumAllocation.ByClients(0.03m, [new("GM0001", "A", 1), new("GM0009", "Z", 5)]);
        Assert.Equal(0m, allocation.Single(a => a.Code == "GM0001").Allocated);
        Assert.Equal(0.03m, allocation.Single(a => a.Code == "GM0009").Allocated);
    }

    [Fact]
    public void An_equal_remainder_and_equal_clients_go_to_the_lower_code()
    {
        // 1 cent over 2, 2 and 1 clients (of 5): 0.4, 0.4, 0.2 cents; GM0005 and GM0009 tie on remainder and clients.
        var allocation = LumpsumAllocation.ByClients(0.01m, [new("GM0009", "Z", 2), new("GM0005", "Y", 2), new("GM0001", "X", 1)]);
        Assert.Equal(0.01m, allocation.Single(a => a.Code == "GM0005").Allocated);
        Assert.Equal(0m, allocation.Single(a => a.Code == "GM0009").Allocated);
        Assert.Equal(0m, allocation.Single(a => a.Code == "GM0001").Allocated);
    }
}
