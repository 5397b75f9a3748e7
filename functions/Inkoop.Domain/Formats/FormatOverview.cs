namespace Inkoop.Domain.Formats;

/// <summary>One format in an overview for analysts: where it came from, whose it is, its status and findings.</summary>
public sealed record FormatOverview(string Source, string? Agb, string? Name, string Status, IReadOnlyList<Finding> Findings)
{
    public int Errors => Findings.Count(f => f.Severity == Severity.Error);
    public int Warnings => Findings.Count(f => f.Severity == Severity.Warning);
}
