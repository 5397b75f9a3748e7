using Inkoop.Domain.Formats;

namespace Inkoop.Excel;

/// <summary>
/// The upload is no workbook we can or will read. <see cref="Code"/> is
/// <see cref="FindingCodes.FileUnreadable"/> or <see cref="FindingCodes.FileRefused"/>;
/// <see cref="Exception.Message"/> is Dutch and meant for the provider, so it never leaks internals.
/// </summary>
public sealed class UnreadableWorkbookException : Exception
{
    public UnreadableWorkbookException(string code, string message, Exception? inner = null)
        : base(message, inner) => Code = code;

    public string Code { get; }

    private const string SaveAsXlsx =
        "Slaat u het op als Excel-werkmap (.xlsx) en uploadt u het opnieuw.";

    internal static UnreadableWorkbookException NotAWorkbook(Exception? inner = null) => new(
        FindingCodes.FileUnreadable,
        "Het bestand is geen geldig Excel-werkboek (.xlsx). " + SaveAsXlsx,
        inner);

    internal static UnreadableWorkbookException Empty() => new(
        FindingCodes.FileUnreadable,
        "Het bestand is leeg. Uploadt u het ingevulde Excel-werkboek (.xlsx) opnieuw.");

    internal static UnreadableWorkbookException Damaged(Exception? inner = null) => new(
        FindingCodes.FileUnreadable,
        "Het bestand is beschadigd of onvolledig en kan niet worden gelezen. " +
        "Opent u het in Excel, slaat u het op als Excel-werkmap (.xlsx) en uploadt u het opnieuw.",
        inner);

    // An OLE compound file is either the old .xls format or an .xlsx with a password: both look alike.
    internal static UnreadableWorkbookException OleFile() => new(
        FindingCodes.FileUnreadable,
        "Het bestand is een ouder Excel-bestand (.xls) of is met een wachtwoord beveiligd. " +
        "Slaat u het op als Excel-werkmap (.xlsx) zonder wachtwoord en uploadt u het opnieuw.");

    internal static UnreadableWorkbookException TooLarge(string what, Exception? inner = null) => new(
        FindingCodes.FileRefused,
        $"Het bestand wordt geweigerd: {what}. " +
        "Gebruikt u het lege format van deze ronde, zonder extra gegevens of afbeeldingen.",
        inner);

    internal static UnreadableWorkbookException Macros() => new(
        FindingCodes.FileRefused,
        "Het bestand bevat macro's en wordt daarom geweigerd. " +
        "Slaat u het op als Excel-werkmap (.xlsx, zonder macro's) en uploadt u het opnieuw.");

    internal static UnreadableWorkbookException ExternalLinks() => new(
        FindingCodes.FileRefused,
        "Het bestand bevat koppelingen naar andere bestanden en wordt daarom geweigerd. " +
        "Verbreekt u de koppelingen in Excel (Gegevens > Koppelingen bewerken > Koppeling verbreken), " +
        "slaat u het bestand op en uploadt u het opnieuw.");

    internal static UnreadableWorkbookException ActiveContent() => new(
        FindingCodes.FileRefused,
        "Het bestand bevat gegevensverbindingen, besturingselementen (ActiveX) of ingesloten objecten " +
        "en wordt daarom geweigerd. Verwijdert u die, slaat u het bestand op als Excel-werkmap (.xlsx) en uploadt u het opnieuw.");
}
