namespace Inkoop.Domain.Normalisation;

/// <summary>
/// A normalised value with its provenance: the statistic, how many values it used, which providers
/// were left out and why, and whether the benchmark stood in. <see cref="Value"/> is null when the
/// norm is not computable; <see cref="Reason"/> then says why (Dutch, for analysts). <see cref="LargestShare"/> is, for a
/// weighted mean, the largest weight of one provider as a fraction of the total (the dominance rule of
/// <see cref="Disclosure.NormDisclosure"/>); null for the other statistics.
/// </summary>
public sealed record Norm(
    string Variable,
    string? Qualifier,
    decimal? Value,
    string Statistic,
    int N,
    bool BenchmarkUsed,
    IReadOnlyList<Exclusion> Excluded,
    string? Reason = null,
    bool Rescaled = false,
    decimal? LargestShare = null)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public string Key => Rounds.VariableKeys.Of(Variable, Qualifier);
}

/// <summary>A provider left out of a norm: <c>errorFinding</c> (with the finding's code), <c>outlier</c> or <c>noWeight</c>.</summary>
public sealed record Exclusion(string Agb, string Reason, string? Code = null)
{
    public const string ErrorFinding = "errorFinding";
    public const string Outlier = "outlier";
    public const string NoWeight = "noWeight";
}
