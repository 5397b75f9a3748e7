using static Inkoop.Tests.Shared.ZipPackages;
using System.IO.Compression;
using System.Text;
using Inkoop.Domain.Formats;
using Inkoop.Excel;
using static Inkoop.Tests.Excel.ExcelTestData;

namespace Inkoop.Tests.Excel;

public class WorkbookPackageTests
{
    private static UnreadableWorkbookException Refuses(byte[] upload, WorkbookLimits? limits = null) =>
        Assert.Throws<UnreadableWorkbookException>(() => Read(upload, limits));

    private static void AssertCode(string code, UnreadableWorkbookException e)
    {
        Assert.Equal(code, e.Code);
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
        Assert.DoesNotContain("Exception", e.Message);
    }

    [Fact]
    public void A_macro_project_is_refused()
    {
        var upload = Rezip(SmallFormat(), (_, c) => c, [("xl/vbaProject.bin", new byte[100])]);
        var e = Refuses(upload);
        AssertCode(FindingCodes.FileRefused, e);
        Assert.Contains("macro", e.Message);
    }

    [Fact]
    public void A_macro_sheet_is_refused()
    {
        // A macro-enabled workbook type alone is no macro (.xlsm without macros reads: WriterShapesTests); a macro sheet is.
        var upload = Rezip(SmallFormat(), (name, content) => name == "[Content_Types].xml"
            ? Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(content).Replace("</Types>",
                "<Override PartName=\"/xl/macro1.xml\" ContentType=\"application/vnd.ms-excel.macrosheet+xml\"/></Types>"))
            : content, [("xl/macro1.xml", "<xm:macrosheet xmlns:xm=\"http://schemas.microsoft.com/office/excel/2006/main\"/>"u8.ToArray())]);
        var e = Refuses(upload);
        AssertCode(FindingCodes.FileRefused, e);
        Assert.Contains("macro", e.Message);
    }

    [Fact]
    public void External_links_are_refused()
    {
        var upload = Rezip(SmallFormat(), (_, c) => c, [("xl/externalLinks/externalLink1.xml", "<externalLink/>"u8.ToArray())]);
        var e = Refuses(upload);
        AssertCode(FindingCodes.FileRefused, e);
        Assert.Contains("koppelingen", e.Message);
    }

    [Fact]
    public void Too_many_entries_are_refused()
    {
        var extra = Enumerable.Range(0, WorkbookLimits.Default.MaxEntries).Select(i => ($"xl/media/extra{i}.txt", new byte[1]));
        AssertCode(FindingCodes.FileRefused, Refuses(Rezip(SmallFormat(), (_, c) => c, extra)));
    }

    [Fact]
    public void An_upload_above_the_input_limit_is_refused_without_reading_it_all()
    {
        var upload = new ThrowingAfterStream(WorkbookLimits.Default.MaxInputBytes + 1, failAfter: WorkbookLimits.Default.MaxInputBytes + 200_000);
        var e = Assert.Throws<UnreadableWorkbookException>(() => FormatReader.Read(upload));
        AssertCode(FindingCodes.FileRefused, e);
    }

    [Fact]
    public void A_highly_compressed_bomb_is_refused()
    {
        var bomb = Rezip(SmallFormat(), (_, c) => c, [("xl/media/zeros.bin", new byte[50_000_000])]);
        Assert.True(bomb.Length < 1_000_000);
        var e = Refuses(bomb);
        AssertCode(FindingCodes.FileRefused, e);
    }

    [Fact]
    public void An_entry_declared_too_large_is_refused()
    {
        var upload = Rezip(SmallFormat(), (_, c) => c, [("xl/media/big.bin", RandomBytes(3_000_000, 7))]);
        AssertCode(FindingCodes.FileRefused, Refuses(upload, WorkbookLimits.Default with { MaxEntryBytes = 2_000_000 }));
        AssertCode(FindingCodes.FileRefused, Refuses(upload, WorkbookLimits.Default with { MaxTotalUncompressedBytes = 2_000_000 }));
    }

    [Fact]
    public void An_entry_that_lies_about_its_size_never_expands_beyond_the_declared_size()
    {
        // 30 MB of zeros declared as 1 KB in both local header and central directory: EPPlus would
        // allocate by the header. ZipArchive stops at the declared size and the guard's CRC check
        // sees the truncation, so the file is refused as damaged before EPPlus sees a byte.
        var upload = Rezip(SmallFormat(), (_, c) => c, [("xl/media/liar.bin", new byte[30_000_000])]);
        PatchDeclaredSize(upload, "xl/media/liar.bin", 1_000);
        using (var archive = new ZipArchive(new MemoryStream(upload)))
            Assert.Equal(1_000, archive.GetEntry("xl/media/liar.bin")!.Length);

        var limits = WorkbookLimits.Default with { MaxEntryBytes = 1_000_000 };
        AssertCode(FindingCodes.FileUnreadable, Refuses(upload, limits));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 0x50, 0x4B, 0x05, 0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })]
    public void Empty_old_xls_and_empty_zip_are_unreadable(byte[] upload) =>
        AssertCode(FindingCodes.FileUnreadable, Refuses(upload));

    [Fact]
    public void An_xls_gets_a_message_about_the_old_format() =>
        Assert.Contains(".xls", Refuses([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 1, 2, 3]).Message);

    [Fact]
    public void Random_bytes_csv_and_truncated_zips_are_unreadable()
    {
        AssertCode(FindingCodes.FileUnreadable, Refuses(RandomBytes(5_000, 1)));
        AssertCode(FindingCodes.FileUnreadable, Refuses("Productcode;Volume\n45A11;12\n"u8.ToArray()));
        var valid = SmallFormat();
        AssertCode(FindingCodes.FileUnreadable, Refuses(valid[..(valid.Length / 2)]));
        AssertCode(FindingCodes.FileUnreadable, Refuses(valid[..(valid.Length - 10)]));
    }

    [Fact]
    public void A_zip_that_is_no_workbook_is_unreadable()
    {
        var document = Rezip(SmallFormat(), (name, c) => name == "xl/workbook.xml" ? null : c);
        var e = Refuses(document);
        AssertCode(FindingCodes.FileUnreadable, e);
        Assert.Contains("geen geldig Excel-werkboek", e.Message);
    }

    [Fact]
    public void Broken_xml_inside_a_valid_zip_is_unreadable()
    {
        var broken = Rezip(SmallFormat(), (name, c) => name == "xl/workbook.xml" ? c[..(c.Length / 2)] : c);
        AssertCode(FindingCodes.FileUnreadable, Refuses(broken));
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>An endless non-seekable upload that fails the test if read far beyond the limit.</summary>
    private sealed class ThrowingAfterStream(long length, long failAfter) : Stream
    {
        private long _position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count)
        {
            Assert.True(_position < failAfter, "the guard read far past its input limit");
            var n = (int)Math.Min(count, Math.Max(0, length * 10 - _position));
            Array.Fill(buffer, (byte)'P', offset, n);
            _position += n;
            return n;
        }
    }
}
