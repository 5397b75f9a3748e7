namespace Inkoop.Excel;

/// <summary>
/// Limits on an uploaded workbook. A filled-in format is a few dozen kilobytes; the defaults
/// leave room for logos and extra sheets while keeping a hostile file from exhausting memory.
/// </summary>
public sealed record WorkbookLimits
{
    public static WorkbookLimits Default { get; } = new();

    /// <summary>Size of the upload itself (the compressed package).</summary>
    public long MaxInputBytes { get; init; } = 10L * 1024 * 1024;

    public int MaxEntries { get; init; } = 2_000;

    // EPPlus holds parsed XML at several times its size in memory: keep the unpacked total modest.
    public long MaxEntryBytes { get; init; } = 32L * 1024 * 1024;

    public long MaxTotalUncompressedBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Uncompressed : compressed, checked only for entries above <see cref="RatioCheckFromBytes"/>.</summary>
    public int MaxCompressionRatio { get; init; } = 200;

    // Small XML parts (empty sheets, styles) legitimately compress far better than large ones,
    // and a small part cannot hurt us whatever its ratio.
    public long RatioCheckFromBytes { get; init; } = 1L * 1024 * 1024;

    /// <summary>Rows with data in one table: a format has a few dozen products at most.</summary>
    public int MaxTableRows { get; init; } = 10_000;

    public int MaxTableColumns { get; init; } = 500;
}
