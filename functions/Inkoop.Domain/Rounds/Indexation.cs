namespace Inkoop.Domain.Rounds;

/// <summary>
/// How a round's tariffs are indexed from the reference year to the tariff year (indexation-and-sensitivity.md
/// section 2), validated. <see cref="Years"/> holds exactly the years used, referenceYear + 1 through
/// <see cref="TariffYear"/>, in order: years the configuration gave beyond those are ignored.
/// </summary>
public sealed record Indexation(
    int TariffYear,
    IndexationMethod Method,
    IndexationWeights Weights,
    IReadOnlyList<IndexationYear> Years);

/// <summary><c>weighted</c>: VNG's composite of OVA and PCC; <c>components</c>: personnel with OVA, material and housing with PCC.</summary>
public enum IndexationMethod { Weighted, Components }

/// <summary>Shown beside a year's figures, never computed with.</summary>
public enum IndexationStatus { Provisional, Definitive }

/// <summary>The weights of OVA and PCC in the <c>weighted</c> method (VNG: 0.9 / 0.1).</summary>
public sealed record IndexationWeights(decimal Ova, decimal Pcc);

/// <summary>A year's OVA and PCC as fractions (0.0418 for 4.18%).</summary>
public sealed record IndexationYear(int Year, decimal Ova, decimal Pcc, IndexationStatus Status);
