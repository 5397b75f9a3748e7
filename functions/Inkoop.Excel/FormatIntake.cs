using Inkoop.Domain.Formats;
using Inkoop.Domain.Rounds;

namespace Inkoop.Excel;

/// <summary>An uploaded file to a validated format: a file we cannot or will not read becomes a rejected format with its finding.</summary>
public static class FormatIntake
{
    public static ProviderFormat Validate(Stream xlsx, RoundConfiguration round, WorkbookLimits? limits = null,
        CancellationToken ct = default)
    {
        try
        {
            return FormatValidator.Validate(FormatReader.Read(xlsx, limits, ct), round);
        }
        catch (UnreadableWorkbookException e)
        {
            return ProviderFormat.Unreadable(e.Code, e.Message);
        }
    }
}
