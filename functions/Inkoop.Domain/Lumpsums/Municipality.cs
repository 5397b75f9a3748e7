namespace Inkoop.Domain.Lumpsums;

/// <summary>A municipality (gemeente) by its CBS code (<c>GM</c> + 4 digits), with its unique clients for the allocation key.</summary>
public sealed record Municipality(string Code, string Name, int Clients);

/// <summary>The Achterhoek region: the defaults when a configuration names no municipalities (bids-and-lumpsum.md section 2).</summary>
public static class Municipalities
{
    /// <summary>The eight municipalities with their unique clients of 2023 (10,437 together), by CBS code.</summary>
    public static readonly IReadOnlyList<Municipality> Achterhoek =
    [
        new("GM0197", "Aalten", 813),
        new("GM0222", "Doetinchem", 2702),
        new("GM0294", "Winterswijk", 1034),
        new("GM1509", "Oude IJsselstreek", 72),
        new("GM1586", "Oost Gelre", 900),
        new("GM1859", "Berkelland", 1571),
        new("GM1876", "Bronckhorst", 2106),
        new("GM1955", "Montferland", 1239),
    ];
}

/// <summary>
/// The municipalities of a region and which of them take part (deelname) in each segment. A segment that
/// participation does not mention is one all municipalities take part in.
/// </summary>
public sealed class MunicipalitySetup
{
    public MunicipalitySetup(IReadOnlyList<Municipality> municipalities, IReadOnlyDictionary<string, IReadOnlyList<string>> participation)
    {
        Municipalities = municipalities;
        Participation = new Dictionary<string, IReadOnlyList<string>>(participation, StringComparer.OrdinalIgnoreCase);
    }

    public static MunicipalitySetup Default { get; } = new(Lumpsums.Municipalities.Achterhoek, new Dictionary<string, IReadOnlyList<string>>());

    public IReadOnlyList<Municipality> Municipalities { get; }

    /// <summary>Segment code to the CBS codes taking part; segments not listed: all municipalities.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Participation { get; }

    public Municipality? Find(string code) =>
        Municipalities.FirstOrDefault(m => string.Equals(m.Code, code, StringComparison.OrdinalIgnoreCase));

    /// <summary>The municipalities that take part in a segment, in CBS-code order.</summary>
    public IReadOnlyList<Municipality> Participants(string segment) =>
        (Participation.TryGetValue(segment, out var codes)
            ? Municipalities.Where(m => codes.Contains(m.Code, StringComparer.OrdinalIgnoreCase))
            : Municipalities)
        .OrderBy(m => m.Code, StringComparer.Ordinal).ToList();

    public bool TakesPart(string code, string segment) =>
        Participants(segment).Any(m => string.Equals(m.Code, code, StringComparison.OrdinalIgnoreCase));
}
