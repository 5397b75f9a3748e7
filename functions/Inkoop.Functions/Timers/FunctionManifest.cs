using System.Text.Json;

namespace Inkoop.Functions.Timers;

/// <summary>One function as declared in <c>{Name}/function.json</c> beside the executable.</summary>
public sealed record FunctionDefinition(string Name, string TriggerType, string? Route, IReadOnlyList<string> Methods,
    string? AuthLevel, string? Schedule, string? BindingName);

/// <summary>Reads the function.json files: the one source of routes and timer schedules, for Azure and locally.</summary>
public static class FunctionManifest
{
    public static IReadOnlyList<FunctionDefinition> Read(string appDirectory)
    {
        var list = new List<FunctionDefinition>();
        foreach (var file in Directory.EnumerateDirectories(appDirectory)
                     .Select(d => Path.Combine(d, "function.json"))
                     .Where(File.Exists)
                     .Order(StringComparer.Ordinal))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            var trigger = document.RootElement.GetProperty("bindings").EnumerateArray()
                .First(b => b.TryGetProperty("type", out var t) && t.GetString()!.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase));
            string? Text(string name) => trigger.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var methods = trigger.TryGetProperty("methods", out var m) && m.ValueKind == JsonValueKind.Array
                ? m.EnumerateArray().Select(x => x.GetString()!.ToUpperInvariant()).ToArray()
                : [];
            list.Add(new FunctionDefinition(Path.GetFileName(Path.GetDirectoryName(file)!), Text("type")!, Text("route"), methods,
                Text("authLevel"), Text("schedule"), Text("name")));
        }
        return list;
    }
}
