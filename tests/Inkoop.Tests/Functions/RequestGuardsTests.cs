using Inkoop.Excel;
using Inkoop.Functions.Hosting;
using Inkoop.Storage;

namespace Inkoop.Tests.Functions;

/// <summary>The pure pieces of issue 14's hardening: dot segments, charsets, stored file names, spreadsheet text.</summary>
public sealed class RequestGuardsTests
{
    [Theory]
    [InlineData("/api/../RecalculateTariffs", true)]
    [InlineData("/api/%2e%2e/RecalculateTariffs", true)]
    [InlineData("/api/%2E./RecalculateTariffs", true)]
    [InlineData("/api/./rounds", true)]
    [InlineData("/api/rounds/..", true)]
    [InlineData("/api/web/..%2fappsettings.json", true)]
    [InlineData("/api/web/..%5Cappsettings.json", true)]
    [InlineData("http://host/api/../x", true)]
    [InlineData("/api/rounds/r-1/formats?x=/../", false)]
    [InlineData("/api/rounds/r.1..2/formats", false)]
    [InlineData("/api/web/provider/provider.js", false)]
    [InlineData("/RecalculateTariffs", false)]
    [InlineData("", false)]
    public void Dot_segments_are_found_raw_and_percent_encoded(string target, bool expected) =>
        Assert.Equal(expected, RequestGuards.HasDotSegment(target));

    [Theory]
    [InlineData(null, false)]
    [InlineData("application/json", false)]
    [InlineData("application/json; charset=utf-8", false)]
    [InlineData("application/json; charset=UTF8", false)]
    [InlineData("application/json; charset=\"utf-8\"", false)]
    [InlineData("multipart/form-data; boundary=x", false)]
    [InlineData("application/json; charset=bogus", true)]
    [InlineData("application/json; charset=utf-7", true)]
    [InlineData("application/json; charset=", true)]
    [InlineData("application/json; charset=\"\"", true)]
    [InlineData("application/json; charset=iso-8859-1", true)]
    [InlineData("application/json;;;=", true)]
    public void Only_utf8_bodies_pass(string? contentType, bool refused) =>
        Assert.Equal(refused, RequestGuards.DeclaresOtherCharset(contentType));

    [Theory]
    [InlineData("rapport.xlsx", "rapport.xlsx")]
    [InlineData("C:\\Users\\x\\Documents\\rapport.xlsx", "rapport.xlsx")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("rap\u202Egpj.xlsx", "rapgpj.xlsx")]
    [InlineData("a\u200Bb\u2066c\u0000d\r\n.xlsx", "abcd.xlsx")]
    [InlineData("  rapport.xlsx . ", "rapport.xlsx")]
    [InlineData("..", null)]
    [InlineData("map/", null)]
    [InlineData("\u202E", null)]
    [InlineData("   ", null)]
    [InlineData(null, null)]
    public void Stored_file_names_are_base_names_without_control_or_bidi_characters(string? sent, string? stored) =>
        Assert.Equal(stored, StoredFileName.Clean(sent));

    [Fact]
    public void A_long_file_name_is_capped_and_keeps_its_extension()
    {
        var name = StoredFileName.Clean(new string('a', 500) + ".xlsx")!;
        Assert.Equal(StoredFileName.MaxLength, name.Length);
        Assert.EndsWith("a.xlsx", name);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")")]
    [InlineData("+31 6", "'+31 6")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("\r=1", "'\r=1")]
    [InlineData("＝1+1", "'＝1+1")]
    [InlineData("Zorg BV", "Zorg BV")]
    [InlineData("a=b", "a=b")]
    [InlineData("", "")]
    public void Spreadsheet_text_that_would_start_a_formula_gets_an_apostrophe(string text, string written) =>
        Assert.Equal(written, SpreadsheetText.Safe(text));
}
