namespace Inkoop.Excel;

/// <summary>
/// Limits on an uploaded workbook. A filled-in format is a few dozen kilobytes and well under 5 MB
/// unpacked; the defaults leave room for logos and extra sheets while keeping a hostile file from
/// costing more than a bounded amount of time and memory.
/// </summary>
public sealed record WorkbookLimits
{
    public static WorkbookLimits Default { get; } = new();

    /// <summary>Size of the upload itself (the compressed package).</summary>
    public long MaxInputBytes { get; init; } = 10L * 1024 * 1024;

    public int MaxEntries { get; init; } = 2_000;

    /// <summary>Declared unpacked size of any one part.</summary>
    public long MaxEntryBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>Declared unpacked size of all parts together: the budget of the whole workbook.</summary>
    public long MaxTotalUncompressedBytes { get; init; } = 20L * 1024 * 1024;

    /// <summary>Uncompressed : compressed, checked only for entries above <see cref="RatioCheckFromBytes"/>.</summary>
    public int MaxCompressionRatio { get; init; } = 200;

    // Small XML parts (empty sheets, styles) legitimately compress far better than large ones,
    // and a small part cannot hurt us whatever its ratio.
    public long RatioCheckFromBytes { get; init; } = 256L * 1024;

    /// <summary>Element nesting in any XML part; real parts nest about a dozen deep.</summary>
    public int MaxXmlDepth { get; init; } = 64;

    /// <summary>Characters in one cell we read: Excel's own maximum is 32,767.</summary>
    public int MaxCellChars { get; init; } = 32_767;

    public int MaxDefinedNames { get; init; } = 10_000;

    /// <summary>Cells kept from the sheets (those behind names and in the tables asked for).</summary>
    public int MaxCellsKept { get; init; } = 200_000;

    /// <summary>Rows with data in one table: a format has a few dozen products at most.</summary>
    public int MaxTableRows { get; init; } = 10_000;

    public int MaxTableColumns { get; init; } = 500;
}
