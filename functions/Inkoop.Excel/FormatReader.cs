using Inkoop.Domain.Formats;

namespace Inkoop.Excel;

/// <summary>Reads a format workbook (tariff-research-format-v1.md section 1) into a <see cref="RawFormat"/>.</summary>
public static class FormatReader
{
    /// <summary>
    /// Reads an uploaded format. Throws <see cref="UnreadableWorkbookException"/> for anything
    /// that is no readable, acceptable .xlsx; never any other exception for bad input.
    /// </summary>
    public static RawFormat Read(Stream xlsx, WorkbookLimits? limits = null, CancellationToken ct = default)
    {
        var workbook = WorkbookReader.Read(xlsx, [FormatSchema.PersoneelTable, FormatSchema.ProductenTable], limits, ct);
        return new RawFormat(workbook.Names, workbook.Table(FormatSchema.PersoneelTable), workbook.Table(FormatSchema.ProductenTable));
    }
}
