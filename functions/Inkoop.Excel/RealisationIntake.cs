using System.Text;
using Inkoop.Domain.Formats;
using Inkoop.Domain.Lumpsums;

namespace Inkoop.Excel;

/// <summary>
/// A realisation file (an <c>.xlsx</c> with table <c>Realisatie</c>, or JSON) to a checked report; a file we cannot
/// or will not read becomes a rejected report with its finding.
/// </summary>
public static class RealisationIntake
{
    public static bool IsJson(string fileName) => fileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    public static RealisationReport Validate(string source, Stream content, bool json, LumpsumConfiguration configuration,
        Func<Lumpsum, LumpsumReference?> references, RealisationKey? expected = null, WorkbookLimits? limits = null,
        CancellationToken ct = default)
    {
        try
        {
            var (table, keyRow) = json ? ReadJson(content) : (WorkbookReader.Read(content, [RealisationSchema.Table], limits, ct).Table(RealisationSchema.Table), null);
            return RealisationValidator.Validate(source, table, keyRow, configuration, references, expected);
        }
        catch (UnreadableWorkbookException e)
        {
            return RealisationReport.Rejected(source, new Finding(Severity.Error, e.Code, null, null, null, null, e.Message));
        }
        catch (FormatException e)
        {
            return RealisationReport.Rejected(source, new Finding(Severity.Error, FindingCodes.FileUnreadable, null, null, null, null, e.Message));
        }
    }

    private static (RawTable, RawRow) ReadJson(Stream content)
    {
        using var reader = new StreamReader(content, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        var text = new StringBuilder();
        var buffer = new char[64 * 1024];
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            text.Append(buffer, 0, read);
            if (text.Length > RealisationJson.MaxLength)
                throw new FormatException($"Het JSON-rapport is groter dan {RealisationJson.MaxLength / 1024 / 1024} MiB.");
        }
        return RealisationJson.Read(text.ToString());
    }
}
