using System.Text.Json;
using System.Text.Json.Serialization;

namespace Inkoop.Domain;

/// <summary>
/// What every configuration document shares (rounds, tenders, lumpsums with their municipalities and participation, and
/// reference tariffs): a size limit, one set of JSON options (case-insensitive names, comments and trailing commas
/// allowed, unknown fields refused), and Dutch errors for an empty, too large or malformed document, all as one
/// <see cref="ConfigurationException"/>.
/// </summary>
public static class ConfigurationDocument
{
    /// <summary>Reads <paramref name="json"/> into <typeparamref name="T"/>; <paramref name="name"/> (default the kind's) names it in errors.</summary>
    public static T Read<T>(string json, ConfigurationKind kind, string? name = null) where T : class
    {
        name ??= kind.Name;
        CheckSize(json, kind, name);
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options) ?? throw kind.Error([$"{name} is leeg (null)."]);
        }
        catch (JsonException e)
        {
            var where = e.Path is { Length: > 0 } path ? $" bij {path}" : "";
            throw kind.Error([$"{name} is geen geldige JSON{where}{Line(e)}: een onbekend veld, een waarde van het verkeerde type of een syntaxfout."]);
        }
    }

    /// <summary>Parses <paramref name="json"/> as a document whose other fields are ignored (reference tariffs: a snapshot says far more).</summary>
    public static JsonDocument Parse(string json, ConfigurationKind kind, int maxDepth = 64)
    {
        CheckSize(json, kind, kind.Name);
        try
        {
            return JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = maxDepth, CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw kind.Error([$"{kind.Name} is geen geldige JSON{Line(e)}."]);
        }
    }

    private static void CheckSize(string json, ConfigurationKind kind, string name)
    {
        if (string.IsNullOrWhiteSpace(json)) throw kind.Error([$"{name} is leeg."]);
        if (json.Length > kind.MaxLength) throw kind.Error([$"{name} is groter dan {Size(kind.MaxLength)}."]);
    }

    private static string Line(JsonException e) => e.LineNumber is { } l ? $" (regel {l + 1})" : "";

    private static string Size(int bytes) => bytes >= 1024 * 1024 ? $"{bytes / 1024 / 1024} MiB" : $"{bytes / 1024} KiB";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 16,
    };
}

/// <summary>
/// A kind of configuration document: <see cref="Name"/> as its errors call it ("De rondeconfiguratie"),
/// <see cref="Invalid"/> as a refusal of the whole document says it ("ongeldige rondeconfiguratie"), and its size limit.
/// </summary>
public sealed record ConfigurationKind(string Name, string Invalid, int MaxLength)
{
    public ConfigurationException Error(IReadOnlyList<string> errors) => new(Invalid, errors);
}

/// <summary>A configuration document that cannot be used; <see cref="Errors"/> are Dutch, one per problem, all at once.</summary>
public sealed class ConfigurationException(string invalid, IReadOnlyList<string> errors) : Exception(invalid + ": " + string.Join(" ", errors))
{
    /// <summary>What was refused, as "ongeldige rondeconfiguratie".</summary>
    public string Invalid { get; } = invalid;

    public IReadOnlyList<string> Errors { get; } = errors;
}
