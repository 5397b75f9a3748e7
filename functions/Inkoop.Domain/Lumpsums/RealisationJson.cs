using System.Text.Json;
using Inkoop.Domain.Formats;

namespace Inkoop.Domain.Lumpsums;

/// <summary>
/// A realisation report as JSON, read into the same table a workbook gives, so one validator checks both:
/// <code>{ "year": 2025, "quarter": 1, "agb": "12345678", "segment": "AMB",
///   "rows": [ { "municipality": "GM0197", "product": "45A11", "volume": 120 } ] }</code>
/// Cells are named by their JSON path (<c>rows[0].volume</c>). Values are taken as they are: a number stays a number,
/// text stays text (Dutch number text is read like in a workbook).
/// </summary>
public static class RealisationJson
{
    public const int MaxLength = 8 * 1024 * 1024;
    public const int MaxRows = 100_000;

    /// <summary>The table and the row of top-level fields that keys the report. Throws <see cref="FormatException"/> (Dutch) on anything else.</summary>
    public static (RawTable Table, RawRow KeyRow) Read(string json)
    {
        if (json.Length > MaxLength) throw new FormatException($"Het JSON-rapport is groter dan {MaxLength / 1024 / 1024} MiB.");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8, AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new FormatException($"Het rapport is geen geldige JSON (regel {(e.LineNumber ?? 0) + 1}).", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new FormatException("Het JSON-rapport is geen object met year, quarter, agb, segment en rows.");
            var key = new Dictionary<string, RawCell>
            {
                [RealisationSchema.Jaar] = Cell(root, "year", "year"),
                [RealisationSchema.Kwartaal] = Cell(root, "quarter", "quarter"),
                [RealisationSchema.Agb] = Cell(root, "agb", "agb"),
                [RealisationSchema.Segment] = Cell(root, "segment", "segment"),
            };
            var rows = new List<RawRow>();
            if (Property(root, "rows") is { } list)
            {
                if (list.ValueKind != JsonValueKind.Array) throw new FormatException("'rows' in het JSON-rapport is geen lijst.");
                var i = 0;
                foreach (var row in list.EnumerateArray())
                {
                    if (i == MaxRows) throw new FormatException($"Het JSON-rapport heeft meer dan {MaxRows} rijen.");
                    if (row.ValueKind != JsonValueKind.Object) throw new FormatException($"rows[{i}] in het JSON-rapport is geen object.");
                    rows.Add(new RawRow(new Dictionary<string, RawCell>(key)
                    {
                        [RealisationSchema.Gemeente] = Cell(row, "municipality", $"rows[{i}].municipality"),
                        [RealisationSchema.Productcode] = Cell(row, "product", $"rows[{i}].product"),
                        [RealisationSchema.Volume] = Cell(row, "volume", $"rows[{i}].volume"),
                    }));
                    i++;
                }
            }
            return (new RawTable(RealisationSchema.Table, "rows", RealisationSchema.Columns, rows), new RawRow(key));
        }
    }

    private static JsonElement? Property(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase)) return property.Value;
        }
        return null;
    }

    private static RawCell Cell(JsonElement element, string name, string path) => new(path, Property(element, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } n => n.TryGetDecimal(out var d) ? d : n.GetRawText(),
        { ValueKind: JsonValueKind.String } s => s.GetString() is { Length: > 0 } text && !string.IsNullOrWhiteSpace(text) ? text : null,
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        { ValueKind: JsonValueKind.Null } => null,
        { } other => other.GetRawText(),
    });
}
