using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Inkoop.Domain;

/// <summary>The one JSON shape of results for the CLI, the API and the add-in: camelCase, enums as camelCase text.</summary>
public static class ResultJson
{
    public static readonly JsonSerializerOptions Options = Create(indented: false);
    public static readonly JsonSerializerOptions Indented = Create(indented: true);

    private static JsonSerializerOptions Create(bool indented) => new(JsonSerializerDefaults.Web)
    {
        WriteIndented = indented,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        // Table Storage and the add-in both read these; decimals keep full precision as JSON numbers.
        NumberHandling = JsonNumberHandling.Strict,
        // Served as application/json and read by code, never pasted into HTML: keep Dutch text ("geüpload") and "+" readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
