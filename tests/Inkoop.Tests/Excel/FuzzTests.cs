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
