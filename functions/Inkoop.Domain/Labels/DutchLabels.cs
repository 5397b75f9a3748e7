using System.Text.Json;

namespace Inkoop.Domain.Labels;

/// <summary>The kinds of code <see cref="DutchLabels"/> has a label for: the top-level keys of <c>Labels.nl.json</c>.</summary>
public static class LabelKind
{
    public const string FormatStatus = "formatStatus";
    public const string BidStatus = "bidStatus";
    public const string ReportStatus = "reportStatus";
    public const string VarianceStatus = "varianceStatus";
    public const string SnapshotStatus = "snapshotStatus";
    public const string Severity = "severity";
    public const string Statistic = "statistic";
    public const string BidFlag = "bidFlag";
    public const string ExclusionReason = "exclusionReason";
    public const string IndexationMethod = "indexationMethod";
    public const string IndexationStatus = "indexationStatus";
    public const string Role = "role";
}

/// <summary>
/// What a person reads for a code (<c>repairNeeded</c>, <c>weightedMean</c>, <c>abnormallyLow</c>, ...): one table,
/// <c>Labels.nl.json</c>, embedded here and bundled into the add-in and the provider page, so the CLI, the exports, the
/// pages and the add-in say the same. Codes stay English in the API; a code without a label reads as itself.
/// </summary>
public static class DutchLabels
{
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Table { get; } = Load();

    public static string Of(string kind, string code) =>
        Table.TryGetValue(kind, out var labels) && labels.TryGetValue(code, out var label) ? label : code;

    /// <summary>An enum value by its camelCase code, as the API writes it (<c>RepairNeeded</c> is <c>repairNeeded</c>).</summary>
    public static string Of<T>(string kind, T value) where T : struct, Enum => Of(kind, JsonNamingPolicy.CamelCase.ConvertName(value.ToString()));

    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Load()
    {
        using var stream = typeof(DutchLabels).Assembly.GetManifestResourceStream("Inkoop.Domain.Labels.nl.json")
            ?? throw new InvalidOperationException("Labels.nl.json is not embedded.");
        using var document = JsonDocument.Parse(stream);
        return document.RootElement.EnumerateObject()
            .Where(kind => kind.Value.ValueKind == JsonValueKind.Object)
            .ToDictionary(kind => kind.Name, kind => (IReadOnlyDictionary<string, string>)kind.Value.EnumerateObject()
                .ToDictionary(code => code.Name, code => code.Value.GetString()!, StringComparer.Ordinal), StringComparer.Ordinal);
    }
}
