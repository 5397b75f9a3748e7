using System.Text.Json;
using System.Text.Json.Serialization;

namespace Inkoop.Functions.Timers;

/// <summary>
/// What the Functions host POSTs to <c>/{FunctionName}</c> for a non-HTTP trigger:
/// <c>{ "Data": { "&lt;bindingName&gt;": ... }, "Metadata": { ..., "sys": { "MethodName", "UtcNow", "RandGuid" } } }</c>.
/// </summary>
public sealed class InvocationRequest
{
    [JsonPropertyName("Data")] public Dictionary<string, JsonElement>? Data { get; set; }
    [JsonPropertyName("Metadata")] public Dictionary<string, JsonElement>? Metadata { get; set; }

    /// <summary>
    /// The timer binding's data (whatever the binding is called), or null when the host sent none (<c>"Data": {}</c>, a
    /// run on demand). False, with the reason, when a binding is there but is no timer's data (a text where a date or a
    /// flag belongs, a number for the schedule, a null <c>IsPastDue</c>): then nothing may run.
    /// </summary>
    public bool TryReadTimer(JsonSerializerOptions options, out TimerInfo? timer, out string? error)
    {
        timer = null;
        error = null;
        foreach (var (binding, value) in Data ?? [])
        {
            if (value.ValueKind == JsonValueKind.Null) continue;
            if (value.ValueKind != JsonValueKind.Object)
            {
                error = $"'{Hosting.Problems.Shorten(binding)}' is geen object";
                return false;
            }
            try
            {
                timer = value.Deserialize<TimerInfo>(options);
                return true;
            }
            catch (JsonException e)
            {
                error = $"'{Hosting.Problems.Shorten(binding)}' is geen geldige timer ({Hosting.Problems.Shorten(e.Path ?? "$")})";
                return false;
            }
        }
        return true;
    }
}

/// <summary>A timer trigger's data: <c>{ "Schedule": { "AdjustForDST" }, "ScheduleStatus": { "Last", "Next", "LastUpdated" } | null, "IsPastDue" }</c>.</summary>
public sealed record TimerInfo(
    [property: JsonPropertyName("Schedule")] TimerSchedule? Schedule,
    [property: JsonPropertyName("ScheduleStatus")] TimerScheduleStatus? ScheduleStatus,
    [property: JsonPropertyName("IsPastDue")] bool IsPastDue);

public sealed record TimerSchedule([property: JsonPropertyName("AdjustForDST")] bool AdjustForDST);

public sealed record TimerScheduleStatus(
    [property: JsonPropertyName("Last")] DateTimeOffset Last,
    [property: JsonPropertyName("Next")] DateTimeOffset Next,
    [property: JsonPropertyName("LastUpdated")] DateTimeOffset LastUpdated);

/// <summary>The answer the host expects: <c>{ "Outputs": {}, "Logs": [...], "ReturnValue": ... }</c> (2xx; anything else fails the run).</summary>
public sealed class InvocationResponse
{
    [JsonPropertyName("Outputs")] public Dictionary<string, object?> Outputs { get; init; } = [];
    [JsonPropertyName("Logs")] public List<string> Logs { get; init; } = [];
    [JsonPropertyName("ReturnValue")] public object? ReturnValue { get; init; }
}

public static class TimerPayload
{
    /// <summary>The payload the host would send for a timer with binding <paramref name="bindingName"/>; used by the local runner and tests.</summary>
    public static object Create(string functionName, string bindingName, DateTimeOffset? last, DateTimeOffset next, bool isPastDue) => new Dictionary<string, object?>
    {
        ["Data"] = new Dictionary<string, object?>
        {
            [bindingName] = new Dictionary<string, object?>
            {
                ["Schedule"] = new Dictionary<string, object?> { ["AdjustForDST"] = true },
                ["ScheduleStatus"] = last is null ? null : new Dictionary<string, object?>
                {
                    ["Last"] = last, ["Next"] = next, ["LastUpdated"] = DateTimeOffset.UtcNow,
                },
                ["IsPastDue"] = isPastDue,
            },
        },
        ["Metadata"] = new Dictionary<string, object?>
        {
            ["sys"] = new Dictionary<string, object?>
            {
                ["MethodName"] = functionName, ["UtcNow"] = DateTimeOffset.UtcNow, ["RandGuid"] = Guid.NewGuid(),
            },
        },
    };
}
