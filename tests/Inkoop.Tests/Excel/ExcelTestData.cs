using Inkoop.Domain.Formats;
using Inkoop.Domain.Rounds;
using Inkoop.Excel;
using OfficeOpenXml;

namespace Inkoop.Tests.Excel;

/// <summary>Rounds and workbooks shared by the Excel tests.</summary>
internal static class ExcelTestData
{
    public static RoundConfiguration Round(int products = 3) => new(
        "jeugd-2025",
        "Tarievenonderzoek Jeugd 2025",
        2023,
        new DateOnly(2023, 9, 15),
        [.. new[]
        {
            new CatalogueProduct("45A11", "Begeleiding basis individueel", Unit.Uur),
            new CatalogueProduct("41D11", "Dagbehandeling groep", Unit.Dagdeel),
            new CatalogueProduct("44V11", "Verblijf woongroep", Unit.Etmaal),
        }.Concat(Enumerable.Range(1, Math.Max(0, products - 3)).Select(i => new CatalogueProduct($"X{i:000}", $"Product {i}", Unit.Uur)))
         .Take(products)],
        [],
        new Dictionary<string, Band>(),
        new NormalisationRules(new NormalisationRule(), new Dictionary<string, NormalisationRule>()),
        Inkoop.Domain.Disclosure.DisclosureRules.Default);

    public static byte[] Template(RoundConfiguration? round = null)
    {
        using var output = new MemoryStream();
        TemplateWriter.Write(round ?? Round(), output);
        return output.ToArray();
    }

    public static RawFormat Read(byte[] bytes, WorkbookLimits? limits = null)
    {
        using var input = new MemoryStream(bytes);
        return FormatReader.Read(input, limits);
    }

    public static byte[] Save(ExcelPackage package)
    {
        using var output = new MemoryStream();
        package.SaveAs(output);
        return output.ToArray();
    }

    /// <summary>A small workbook in the v1 layout at a chosen place, the common case of the reader tests.</summary>
    public static byte[] SmallFormat(int rowOffset = 0, int columnOffset = 0, bool extras = false)
    {
        using var package = new ExcelPackage();
        if (extras)
        {
            var first = package.Workbook.Worksheets.Add("Voorblad");
            first.Cells["A1"].Value = "Extra blad vooraan";
            package.Workbook.Names.Add("Extra_Naam", first.Cells["A1"]);
        }
        var sheet = package.Workbook.Worksheets.Add("Algemeen");
        int r = 2 + rowOffset, c = 2 + columnOffset;
        void Name(string name, object? value)
        {
            sheet.Cells[r, c - 1].Value = name;
            sheet.Cells[r, c].Value = value;
            package.Workbook.Names.Add(name, sheet.Cells[r, c]);
            r++;
        }
        Name(FormatSchema.OnderzoekRonde, "jeugd-2025");
        Name(FormatSchema.Peiljaar, 2023);
        Name(FormatSchema.AanbiederAgb, 1234567);
        Name(FormatSchema.Verzuim, "0,06");
        Name(FormatSchema.Overhead, 0.22);
        Name(FormatSchema.AanbiederNaam, "   ");

        var personeel = package.Workbook.Worksheets.Add("Personeel");
        string[] headers = extras
            ? ["Opmerking", FormatSchema.Werkgeverslasten, FormatSchema.Functieniveau, FormatSchema.Brutojaarsalaris, FormatSchema.Fte]
            : [FormatSchema.Functieniveau, FormatSchema.Fte, FormatSchema.Brutojaarsalaris, FormatSchema.Werkgeverslasten];
        var top = 3 + rowOffset;
        var left = 1 + columnOffset;
        for (var i = 0; i < headers.Length; i++)
            personeel.Cells[top, left + i].Value = headers[i];
        var rows = new[]
        {
            new Dictionary<string, object?> { [FormatSchema.Functieniveau] = "MBO4", [FormatSchema.Fte] = 10.5, [FormatSchema.Brutojaarsalaris] = 38000, [FormatSchema.Werkgeverslasten] = 0.3, ["Opmerking"] = "x" },
            new Dictionary<string, object?>(),
            new Dictionary<string, object?> { [FormatSchema.Functieniveau] = "HBO", [FormatSchema.Fte] = "12,5", [FormatSchema.Brutojaarsalaris] = 46000.5, [FormatSchema.Werkgeverslasten] = null },
        };
        for (var row = 0; row < rows.Length; row++)
            for (var i = 0; i < headers.Length; i++)
                personeel.Cells[top + 1 + row, left + i].Value = rows[row].GetValueOrDefault(headers[i]);
        personeel.Cells[top + 2, left].Value = "  "; // a row holding only spaces is empty
        personeel.Tables.Add(personeel.Cells[top, left, top + rows.Length, left + headers.Length - 1], FormatSchema.PersoneelTable);
        if (extras)
            package.Workbook.Worksheets.Add("Achteraan").Cells["C3"].Value = 42;
        return Save(package);
    }
}
