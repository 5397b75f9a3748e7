using System.Text.Json;
using Inkoop.Domain;
using Inkoop.Domain.Formats;
using Inkoop.Storage;

namespace Inkoop.Functions.Services;

/// <summary>
/// A validated format as kept in Table Storage: the findings as one JSON text, the rest of the
/// <see cref="ProviderFormat"/> (values, invalid values, FTE, products, identity) as another, both in
/// <see cref="ResultJson"/>'s shape. Reading them back gives the format the engine saw at upload.
/// </summary>
public static class StoredFormats
{
    /// <summary>Findings kept per version; more than this is no format anyone filled in by hand (errors are kept first).</summary>
    public const int MaxStoredFindings = 400;

    /// <summary>Characters a JSON text may take in a format row (7 chunks of 30,000, see FormatStore).</summary>
    public const int MaxJsonChars = 7 * 30_000;

    public static string ValuesJson(ProviderFormat format) =>
        JsonSerializer.Serialize(format with { Findings = [] }, ResultJson.Options);

    /// <summary>The findings to store: all of them when they fit, else the first errors and warnings up to the limit.</summary>
    public static string FindingsJson(IReadOnlyList<Finding> findings)
    {
        IReadOnlyList<Finding> kept = findings.Count <= MaxStoredFindings
            ? findings
            : findings.OrderBy(f => f.Severity == Severity.Error ? 0 : 1).Take(MaxStoredFindings).ToList();
        var json = JsonSerializer.Serialize(kept, ResultJson.Options);
        while (json.Length > MaxJsonChars && kept.Count > 1)
        {
            kept = kept.Take(kept.Count / 2).ToList();
            json = JsonSerializer.Serialize(kept, ResultJson.Options);
        }
        return json;
    }

    public static IReadOnlyList<Finding> Findings(FormatVersion version) =>
        version.FindingsJson is null ? [] : JsonSerializer.Deserialize<List<Finding>>(version.FindingsJson, ResultJson.Options) ?? [];

    /// <summary>The validated format of a stored version (read with content), with its findings.</summary>
    public static ProviderFormat ToProviderFormat(FormatVersion version)
    {
        if (version.ValuesJson is null)
            throw new InvalidDataException($"Format {version.Agb} version {version.Version} of round {version.Round} was read without its values.");
        var format = JsonSerializer.Deserialize<ProviderFormat>(version.ValuesJson, ResultJson.Options)
                     ?? throw new InvalidDataException($"Format {version.Agb} version {version.Version} has no values.");
        // The validator keys its dictionaries case-insensitively; JSON gives ordinal ones back.
        return format with
        {
            Findings = Findings(version),
            Values = new Dictionary<string, decimal>(format.Values, StringComparer.OrdinalIgnoreCase),
            Invalid = new Dictionary<string, string>(format.Invalid, StringComparer.OrdinalIgnoreCase),
            Fte = new Dictionary<string, decimal>(format.Fte, StringComparer.OrdinalIgnoreCase),
        };
    }
}
