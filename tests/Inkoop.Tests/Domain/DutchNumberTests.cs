using Inkoop.Domain.Formats;

namespace Inkoop.Tests.Domain;

public class DutchNumberTests
{
    [Theory]
    [InlineData("0,06", "0.06")]
    [InlineData("38.000", "38000")]
    [InlineData("€ 38.000,50", "38000.50")]
    [InlineData("€38.000,50", "38000.50")]
    [InlineData("EUR 1.234.567,8", "1234567.8")]
    [InlineData("6%", "0.06")]
    [InlineData("6,5 %", "0.065")]
    [InlineData(" 1872 ", "1872")]
    [InlineData("0.06", "0.06")]
    [InlineData("1.5", "1.5")]
    [InlineData("38 000", "38000")]
    [InlineData("38\u00A0000,00", "38000.00")]
    [InlineData("-0,5", "-0.5")]
    [InlineData(",5", "0.5")]
    public void Reads_numbers_the_dutch_way(string text, string expected) =>
        Assert.True(DutchNumber.TryParse(text, out var value) && value == decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            $"'{text}' read as {value}");

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("veel")]
    [InlineData("1,2,3")]
    [InlineData("1.2.3")]
    [InlineData("38.00,5")]
    [InlineData("12abc")]
    [InlineData("%")]
    [InlineData("€")]
    [InlineData("1e5")]
    [InlineData("99999999999999999999999999999999999999999")]
    public void Refuses_text_that_is_no_number(string text) => Assert.False(DutchNumber.TryParse(text, out _));

    [Fact]
    public void Formats_with_a_decimal_comma()
    {
        Assert.Equal("0,15", DutchNumber.Format(0.15m, 2));
        Assert.Equal("0,00", DutchNumber.Format(0m, 2));
        Assert.Equal("1500", DutchNumber.Format(1500m));
        Assert.Equal("73,2637", DutchNumber.Format(73.2637m));
    }
}
