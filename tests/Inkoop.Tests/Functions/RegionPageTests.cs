using Inkoop.Functions.Apis;

namespace Inkoop.Tests.Functions;

/// <summary>The region's name and contact filled into a page, as text: nothing in a setting becomes markup.</summary>
public sealed class RegionPageTests
{
    private const string Page = """<body data-contact="%REGIO_CONTACT%"><h1>%REGIO_NAAM%</h1><p>Vraag %REGIO_NAAM%%REGIO_CONTACT_LINK%.</p></body>""";

    [Fact]
    public void Name_and_contact_fill_the_page_with_a_mail_link()
    {
        var html = RegionPage.Fill(Page, new RegionOptions { Name = "Regio Achterhoek", Contact = "inkoop@achterhoek.nl" });
        Assert.Equal("""<body data-contact="inkoop@achterhoek.nl"><h1>Regio Achterhoek</h1><p>Vraag Regio Achterhoek (<a href="mailto:inkoop@achterhoek.nl">inkoop@achterhoek.nl</a>).</p></body>""", html);
    }

    [Fact]
    public void Without_a_contact_no_link_and_settings_stay_text()
    {
        var html = RegionPage.Fill(Page, new RegionOptions { Name = "<script>x</script> & \"Twente\"", Contact = "" });
        Assert.Equal("""<body data-contact=""><h1>&lt;script&gt;x&lt;/script&gt; &amp; &quot;Twente&quot;</h1><p>Vraag &lt;script&gt;x&lt;/script&gt; &amp; &quot;Twente&quot;.</p></body>""", html);
    }
}
