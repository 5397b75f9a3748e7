namespace Inkoop.Domain.Formats;

public enum Severity { Error, Warning }

/// <summary>
/// One validation finding a provider can act on: the variable, the cell to fix, what was found,
/// what was expected, and a Dutch message.
/// </summary>
public sealed record Finding(
    Severity Severity,
    string Code,
    string? Variable,
    string? Cell,
    string? Value,
    string? Band,
    string Message);

/// <summary>The stable finding codes. Clients may rely on these; never rename one.</summary>
public static class FindingCodes
{
    public const string FileUnreadable = "FILE_UNREADABLE";
    public const string FileRefused = "FILE_REFUSED";
    public const string IdentityMissing = "IDENTITY_MISSING";
    public const string RoundMismatch = "ROUND_MISMATCH";
    public const string AgbInvalid = "AGB_INVALID";
    public const string RequiredMissing = "REQUIRED_MISSING";
    public const string NotANumber = "NOT_A_NUMBER";
    public const string NotAnInteger = "NOT_AN_INTEGER";
    public const string NumberAsText = "NUMBER_AS_TEXT";
    public const string OutOfBand = "OUT_OF_BAND";
    public const string InvalidText = "INVALID_TEXT";
    public const string TableMissing = "TABLE_MISSING";
    public const string ColumnMissing = "COLUMN_MISSING";
    public const string UnknownLevel = "UNKNOWN_LEVEL";
    public const string DuplicateLevel = "DUPLICATE_LEVEL";
    public const string LevelWithoutSalary = "LEVEL_WITHOUT_SALARY";
    public const string NoProducts = "NO_PRODUCTS";
    public const string UnknownProduct = "UNKNOWN_PRODUCT";
    public const string DuplicateProduct = "DUPLICATE_PRODUCT";
    public const string UnitInvalid = "UNIT_INVALID";
    public const string UnitMismatch = "UNIT_MISMATCH";
    public const string SharesNotOne = "SHARES_NOT_ONE";
    public const string FormulaNotCalculated = "FORMULA_NOT_CALCULATED";
    public const string TenderMismatch = "TENDER_MISMATCH";
    public const string LotUnknown = "LOT_UNKNOWN";

    public static readonly IReadOnlyList<string> All =
    [
        FileUnreadable, FileRefused, IdentityMissing, RoundMismatch, AgbInvalid, RequiredMissing,
        NotANumber, NotAnInteger, NumberAsText, OutOfBand, InvalidText, TableMissing, ColumnMissing,
        UnknownLevel, DuplicateLevel, LevelWithoutSalary, NoProducts, UnknownProduct,
        DuplicateProduct, UnitInvalid, UnitMismatch, SharesNotOne, FormulaNotCalculated, TenderMismatch, LotUnknown,
    ];
}
