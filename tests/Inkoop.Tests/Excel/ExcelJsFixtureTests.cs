using Inkoop.Domain.Formats;
using Inkoop.Excel;
using Inkoop.Tests.Domain;
using Inkoop.Tests.Support;

namespace Inkoop.Tests.Excel;

/// <summary>A format written by exceljs (Fixtures/exceljs/make-format.mjs) reads like the same data written by EPPlus.</summary>
public class ExcelJsFixtureTests
{
    [Fact]
    public void The_exceljs_file_gives_the_same_values_as_the_epplus_file()
    {
        var round = WorkedExampleTests.Round();
        using var file = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Fixtures", "exceljs", "worked-example-34567890.xlsx"));

        var fromExcelJs = FormatValidator.Validate(FormatReader.Read(file), round);
        var fromEpplus = FormatValidator.Validate(
            FormatReader.Read(new MemoryStream(FormatWorkbook.Build(WorkedExampleTests.Providers().ElementAt(2)))), round);

        Assert.Equal("34567890", fromExcelJs.Agb);
        Assert.Equal(fromEpplus.Values.OrderBy(v => v.Key), fromExcelJs.Values.OrderBy(v => v.Key));
        Assert.Equal(1836m, fromExcelJs.Values["Contracturen_FTE"]); // a formula counts with its calculated value
        // Verzuim typed as "7%" and Materieel_Uur as "3,00": read the Dutch way, with a warning on their cells.
        var warnings = fromExcelJs.Findings.Where(f => f.Code == FindingCodes.NumberAsText).ToList();
        Assert.Equal(["Gegevens!D12", "Gegevens!D16"], warnings.Select(f => f.Cell).Order());
        Assert.All(fromExcelJs.Findings, f => Assert.Equal(Severity.Warning, f.Severity));
    }
}
