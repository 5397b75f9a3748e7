using Inkoop.Functions.Access;

namespace Inkoop.Tests.Functions;

public class ApiKeysTests
{
    [Fact]
    public void A_new_key_is_never_taken_for_a_command_line_option_and_keeps_256_random_bits()
    {
        var keys = Enumerable.Range(0, 2000).Select(_ => ApiKeys.NewKey()).ToList();

        // Of 2,000 base64url keys without the prefix, about 62 would start with a dash.
        Assert.All(keys, key => Assert.Matches("^ik_[A-Za-z0-9_-]{43}$", key));
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }
}
