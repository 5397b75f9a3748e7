using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Inkoop.Domain.Formats;
using Inkoop.Domain.Rounds;
using Inkoop.Excel;
using Inkoop.Tests.Support;
using Xunit.Abstractions;
using static Inkoop.Tests.Shared.ZipPackages;

namespace Inkoop.Tests.Excel;

/// <summary>
/// The hostile corpus of issue 8, built here from a valid format: each upload is refused with a clear
/// finding or read correctly, within a generous time bound and with bounded allocation, and the test
/// process lives on (a stack overflow or a hang would end or stall the run).
/// </summary>
public class HostileUploadTests(ITestOutputHelper output)
{
    private static readonly RoundConfiguration Round = RoundConfigurationParser.Parse("""
        { "round": "voorbeeld-2025", "referenceYear": 2023, "repairDeadline": "2023-09-15",
          "products": [ { "code": "45A11", "unit": "uur" }, { "code": "41D11", "unit": "dagdeel" }, { "code": "44V11", "unit": "etmaal" } ] }
        """);

    private const string GeneralSheet = "xl/worksheets/sheet1.xml"; // "Algemeen", the first sheet of FormatWorkbook
    private static readonly TimeSpan TimeBound = TimeSpan.FromSeconds(10);
    private const long AllocationBound = 64L * 1024 * 1024;

    private static byte[] Valid() => FormatWorkbook.Build(FormatData.Valid());

    /// <summary>Validates an upload as the API does, measuring time and this thread's allocations.</summary>
    private ProviderFormat Intake(byte[] upload, WorkbookLimits? limits = null)
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        var format = FormatIntake.Validate(new MemoryStream(upload, writable: false), Round, limits);
        watch.Stop();
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        output.WriteLine($"{upload.Length:N0} bytes: {watch.Elapsed.TotalMilliseconds:N1} ms, {allocated / 1024:N0} KiB allocated, " +
                         string.Join(", ", format.Findings.Select(f => f.Code).Distinct()));
        Assert.True(watch.Elapsed < TimeBound, $"took {watch.Elapsed}");
        Assert.True(allocated < AllocationBound, $"allocated {allocated:N0} bytes");
        return format;
    }

    private ProviderFormat Refused(byte[] upload, string code, string? messagePart = null, WorkbookLimits? limits = null)
    {
        var format = Intake(upload, limits);
        Assert.True(format.IsRejected);
        var finding = Assert.Single(format.Findings);
        Assert.Equal(code, finding.Code);
        if (messagePart is not null)
            Assert.Contains(messagePart, finding.Message);
        return format;
    }

    private static string OverheadCell(byte[] xlsx) =>
        FormatReader.Read(new MemoryStream(xlsx)).Names[FormatSchema.Overhead].Cell.Split('!')[1];

    /// <summary>The format with the Overhead cell replaced by <paramref name="cellXml"/> (given its reference).</summary>
    private static byte[] WithOverheadCell(Func<string, string> cellXml)
    {
        var valid = Valid();
        var reference = OverheadCell(valid);
        var replaced = false;
        var upload = Rezip(valid, (name, content) =>
        {
            if (name != GeneralSheet) return content;
            var xml = Encoding.UTF8.GetString(content);
            var pattern = new Regex($"<c r=\"{reference}\"[^>]*?(/>|>.*?</c>)");
            replaced = pattern.IsMatch(xml);
            return Encoding.UTF8.GetBytes(pattern.Replace(xml, cellXml(reference), 1));
        });
        Assert.True(replaced);
        return upload;
    }

    private static byte[] ChangePart(byte[] xlsx, string part, Func<string, string> change) =>
        Rezip(xlsx, (name, content) => name == part ? Encoding.UTF8.GetBytes(change(Encoding.UTF8.GetString(content))) : content);

    private static string AfterRootStart(string xml, string insert)
    {
        var declaration = xml.StartsWith("<?xml") ? xml.IndexOf("?>", StringComparison.Ordinal) + 2 : 0;
        var rootEnd = xml.IndexOf('>', xml.IndexOf('<', declaration)) + 1;
        return xml[..rootEnd] + insert + xml[rootEnd..];
    }

    [Fact]
    public void A_formula_of_100000_nested_brackets_without_a_result_is_a_finding_and_never_evaluated()
    {
        var formula = new string('(', 100_000) + "1" + new string(')', 100_000);
        var format = Intake(WithOverheadCell(r => $"<c r=\"{r}\"><f>{formula}</f></c>"));

        var finding = Assert.Single(format.Findings);
        Assert.Equal(FindingCodes.FormulaNotCalculated, finding.Code);
        Assert.Equal(FormatSchema.Overhead, finding.Variable);
        Assert.Contains("LibreOffice", finding.Message);
    }

    [Fact]
    public void A_REPT_formula_without_a_result_costs_nothing()
    {
        var format = Intake(WithOverheadCell(r => $"<c r=\"{r}\"><f>LEN(REPT(REPT(\"x\",30000),30000))</f></c>"));
        Assert.Equal(FindingCodes.FormulaNotCalculated, Assert.Single(format.Findings).Code);
    }

    [Fact]
    public void A_formula_with_its_stored_result_counts_with_that_result()
    {
        var format = Intake(WithOverheadCell(r => $"<c r=\"{r}\"><f>LEN(REPT(\"x\",30000))/100000</f><v>0.3</v></c>"));
        Assert.Empty(format.Findings);
        Assert.Equal(0.3m, format.Values[FormatSchema.Overhead]);
    }

    [Fact]
    public void Unknown_elements_in_sheetData_are_stepped_over_and_the_values_read()
    {
        var valid = Valid();
        var expected = FormatIntake.Validate(new MemoryStream(valid), Round);
        var filler = string.Concat(Enumerable.Repeat("<x:unknown a=\"1\"><x:deeper>tekst</x:deeper></x:unknown>", 200));
        var upload = ChangePart(valid, GeneralSheet, xml => xml
            .Replace("<sheetData>", $"<sheetData><x:unknown xmlns:x=\"urn:x\"/>{filler.Replace("<x:unknown", "<x:unknown xmlns:x=\"urn:x\"")}")
            .Replace("</sheetData>", $"{filler.Replace("<x:unknown", "<x:unknown xmlns:x=\"urn:x\"")}</sheetData>"));
        Assert.True(upload.Length > 0);

        var format = Intake(upload);

        Assert.Empty(format.Findings);
        Assert.Equal(expected.Values, format.Values);
    }

    [Fact]
    public void A_thousand_nested_unknown_elements_in_a_cell_are_refused_quickly()
    {
        var nested = string.Concat(Enumerable.Repeat("<u>", 1000)) + string.Concat(Enumerable.Repeat("</u>", 1000));
        Refused(WithOverheadCell(r => $"<c r=\"{r}\"><v>0.2{nested}</v></c>"), FindingCodes.FileRefused, "genest");
    }

    [Theory]
    [InlineData("[Content_Types].xml")]
    [InlineData("_rels/.rels")]
    [InlineData("xl/_rels/workbook.xml.rels")]
    [InlineData("xl/workbook.xml")]
    [InlineData(GeneralSheet)]
    [InlineData("xl/worksheets/_rels/sheet2.xml.rels")]
    [InlineData("xl/tables/table1.xml")]
    [InlineData("xl/sharedStrings.xml")]
    public void Deep_nesting_in_any_part_we_read_is_refused(string part)
    {
        var valid = Valid();
        Assert.Contains(part, PartNamesOf(valid));
        var nested = string.Concat(Enumerable.Repeat("<n>", 1000)) + string.Concat(Enumerable.Repeat("</n>", 1000));
        Refused(ChangePart(valid, part, xml => AfterRootStart(xml, nested)), FindingCodes.FileRefused, "genest");
    }

    [Fact]
    public void Deep_nesting_in_parts_we_do_not_need_is_never_inflated_and_the_file_reads()
    {
        var nested = string.Concat(Enumerable.Repeat("<n>", 100_000)) + string.Concat(Enumerable.Repeat("</n>", 100_000));
        var upload = Rezip(Valid(), (_, c) => c, [("docProps/custom.xml", Encoding.UTF8.GetBytes($"<Properties>{nested}</Properties>"))]);
        Assert.Empty(Intake(upload, WorkbookLimits.Default with { MaxCompressionRatio = 100_000 }).Findings);
    }

    [Fact]
    public void Deep_nesting_of_100000_elements_in_a_sheet_stops_at_the_depth_limit()
    {
        var nested = string.Concat(Enumerable.Repeat("<n>", 100_000)) + string.Concat(Enumerable.Repeat("</n>", 100_000));
        // Past the ratio guard on purpose, to show the XML reader itself stays bounded.
        Refused(ChangePart(Valid(), GeneralSheet, xml => AfterRootStart(xml, nested)), FindingCodes.FileRefused, "genest",
            WorkbookLimits.Default with { MaxCompressionRatio = 100_000 });
    }

    [Theory]
    [InlineData("application/vnd.ms-office.vbaProj&#101;ct", "macro")]
    [InlineData("application/vnd.ms-excel.macro&#115;heet+xml", "macro")]
    [InlineData("application/vnd.openxmlformats-officedocument.spreadsheetml.externalLin&#107;+xml", "koppelingen")]
    [InlineData("application/vnd.openxmlformats-officedocument.spreadsheetml.connection&#115;+xml", "gegevensverbindingen")]
    [InlineData("application/vnd.ms-office.active&#88;+xml", "ActiveX")]
    [InlineData("application/vnd.openxmlformats-officedocument.ole&#79;bject", "ingesloten")]
    public void Refused_content_types_spelled_with_character_references_under_other_names_are_refused(string contentType, string message)
    {
        var upload = Rezip(
            ChangePart(Valid(), "[Content_Types].xml", xml => xml.Replace("</Types>", $"<Override PartName=\"/xl/gewoon.xml\" ContentType=\"{contentType}\"/></Types>")),
            (_, c) => c, [("xl/gewoon.xml", "<x/>"u8.ToArray())]);
        Refused(upload, FindingCodes.FileRefused, message);
    }

    [Theory]
    [InlineData("http://schemas.microsoft.com/office/2006/relationships/vbaProj&#101;ct", "macro")]
    [InlineData("http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLin&#107;", "koppelingen")]
    [InlineData("http://schemas.openxmlformats.org/officeDocument/2006/relationships/connection&#115;", "gegevensverbindingen")]
    [InlineData("http://schemas.openxmlformats.org/officeDocument/2006/relationships/control", "ActiveX")]
    [InlineData("http://schemas.openxmlformats.org/officeDocument/2006/relationships/ole&#79;bject", "ingesloten")]
    [InlineData("http://schemas.openxmlformats.org/officeDocument/2006/relationships/package", "ingesloten")]
    public void Refused_relationships_spelled_with_character_references_are_refused(string type, string message)
    {
        var upload = Rezip(
            ChangePart(Valid(), "xl/worksheets/_rels/sheet2.xml.rels", xml => xml.Replace("</Relationships>",
                $"<Relationship Id=\"rIdX\" Type=\"{type}\" Target=\"../gewoon.bin\"/></Relationships>")),
            (_, c) => c, [("xl/gewoon.bin", new byte[100])]);
        Refused(upload, FindingCodes.FileRefused, message);
    }

    [Fact]
    public void A_data_connection_that_refreshes_on_open_is_refused()
    {
        var upload = Rezip(
            ChangePart(ChangePart(Valid(), "[Content_Types].xml", xml => xml.Replace("</Types>",
                    "<Override PartName=\"/xl/connections.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.connections+xml\"/></Types>")),
                "xl/_rels/workbook.xml.rels", xml => xml.Replace("</Relationships>",
                    "<Relationship Id=\"rIdC\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/connections\" Target=\"connections.xml\"/></Relationships>")),
            (_, c) => c,
            [("xl/connections.xml", """<connections xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><connection id="1" name="web" type="4" refreshOnLoad="1"><webPr url="http://example.invalid/q"/></connection></connections>"""u8.ToArray())]);
        Refused(upload, FindingCodes.FileRefused, "gegevensverbindingen");
    }

    [Theory]
    [InlineData("xl/activeX/activeX1.xml")]
    [InlineData("xl/embeddings/oleObject1.bin")]
    [InlineData("xl/embeddings/Microsoft_Word_Document.docx")]
    public void ActiveX_and_embedded_objects_are_refused(string part) =>
        Refused(Rezip(Valid(), (_, c) => c, [(part, new byte[200])]), FindingCodes.FileRefused, "ingesloten");

    [Fact]
    public void An_external_target_other_than_a_hyperlink_is_refused()
    {
        var upload = ChangePart(Valid(), "xl/worksheets/_rels/sheet2.xml.rels", xml => xml.Replace("</Relationships>",
            "<Relationship Id=\"rIdE\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\" Target=\"http://example.invalid/a.png\" TargetMode=\"External\"/></Relationships>"));
        Refused(upload, FindingCodes.FileRefused, "koppelingen");
    }

    [Fact]
    public void A_needed_part_that_declares_2_KB_with_the_CRC_of_its_first_2_KB_but_inflates_to_50_MiB_is_refused()
    {
        var upload = ChangePart(Valid(), GeneralSheet, xml => xml.Replace("</worksheet>", $"<!--{new string('x', 50 * 1024 * 1024)}--></worksheet>"));
        var sheet = Inflate(upload, GeneralSheet);
        PatchDeclaredSize(upload, GeneralSheet, 2048, System.IO.Hashing.Crc32.HashToUInt32(sheet.AsSpan(0, 2048)));
        Refused(upload, FindingCodes.FileUnreadable);
    }

    [Fact]
    public void A_needed_part_that_inflates_somewhat_beyond_its_declared_size_is_stopped_there()
    {
        // Small enough to pass the central directory's plausibility check: the bounded read catches it.
        var upload = ChangePart(Valid(), GeneralSheet, xml => xml.Replace("</worksheet>", $"<!--{new string('x', 20_000)}--></worksheet>"));
        var sheet = Inflate(upload, GeneralSheet);
        PatchDeclaredSize(upload, GeneralSheet, 2048, System.IO.Hashing.Crc32.HashToUInt32(sheet.AsSpan(0, 2048)));
        Refused(upload, FindingCodes.FileUnreadable);
    }

    [Fact]
    public void Sixty_three_entries_of_a_million_bytes_are_refused_before_inflating()
    {
        var upload = Rezip(Valid(), (_, c) => c, Enumerable.Range(0, 63).Select(i => ($"xl/media/image{i}.bin", new byte[1_000_000])));
        Assert.True(upload.Length < 200_000);
        Refused(upload, FindingCodes.FileRefused);
    }

    [Fact]
    public void A_zip_bomb_is_refused_before_inflating()
    {
        var upload = Rezip(Valid(), (_, c) => c, [("xl/media/zeros.bin", new byte[60_000_000])]);
        Refused(upload, FindingCodes.FileRefused);
    }

    [Fact]
    public void Billion_laughs_is_refused_without_expanding()
    {
        const string laughs = """
            <?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
            <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
            <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"><!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
            <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;"><!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
            <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;"><!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
            """;
        var upload = ChangePart(Valid(), "xl/sharedStrings.xml", xml =>
            laughs + Regex.Replace(xml, @"^<\?xml[^>]*\?>", "").Replace("<t>MBO3</t>", "<t>&lol9;</t>"));
        Refused(upload, FindingCodes.FileUnreadable);
    }

    [Fact]
    public void An_external_entity_is_never_resolved()
    {
        var upload = ChangePart(Valid(), "xl/workbook.xml", xml =>
            "<?xml version=\"1.0\"?><!DOCTYPE workbook [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>" +
            Regex.Replace(xml, @"^<\?xml[^>]*\?>", "").Replace("<sheets>", "<sheets>&xxe;"));
        Refused(upload, FindingCodes.FileUnreadable);
    }

    [Fact]
    public void Every_truncation_of_a_valid_format_is_unreadable()
    {
        var valid = Valid();
        for (var length = 0; length < valid.Length; length += 97)
            Refused(valid[..length], FindingCodes.FileUnreadable);
    }

    [Fact]
    public void A_cancelled_request_stops_the_work()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => FormatReader.Read(new MemoryStream(Valid()), ct: cancelled.Token));
    }

    private static byte[] Inflate(byte[] xlsx, string part)
    {
        using var archive = new System.IO.Compression.ZipArchive(new MemoryStream(xlsx));
        using var content = new MemoryStream();
        using (var stream = archive.GetEntry(part)!.Open()) stream.CopyTo(content);
        return content.ToArray();
    }

    private static List<string> PartNamesOf(byte[] xlsx)
    {
        using var archive = new System.IO.Compression.ZipArchive(new MemoryStream(xlsx));
        return archive.Entries.Select(e => e.FullName).ToList();
    }
}
