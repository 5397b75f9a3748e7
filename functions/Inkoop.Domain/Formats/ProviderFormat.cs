using Inkoop.Domain.Rounds;

namespace Inkoop.Domain.Formats;

/// <summary>
/// A provider's format after validation: who it is, its valid values, which values were excluded
/// by an error finding, and all findings. Values are keyed "Variable" or "Variable[qualifier]"
/// (<see cref="VariableKeys"/>); a value with an error finding is never in <see cref="Values"/>.
/// </summary>
public sealed record ProviderFormat
{
    public string? Round { get; init; }
    public string? Agb { get; init; }
    public string? Kvk { get; init; }
    public string? Name { get; init; }
    public string? Email { get; init; }
    public int? ReferenceYear { get; init; }

    /// <summary>Identity missing or wrong, or no readable workbook: none of its values count.</summary>
    public bool IsRejected { get; init; }

    public IReadOnlyList<Finding> Findings { get; init; } = [];

    /// <summary>Valid values (no error finding).</summary>
    public IReadOnlyDictionary<string, decimal> Values { get; init; } = new Dictionary<string, decimal>();

    /// <summary>Values excluded by an error finding, with that finding's code.</summary>
    public IReadOnlyDictionary<string, string> Invalid { get; init; } = new Dictionary<string, string>();

    /// <summary>FTE per function level, for levels with a valid FTE above zero.</summary>
    public IReadOnlyDictionary<string, decimal> Fte { get; init; } = new Dictionary<string, decimal>();

    /// <summary>The catalogue products this provider delivers (one entry per product code).</summary>
    public IReadOnlyList<DeliveredProduct> Products { get; init; } = [];

    public bool HasErrors => Findings.Any(f => f.Severity == Severity.Error);

    public decimal TotalFte => Fte.Values.Sum();

    // Asked for every provider and product of a round: a loop, not an enumerator per question.
    public bool DeliversUnit(Unit unit)
    {
        for (var i = 0; i < Products.Count; i++)
            if (Products[i].Unit == unit) return true;
        return false;
    }

    public bool Delivers(string productCode)
    {
        for (var i = 0; i < Products.Count; i++)
            if (Products[i].Code == productCode) return true;
        return false;
    }

    /// <summary>A file that could not be read or was refused: one error finding, nothing counts.</summary>
    public static ProviderFormat Unreadable(string code, string message) => new()
    {
        IsRejected = true,
        Findings = [new Finding(Severity.Error, code, null, null, null, null, message)],
    };
}

/// <summary>A product the provider delivers, with the unit from the round's catalogue.</summary>
public sealed record DeliveredProduct(string Code, Unit Unit);

public enum FormatStatus { Accepted, RepairNeeded, ClosedWithExclusions, Rejected }

public static class FormatStatuses
{
    /// <summary>Section 2: errors before the repair deadline need repair; after it they are excluded.</summary>
    public static FormatStatus Of(ProviderFormat format, RoundConfiguration round, DateOnly today)
    {
        if (format.IsRejected) return FormatStatus.Rejected;
        if (!format.HasErrors) return FormatStatus.Accepted;
        return round.RepairDeadline is { } deadline && today > deadline
            ? FormatStatus.ClosedWithExclusions
            : FormatStatus.RepairNeeded;
    }

    public static string Name(FormatStatus status) => status switch
    {
        FormatStatus.Accepted => "accepted",
        FormatStatus.RepairNeeded => "repairNeeded",
        FormatStatus.ClosedWithExclusions => "closedWithExclusions",
        FormatStatus.Rejected => "rejected",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };
}
