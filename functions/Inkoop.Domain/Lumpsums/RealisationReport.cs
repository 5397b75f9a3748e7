using Inkoop.Domain.Formats;

namespace Inkoop.Domain.Lumpsums;

/// <summary>What one realisation report is about: one provider's segment in one quarter of one year.</summary>
public sealed record RealisationKey(int Year, int Quarter, string Agb, string Segment)
{
    public bool IsFor(Lumpsum lumpsum) =>
        Agb == lumpsum.Agb && string.Equals(Segment, lumpsum.Segment, StringComparison.OrdinalIgnoreCase);
}

/// <summary>A valid row of a report: volume of a product in a municipality, valued at the product's reference tariff.</summary>
public sealed record RealisationLine(string Municipality, string Product, decimal Volume, decimal Tariff)
{
    /// <summary>Volume * tariff rounded to cents, like a line on an invoice (bids-and-lumpsum.md section 7).</summary>
    public decimal Value => Cents.Round(Volume * Tariff);
}

public enum ReportStatus { Accepted, HasErrors, Rejected, Superseded }

/// <summary>
/// One checked realisation report (bids-and-lumpsum.md sections 3 and 7). A rejected report has no usable key or no
/// lumpsum and counts nowhere; otherwise <see cref="Lines"/> are the rows without error findings.
/// </summary>
public sealed record RealisationReport(string Source, RealisationKey? Key, bool IsRejected, IReadOnlyList<RealisationLine> Lines,
    IReadOnlyList<Finding> Findings)
{
    public bool HasErrors => Findings.Any(f => f.Severity == Severity.Error);

    public ReportStatus Status => IsRejected ? ReportStatus.Rejected : HasErrors ? ReportStatus.HasErrors : ReportStatus.Accepted;

    public static RealisationReport Rejected(string source, Finding finding) => new(source, null, true, [], [finding]);
}

/// <summary>The column names of table <c>Realisatie</c> and the JSON shape of a report.</summary>
public static class RealisationSchema
{
    public const string Table = "Realisatie";
    public const string Jaar = "Jaar";
    public const string Kwartaal = "Kwartaal";
    public const string Agb = "AGB";
    public const string Segment = "Segment";
    public const string Gemeente = "Gemeente";
    public const string Productcode = "Productcode";
    public const string Volume = "Volume";

    public static readonly IReadOnlyList<string> KeyColumns = [Jaar, Kwartaal, Agb, Segment];
    public static readonly IReadOnlyList<string> Columns = [Jaar, Kwartaal, Agb, Segment, Gemeente, Productcode, Volume];
}

/// <summary>Extra stable finding codes of realisation reports; the rest are <see cref="FindingCodes"/>. Never rename one.</summary>
public static class RealisationFindingCodes
{
    public const string ReportEmpty = "REPORT_EMPTY";
    public const string YearMismatch = "YEAR_MISMATCH";
    public const string QuarterInvalid = "QUARTER_INVALID";
    public const string RowKeyMismatch = "ROW_KEY_MISMATCH";
    public const string ReportKeyMismatch = "REPORT_KEY_MISMATCH";
    public const string NoLumpsum = "NO_LUMPSUM";
    public const string UnknownMunicipality = "UNKNOWN_MUNICIPALITY";
    public const string MunicipalityNotParticipating = "MUNICIPALITY_NOT_PARTICIPATING";
    public const string NoReferenceTariff = "NO_REFERENCE_TARIFF";
    public const string NegativeVolume = "NEGATIVE_VOLUME";

    public static readonly IReadOnlyList<string> All =
    [
        ReportEmpty, YearMismatch, QuarterInvalid, RowKeyMismatch, ReportKeyMismatch, NoLumpsum, UnknownMunicipality,
        MunicipalityNotParticipating, NoReferenceTariff, NegativeVolume,
    ];
}
