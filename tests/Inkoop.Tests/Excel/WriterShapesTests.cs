using System.Text;
using System.Text.RegularExpressions;
using Inkoop.Cli;
using Inkoop.Domain.Formats;
using Inkoop.Domain.Rounds;
using Inkoop.Excel;
using Inkoop.Tests.Support;
using static Inkoop.Tests.Shared.ZipPackages;

namespace Inkoop.Tests.Excel;

/// <summary>
/// The regression corpus of issue 20: valid workbooks in the shapes other programs write (ONLYOFFICE, openpyxl,
/// Gnumeric, writers with backslashes or small deflate parts, .xlsm without macros), each built here from a valid
/// format. Each must read as the format it is; where a shape is hostile after all, it stays refused.
/// </summary>
public class WriterShapesTests
{
    private static readonly RoundConfiguration Round = RoundConfigurationParser.Parse("""
        { "round": "voorbeeld-2025", "referenceYear": 2023, "repairDeadline": "2023-09-15",
          "products": [ { "code": "45A11", "unit": "uur" }, { "code": "41D11", "unit": "dagdeel" }, { "code": "44V11", "unit": "etmaal" } ] }
        """);

    private const string GeneralSheet = "xl/worksheets/sheet1.xml";
    private const string ContentTypes = "[Content_Types].xml";

    private static byte[] Valid() => FormatWorkbook.Build(FormatData.Valid());

    private static ProviderFormat Intake(byte[] upload) => FormatIntake.Validate(new MemoryStream(upload, writable: false), Round);

    /// <summary>Reads as the valid format does: no findings, the same values.</summary>
    private static void ReadsAsValid(byte[] upload)
    {
        var expected = Intake(Valid());
        var format = Intake(upload);
        Assert.Empty(format.Findings);
        Assert.False(format.IsRejected);
        Assert.Equal(expected.Values, format.Values);
    }

    private static Finding RefusedWith(byte[] upload, string code, string messagePart)
    {
        var format = Intake(upload);
        Assert.True(format.IsRejected);
        var finding = Assert.Single(format.Findings);
        Assert.Equal(code, finding.Code);
        Assert.Contains(messagePart, finding.Message);
        return finding;
    }

    private static byte[] ChangePart(byte[] xlsx, string part, Func<string, string> change) =>
        Rezip(xlsx, (name, content) => name == part ? Encoding.UTF8.GetBytes(change(Encoding.UTF8.GetString(content))) : content);

    private static byte[] AddContentType(byte[] xlsx, string declaration) =>
        ChangePart(xlsx, ContentTypes, xml => xml.Replace("</Types>", declaration + "</Types>"));

    // ---- ONLYOFFICE ----

    private const string OnlyOfficeBin = "<Default Extension=\"bin\" ContentType=\"application/vnd.openxmlformats-officedocument.oleObject\"/>";

    [Fact]
    public void ONLYOFFICE_declaring_bin_as_OLE_object_without_such_a_part_reads()
    {
        ReadsAsValid(AddContentType(Valid(), OnlyOfficeBin));
    }

    [Fact]
    public void A_bin_part_that_is_there_under_that_declaration_is_refused()
    {
        var upload = Rezip(AddContentType(Valid(), OnlyOfficeBin), (_, c) => c, [("xl/gewoon.bin", new byte[100])]);
        RefusedWith(upload, FindingCodes.FileRefused, "ingesloten");
    }

    // ---- small parts that deflate made larger ----

    [Fact]
    public void A_small_part_whose_deflate_data_is_larger_than_the_part_reads()
    {
        const string part = "xl/_rels/workbook.xml.rels";
        var entries = Entries(Valid());
        var content = entries.Single(e => e.Name == part).Content;
        var grown = StoredBlocks(content, 40);
        // What the central directory check refused before: more than 64 bytes of growth on a small part.
        Assert.True(grown.Length > content.Length + 64, $"{content.Length} -> {grown.Length}");

        ReadsAsValid(WriteRaw(entries, (name, bytes) => name == part ? StoredBlocks(bytes, 40) : Deflate(bytes)));
    }

    [Fact]
    public void Compressed_data_far_larger_than_the_declared_size_is_still_refused()
    {
        var entries = Entries(Valid());
        // 200 bytes of XML comment per stored block of 1: five times its size, no deflate writer does that.
        var upload = WriteRaw(entries, (name, bytes) => name == GeneralSheet ? StoredBlocks(bytes, 1) : Deflate(bytes));
        RefusedWith(upload, FindingCodes.FileUnreadable, "beschadigd");
    }

    // ---- tables ----

    [Fact]
    public void A_table_with_only_a_displayName_is_found_by_it()
    {
        var upload = ChangePart(Valid(), "xl/tables/table1.xml", xml => Regex.Replace(xml, "\\sname=\"Personeel\"", ""));
        Assert.DoesNotContain(" name=\"Personeel\"", Encoding.UTF8.GetString(Entries(upload).Single(e => e.Name == "xl/tables/table1.xml").Content));
        ReadsAsValid(upload);
    }

    [Theory]
    [InlineData("<table xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" id=\"9\" ref=\"A1:B2\"/>")]
    [InlineData("<table xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" id=\"9\" name=\"Extra\" displayName=\"Extra\" ref=\"onzin\"/>")]
    [InlineData("<table xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" id=\"9\" displayName=\"Extra\" ref=\"A1:B2\" headerRowCount=\"x\"/>")]
    [InlineData("<table")]
    public void A_table_the_format_does_not_need_never_refuses_the_file(string tableXml)
    {
        const string rels = "xl/worksheets/_rels/sheet1.xml.rels";
        Assert.DoesNotContain(Entries(Valid()), e => e.Name == rels); // the sheet Algemeen has no relationships of its own
        var upload = Rezip(Valid(), (_, c) => c,
        [
            (rels, Encoding.UTF8.GetBytes(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
                "<Relationship Id=\"rId9\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/table\" Target=\"../tables/table9.xml\"/></Relationships>")),
            ("xl/tables/table9.xml", Encoding.UTF8.GetBytes(tableXml)),
        ]);
        ReadsAsValid(upload);
    }

    [Fact]
    public void A_needed_table_that_is_broken_still_refuses()
    {
        var upload = ChangePart(Valid(), "xl/tables/table1.xml", xml => Regex.Replace(xml, "\\sref=\"[^\"]*\"", " ref=\"onzin\""));
        RefusedWith(upload, FindingCodes.FileUnreadable, "beschadigd");
    }

    // ---- Gnumeric: tables dropped, names and values kept ----

    [Fact]
    public void A_workbook_whose_tables_were_dropped_gets_a_Dutch_finding_per_missing_table()
    {
        var upload = DropTables(Valid());
        var format = Intake(upload);

        Assert.False(format.IsRejected);
        var missing = format.Findings.Where(f => f.Code == FindingCodes.TableMissing).ToList();
        Assert.Equal([FormatSchema.PersoneelTable, FormatSchema.ProductenTable], missing.Select(f => f.Variable).Order());
        Assert.All(missing, f =>
        {
            Assert.Equal(Severity.Error, f.Severity);
            Assert.Contains("Excel of LibreOffice", f.Message);
            Assert.Contains("Gnumeric", f.Message);
        });
        Assert.DoesNotContain(format.Findings, f => f.Code is FindingCodes.FileUnreadable or FindingCodes.FileRefused);
        Assert.Equal(0.22m, format.Values[FormatSchema.Overhead]); // the names still read
    }

    /// <summary>What Gnumeric saves: no table parts, no relationships to them, no tableParts in the sheets.</summary>
    internal static byte[] DropTables(byte[] xlsx) => Rezip(xlsx, (name, content) =>
    {
        if (name.StartsWith("xl/tables/")) return null;
        var text = Encoding.UTF8.GetString(content);
        if (name.StartsWith("xl/worksheets/_rels/"))
            return Encoding.UTF8.GetBytes(Regex.Replace(text, "<Relationship [^>]*relationships/table\"[^>]*/>", ""));
        if (name.StartsWith("xl/worksheets/"))
            return Encoding.UTF8.GetBytes(Regex.Replace(text, "<tableParts.*?(</tableParts>|/>)", ""));
        if (name == ContentTypes)
            return Encoding.UTF8.GetBytes(Regex.Replace(text, "<Override PartName=\"/xl/tables/[^>]*/>", ""));
        return content;
    });

    // ---- .xlsm ----

    private static byte[] MacroEnabled(byte[] xlsx) => ChangePart(xlsx, ContentTypes, xml => xml
        .Replace("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "application/vnd.ms-excel.sheet.macroEnabled.main+xml")
        .Replace("</Types>", "<Default Extension=\"bin\" ContentType=\"application/vnd.ms-office.vbaProject\"/></Types>"));

    [Fact]
    public void An_xlsm_without_a_macro_part_reads()
    {
        var upload = MacroEnabled(Valid());
        Assert.Contains("macroEnabled", Encoding.UTF8.GetString(Entries(upload).Single(e => e.Name == ContentTypes).Content));
        ReadsAsValid(upload);
    }

    [Fact]
    public void An_xlsm_with_its_macro_project_is_refused()
    {
        var upload = Rezip(MacroEnabled(Valid()), (_, c) => c, [("xl/vbaProject.bin", new byte[300])]);
        RefusedWith(upload, FindingCodes.FileRefused, "macro");
    }

    [Fact]
    public void The_command_line_takes_xlsm_files_from_a_folder_too()
    {
        var folder = Directory.CreateTempSubdirectory("inkoop-xlsm-");
        try
        {
            foreach (var file in new[] { "b.xlsm", "a.xlsx", "C.XLSM", "~$a.xlsx", "notities.txt", "oud.xls" })
                File.WriteAllBytes(Path.Combine(folder.FullName, file), []);
            Assert.Equal(["C.XLSM", "a.xlsx", "b.xlsm"], CliInput.Workbooks(folder.FullName).Select(Path.GetFileName));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    // ---- backslashes in entry names ----

    [Fact]
    public void Entry_names_with_backslashes_read()
    {
        var entries = Entries(Valid()).Select(e => (e.Name.Replace('/', '\\'), e.Content)).ToList();
        Assert.Contains(entries, e => e.Item1 == "xl\\workbook.xml");
        ReadsAsValid(WriteRaw(entries));
    }

    [Theory]
    [InlineData("..\\xl\\workbook.xml")]
    [InlineData("\\xl\\workbook.xml")]
    [InlineData("C:\\xl\\workbook.xml")]
    [InlineData("xl\\\\workbook.xml")]
    public void A_backslash_name_that_leaves_the_package_is_refused(string name)
    {
        var entries = Entries(Valid()).Select(e => e.Name == "xl/workbook.xml" ? (name, e.Content) : e).ToList();
        RefusedWith(WriteRaw(entries), FindingCodes.FileUnreadable, "geen geldig Excel-werkboek");
    }

    // ---- openpyxl: formulas with an empty stored result, inline strings ----

    private static byte[] WithCell(string variable, Func<string, string> cellXml)
    {
        var valid = Valid();
        var reference = FormatReader.Read(new MemoryStream(valid)).Names[variable].Cell.Split('!')[1];
        return ChangePart(valid, GeneralSheet, xml => new Regex($"<c r=\"{reference}\"[^>]*?(/>|>.*?</c>)").Replace(xml, cellXml(reference), 1));
    }

    [Theory]
    [InlineData("<c r=\"{0}\"><f>B1*2</f><v></v></c>")]
    [InlineData("<c r=\"{0}\"><f>B1*2</f><v/></c>")]
    [InlineData("<c r=\"{0}\" t=\"n\"><f>B1*2</f><v> </v></c>")]
    public void A_formula_with_an_empty_stored_result_is_not_calculated(string cell)
    {
        var format = Intake(WithCell(FormatSchema.Overhead, r => string.Format(cell, r)));
        var finding = Assert.Single(format.Findings);
        Assert.Equal(FindingCodes.FormulaNotCalculated, finding.Code);
        Assert.Equal(FormatSchema.Overhead, finding.Variable);
        Assert.False(format.Values.ContainsKey(FormatSchema.Overhead));
    }

    [Fact]
    public void A_text_formula_whose_result_is_empty_is_an_empty_cell()
    {
        // t="str": the formula was calculated and its text is empty (Excel and LibreOffice write this for ="").
        var format = Intake(WithCell(FormatSchema.Overhead, r => $"<c r=\"{r}\" t=\"str\"><f>\"\"</f><v></v></c>"));
        var finding = Assert.Single(format.Findings);
        Assert.Equal(FindingCodes.RequiredMissing, finding.Code);
        Assert.Equal(FormatSchema.Overhead, finding.Variable);
    }

    [Fact]
    public void An_inline_string_reads_as_the_text_it_holds()
    {
        var format = Intake(WithCell(FormatSchema.AanbiederNaam, r => $"<c r=\"{r}\" t=\"inlineStr\"><is><r><t>Zorg</t></r><r><t xml:space=\"preserve\"> B.V.</t></r></is></c>"));
        Assert.Empty(format.Findings);
        Assert.Equal("Zorg B.V.", format.Name);
    }

    // ---- dates in custom number formats ----

    [Theory]
    [InlineData("d-m-yyyy", true)]
    [InlineData("dd\\-mm\\-yyyy", true)]
    [InlineData("[$-413]d mmmm yyyy;@", true)]
    [InlineData("hh:mm", true)]
    [InlineData("[h]:mm:ss", true)]
    [InlineData("0.00", false)]
    [InlineData("#,##0.00 \"dagen\"", false)]
    [InlineData("[Red]#,##0.00;[Blue]-#,##0.00", false)]
    [InlineData("0.00\\d", false)]
    [InlineData("_-* #,##0.00_-;-* #,##0.00_-", false)]
    [InlineData("General", false)]
    [InlineData("0.00E+00", false)]
    [InlineData("@", false)]
    public void Custom_number_formats_that_show_dates_are_known(string code, bool date) =>
        Assert.Equal(date, DateStyles.IsDateFormat(code));
}
