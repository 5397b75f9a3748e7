using Inkoop.Domain.Rounds;

namespace Inkoop.Domain.Tariffs;

/// <summary>
/// The factors that take a tariff from the reference year to the tariff year (indexation-and-sensitivity.md section 3),
/// with the years they were made of, so an analyst can trace the published tariff. Nothing is rounded.
/// <see cref="Factor"/> and each year's <c>composite</c> belong to <c>weighted</c>; <see cref="FactorOva"/> and
/// <see cref="FactorPcc"/> to <c>components</c>; the others are null.
/// </summary>
public sealed record IndexationFactors(
    int ReferenceYear,
    int TariffYear,
    IndexationMethod Method,
    decimal? Factor,
    decimal? FactorOva,
    decimal? FactorPcc,
    IReadOnlyList<IndexationFactorYear> Years)
{
    /// <summary>The factors of a round's indexation; null when the round has none.</summary>
    public static IndexationFactors? Of(RoundConfiguration round) =>
        round.Indexation is { } indexation ? Of(round.ReferenceYear, indexation) : null;

    public static IndexationFactors Of(int referenceYear, Indexation indexation)
    {
        var years = indexation.Years.Where(y => y.Year > referenceYear && y.Year <= indexation.TariffYear).OrderBy(y => y.Year).ToList();
        if (indexation.Method == IndexationMethod.Weighted)
        {
            var used = years.Select(y => new IndexationFactorYear(y.Year, y.Ova, y.Pcc,
                indexation.Weights.Ova * y.Ova + indexation.Weights.Pcc * y.Pcc, y.Status)).ToList();
            var factor = used.Aggregate(1m, (f, y) => f * (1 + y.Composite!.Value));
            return new IndexationFactors(referenceYear, indexation.TariffYear, indexation.Method, factor, null, null, used);
        }
        return new IndexationFactors(referenceYear, indexation.TariffYear, indexation.Method, null,
            years.Aggregate(1m, (f, y) => f * (1 + y.Ova)), years.Aggregate(1m, (f, y) => f * (1 + y.Pcc)),
            years.Select(y => new IndexationFactorYear(y.Year, y.Ova, y.Pcc, null, y.Status)).ToList());
    }

    /// <summary>The unrounded tariff in the tariff year.</summary>
    public decimal Apply(TariffParts parts) => Method == IndexationMethod.Weighted
        ? parts.Total * Factor!.Value
        : parts.IndexedTotal(FactorOva!.Value, FactorPcc!.Value);
}

/// <summary>One year's figures as used: <c>composite</c> = weights.ova * ova + weights.pcc * pcc (weighted only).</summary>
public sealed record IndexationFactorYear(int Year, decimal Ova, decimal Pcc, decimal? Composite, IndexationStatus Status);
