using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using static Inkoop.Tests.Shared.ZipPackages;

namespace Inkoop.Tests.Support;

/// <summary>
/// Rewrites a workbook into the shape openpyxl-like writers give it: every text cell an inline string
/// (<c>t="inlineStr"</c>), and chosen cells a formula with an empty stored result (<c>&lt;f&gt;…&lt;/f&gt;&lt;v&gt;&lt;/v&gt;</c>,
/// no type), which is how openpyxl writes every formula and what a workbook re-saved by it keeps.
/// </summary>
public static partial class OpenpyxlShape
{
    /// <param name="formulas">Cells as <c>Sheet!A1</c> (the address in findings) that become formulas without a result.</param>
    public static byte[] Of(byte[] xlsx, params string[] formulas)
    {
        var entries = Entries(xlsx).ToDictionary(e => e.Name, e => Encoding.UTF8.GetString(e.Content));
        var shared = entries.TryGetValue("xl/sharedStrings.xml", out var sst)
            ? SharedItem().Matches(sst).Select(m => string.Concat(Text().Matches(m.Value).Select(t => WebUtility.HtmlDecode(t.Groups[1].Value)))).ToList()
            : [];
        var sheetParts = SheetParts(entries);
        var wanted = formulas.Select(f => f.Split('!')).GroupBy(p => sheetParts[p[0].Trim('\'')], p => p[1]).ToDictionary(g => g.Key, g => g.ToHashSet());

        var found = 0;
        var rewritten = Rezip(xlsx, (name, content) =>
        {
            if (!name.StartsWith("xl/worksheets/sheet")) return content;
            var xml = Cell().Replace(entries[name], m =>
            {
                var reference = m.Groups["r"].Value;
                if (wanted.TryGetValue(name, out var cells) && cells.Contains(reference))
                {
                    found++;
                    return $"<c r=\"{reference}\"><f>1+1</f><v></v></c>";
                }
                if (m.Groups["t"].Value != "s") return m.Value;
                var text = WebUtility.HtmlEncode(shared[int.Parse(Value().Match(m.Value).Groups[1].Value)]);
                return $"<c r=\"{reference}\" t=\"inlineStr\"><is><t xml:space=\"preserve\">{text}</t></is></c>";
            });
            return Encoding.UTF8.GetBytes(xml);
        });
        Assert.Equal(formulas.Length, found);
        return rewritten;
    }

    /// <summary>Sheet name to worksheet part, through the workbook's relationships.</summary>
    private static Dictionary<string, string> SheetParts(Dictionary<string, string> entries)
    {
        var targets = Relationship().Matches(entries["xl/_rels/workbook.xml.rels"])
            .ToDictionary(m => m.Groups["id"].Value, m => "xl/" + m.Groups["target"].Value.TrimStart('/').Replace("xl/", ""));
        return Sheet().Matches(entries["xl/workbook.xml"]).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => targets[m.Groups["id"].Value]);
    }

    [GeneratedRegex("<si>.*?</si>", RegexOptions.Singleline)]
    private static partial Regex SharedItem();

    [GeneratedRegex("<t(?:\\s[^>]*)?>(.*?)</t>", RegexOptions.Singleline)]
    private static partial Regex Text();

    [GeneratedRegex("<v>(.*?)</v>")]
    private static partial Regex Value();

    [GeneratedRegex("<c r=\"(?<r>[A-Z]+[0-9]+)\"(?:[^>]*?\\st=\"(?<t>[a-zA-Z]+)\")?[^>]*?(?:/>|>.*?</c>)", RegexOptions.Singleline)]
    private static partial Regex Cell();

    [GeneratedRegex("<Relationship [^>]*?Id=\"(?<id>[^\"]+)\"[^>]*?Target=\"(?<target>[^\"]+)\"")]
    private static partial Regex Relationship();

    [GeneratedRegex("<sheet [^>]*?name=\"(?<name>[^\"]+)\"[^>]*?r:id=\"(?<id>[^\"]+)\"")]
    private static partial Regex Sheet();
}
