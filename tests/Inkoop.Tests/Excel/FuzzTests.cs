using static Inkoop.Tests.Shared.ZipPackages;
using System.Diagnostics;
using Inkoop.Excel;
using Xunit.Abstractions;
using static Inkoop.Tests.Excel.ExcelTestData;

namespace Inkoop.Tests.Excel;

/// <summary>
/// Damaged uploads must end as a <see cref="UnreadableWorkbookException"/> or a read, never as any
/// other exception from the zip layer or EPPlus. Fixed seeds keep failures reproducible.
/// </summary>
public class FuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void Truncated_and_bit_flipped_packages_either_read_or_are_unreadable()
    {
        var valid = SmallFormat(extras: true);
        var random = new Random(1234);
        var cases = new List<byte[]>();
        for (var i = 0; i < 80; i++)
            cases.Add(valid[..random.Next(valid.Length)]);
        for (var i = 0; i < 220; i++)
        {
            var bytes = (byte[])valid.Clone();
            for (var flips = random.Next(1, 5); flips > 0; flips--)
                bytes[random.Next(bytes.Length)] ^= (byte)random.Next(1, 256);
            cases.Add(bytes);
        }

        Run(cases);
    }

    [Fact]
    public void Packages_with_damaged_xml_parts_either_read_or_are_unreadable()
    {
        // Byte flips in the zip mostly hit compressed data and are caught by the CRC check, so
        // this damages the XML itself and re-zips it: that is what reaches EPPlus's parsers.
        var valid = SmallFormat(extras: true);
        var random = new Random(5678);
        var cases = new List<byte[]>();
        for (var i = 0; i < 200; i++)
        {
            cases.Add(Rezip(valid, (name, content) =>
            {
                if (!name.EndsWith(".xml") || content.Length == 0 || random.Next(3) != 0)
                    return content;
                var bytes = content.ToList();
                for (var edits = random.Next(1, 4); edits > 0; edits--)
                {
                    var at = random.Next(bytes.Count);
                    switch (random.Next(4))
                    {
                        case 0: bytes[at] = (byte)random.Next(32, 127); break;
                        case 1: bytes.RemoveRange(at, Math.Min(random.Next(1, 40), bytes.Count - at)); break;
                        case 2: bytes.InsertRange(at, "<>\"'&;:9-!#"u8.ToArray().Skip(random.Next(10)).Take(random.Next(1, 5))); break;
                        default: bytes.InsertRange(at, bytes.Skip(random.Next(bytes.Count)).Take(random.Next(1, 60)).ToList()); break;
                    }
                    if (bytes.Count == 0)
                        break;
                }
                return [.. bytes];
            }));
        }

        Run(cases);
    }

    private const int Cases = 2000;

    [Fact]
    public void Thousands_of_mutated_formats_from_three_writers_end_as_a_format_with_findings_or_a_clean_refusal()
    {
        var round = Inkoop.Tests.Domain.WorkedExampleTests.Round();
        byte[][] seeds =
        [
            Inkoop.Tests.Support.FormatWorkbook.Build(Inkoop.Tests.Domain.WorkedExampleTests.Providers().First()),
            File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "exceljs", "worked-example-34567890.xlsx")),
            OpenXmlWorkbookTests.OpenXmlWorkbook(),
        ];
        var random = new Random(8);
        var watch = Stopwatch.StartNew();
        var outcomes = new Dictionary<string, int>();
        for (var i = 0; i < Cases; i++)
        {
            var seed = seeds[i % seeds.Length];
            var mutated = (i / seeds.Length) % 4 == 0 ? FlipBytes(seed, random) : MutateXml(seed, random);
            var caseWatch = Stopwatch.StartNew();
            Inkoop.Domain.Formats.ProviderFormat format;
            try
            {
                format = FormatIntake.Validate(new MemoryStream(mutated, writable: false), round);
            }
            catch (Exception e)
            {
                Assert.Fail($"case {i}: {e.GetType().Name} escaped: {e.Message}");
                return;
            }
            Assert.True(caseWatch.Elapsed < TimeSpan.FromSeconds(2), $"case {i} took {caseWatch.Elapsed}");
            var outcome = format.IsRejected ? format.Findings[0].Code : format.Findings.Count > 0 ? "findings" : "clean";
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }
        output.WriteLine($"{Cases} cases in {watch.ElapsedMilliseconds} ms: " + string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value}")));
        Assert.True(outcomes.Count > 2, "the mutations should reach more than one outcome");
    }

    private static byte[] FlipBytes(byte[] valid, Random random)
    {
        var bytes = (byte[])valid.Clone();
        for (var flips = random.Next(1, 4); flips > 0; flips--)
            bytes[random.Next(bytes.Length)] ^= (byte)random.Next(1, 256);
        return bytes;
    }

    /// <summary>One XML part changed: truncated, an element duplicated or dropped, or a number in an attribute replaced.</summary>
    private static byte[] MutateXml(byte[] valid, Random random)
    {
        var parts = new List<string>();
        using (var archive = new System.IO.Compression.ZipArchive(new MemoryStream(valid)))
            parts.AddRange(archive.Entries.Select(e => e.FullName).Where(n => n.EndsWith(".xml") || n.EndsWith(".rels")));
        var target = parts[random.Next(parts.Count)];
        return Rezip(valid, (name, content) =>
        {
            if (name != target || content.Length == 0) return content;
            var xml = System.Text.Encoding.UTF8.GetString(content);
            var elements = System.Text.RegularExpressions.Regex.Matches(xml, @"<([A-Za-z:]+)\b[^<>]*?(/>|>[^<]*</\1>)");
            var numbers = System.Text.RegularExpressions.Regex.Matches(xml, "=\"[A-Z]*[0-9]+\"");
            switch (random.Next(4))
            {
                case 0:
                    return content[..random.Next(content.Length)];
                case 1 when elements.Count > 0:
                    var duplicated = elements[random.Next(elements.Count)];
                    return System.Text.Encoding.UTF8.GetBytes(xml.Insert(duplicated.Index + duplicated.Length, string.Concat(Enumerable.Repeat(duplicated.Value, random.Next(1, 50)))));
                case 2 when elements.Count > 0:
                    var dropped = elements[random.Next(elements.Count)];
                    return System.Text.Encoding.UTF8.GetBytes(xml.Remove(dropped.Index, dropped.Length));
                case 3 when numbers.Count > 0:
                    var number = numbers[random.Next(numbers.Count)];
                    string[] odd = ["=\"0\"", "=\"-1\"", "=\"99999999999\"", "=\"XFE1048577\"", "=\"A0\"", "=\"\"", "=\"1e308\"", "=\"A1:XFD1048576\""];
                    return System.Text.Encoding.UTF8.GetBytes(xml.Remove(number.Index, number.Length).Insert(number.Index, odd[random.Next(odd.Length)]));
                default:
                    return content[..^1];
            }
        });
    }

    private void Run(List<byte[]> cases)
    {
        var watch = Stopwatch.StartNew();
        int read = 0, refused = 0;
        for (var i = 0; i < cases.Count; i++)
        {
            try
            {
                Read(cases[i]);
                read++;
            }
            catch (UnreadableWorkbookException)
            {
                refused++;
            }
            catch (Exception e)
            {
                Assert.Fail($"case {i}: {e.GetType().Name} escaped: {e.Message}");
            }
        }
        output.WriteLine($"{cases.Count} cases: {read} read, {refused} unreadable, {watch.ElapsedMilliseconds} ms");
    }
}
