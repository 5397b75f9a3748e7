using Inkoop.Domain.Bids;

namespace Inkoop.Excel;

/// <summary>An uploaded bid file to a validated bid: a file we cannot or will not read becomes a rejected bid with its finding.</summary>
public static class BidIntake
{
    public static Bid Validate(Stream xlsx, TenderConfiguration tender, WorkbookLimits? limits = null, CancellationToken ct = default)
    {
        try
        {
            return BidValidator.Validate(WorkbookReader.Read(xlsx, [BidSchema.PrijzenTable], limits, ct), tender);
        }
        catch (UnreadableWorkbookException e)
        {
            return Bid.Unreadable(e.Code, e.Message);
        }
    }
}
