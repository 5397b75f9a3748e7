using Inkoop.Domain.Formats;
using Inkoop.Domain.Rounds;
using Inkoop.Excel;
using Inkoop.Tests.Domain;
using Inkoop.Tests.Support;
using OfficeOpenXml;
using static Inkoop.Tests.Excel.ExcelTestData;

namespace Inkoop.Tests.Excel;

/// <summary>
/// Our upload reader against the EPPlus reader it replaced (<see cref="EpplusReference"/>), on every
/// workbook fixture of this project: the same names, cells, tables, headers, rows and values, one by one.
/// </summary>
public class ReaderComparisonTests
{
    private static readonly string[] Tables = [FormatSchema.PersoneelTable, FormatSchema.ProductenTable];

    public static IEnumerable<object[]> Fixtures() => AllFixtures().Select(f => new object[] { f.Name });

    internal static IEnumerable<(string Name, Func<byte[]> Bytes)> AllFixtures()
    {
        yield return ("small", () => SmallFormat());
        yield return ("small-moved-with-extras", () => SmallFormat(rowOffset: 7, columnOffset: 3, extras: true));
        yield return ("template", () => Template());
        yield return ("template-40-products", () => Template(Round(40)));
        yield return ("template-with-picture", () => DrawingWorkbookTests.WithPicture(Template()));
        yield return ("open-xml-sdk", OpenXmlWorkbookTests.OpenXmlWorkbook);
        yield return ("exceljs", () => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "exceljs", "worked-example-34567890.xlsx")));
        var providers = WorkedExampleTests.Providers().ToList();
        for (var i = 0; i < providers.Count; i++)
        {
            var data = providers[i];
            yield return ($"worked-example-{i}", () => FormatWorkbook.Build(data));
            yield return ($"worked-example-{i}-moved", () => FormatWorkbook.Build(data,
                new FormatWorkbook.Layout(RowOffset: 5, ColumnOffset: 2, ExtraSheetFirst: true, ShuffleColumns: true)));
        }
        yield return ("typed-values", TypedValues);
        foreach (var demo in DemoFormats.Research2023().Take(12))
            yield return ($"demo-{demo.Agb}", () => DemoFormat(demo));
    }

    /// <summary>Every kind of stored value EPPlus writes: dates in built-in and own formats, errors, control characters.</summary>
    private static byte[] TypedValues()
    {
        using var package = new ExcelPackage();
        var sheet = package.Workbook.Worksheets.Add("Waarden 'en' zo");
        object?[] values =
        [
            new DateTime(2023, 1, 1), new DateTime(2024, 2, 29, 13, 30, 0), true, false, 0.1 + 0.2, -1e300, 1e-300, 12345678901234567890.0,
            "regel 1\r\nregel 2\t_x", "  spaties  ", "€ 38.000,50", new string('x', 32_000), 7, -0.0, 1836.5m,
        ];
        for (var i = 0; i < values.Length; i++)
        {
            sheet.Cells[i + 1, 2].Value = values[i];
            package.Workbook.Names.Add($"Waarde{i}", sheet.Cells[i + 1, 2]);
        }
        sheet.Cells["B1"].Style.Numberformat.Format = "mm-dd-yy"; // built-in 14: a date
        sheet.Cells["B2"].Style.Numberformat.Format = "d-m-yyyy hh:mm"; // own format: a date too
        sheet.Cells["C1"].Formula = "1/0";
        sheet.Cells["C2"].Formula = "NA()";
        sheet.Cells["C3"].Formula = "B5*2";
        sheet.Cells["C1:C3"].Calculate();
        sheet.Cells["C4"].Formula = "B5*3";
        for (var row = 1; row <= 4; row++)
            package.Workbook.Names.Add($"Formule{row}", sheet.Cells[row, 3]);
        return Save(package);
    }

    private static byte[] DemoFormat(DemoFormats.DemoFormat demo)
    {
        var round = RoundConfigurationParser.Parse(DemoFormats.RoundJson);
        using var output = new MemoryStream();
        FormatFiller.Fill(new MemoryStream(Template(round)), demo.Values, output);
        return output.ToArray();
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Reads_every_fixture_exactly_like_the_EPPlus_reader(string fixture)
    {
        var bytes = AllFixtures().Single(f => f.Name == fixture).Bytes();

        var ours = WorkbookReader.Read(new MemoryStream(bytes), Tables);
        var reference = EpplusReference.Read(bytes, Tables);

        Assert.NotEmpty(reference.Names);
        Assert.Equal(reference.Names.Keys.Order(StringComparer.OrdinalIgnoreCase), ours.Names.Keys.Order(StringComparer.OrdinalIgnoreCase));
        foreach (var (name, cell) in reference.Names)
            Assert.Equal((name, cell), (name, ours.Names[name]));
        Assert.Equal(reference.Tables.Keys.Order(), ours.Tables.Keys.Order());
        foreach (var (name, table) in reference.Tables)
        {
            var mine = ours.Tables[name];
            Assert.Equal(table.Name, mine.Name);
            Assert.Equal(table.HeaderCell, mine.HeaderCell);
            Assert.Equal(table.Columns.Order(), mine.Columns.Order());
            Assert.Equal(table.Rows.Count, mine.Rows.Count);
            for (var i = 0; i < table.Rows.Count; i++)
                foreach (var (column, cell) in table.Rows[i].Cells)
                    Assert.Equal((name, i, column, cell), (name, i, column, mine.Rows[i][column]));
        }
    }
}
