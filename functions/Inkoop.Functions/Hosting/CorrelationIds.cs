using System.Collections;
using System.Diagnostics;

namespace Inkoop.Functions.Hosting;

/// <summary>
/// Every request (a timer invocation too) gets a correlation id: the trace id of a valid incoming <c>traceparent</c>
/// (so it matches the caller's trace, e.g. the Functions host's operation id), else a well-formed
/// <c>X-Correlation-Id</c> the client sent, else the request's own trace id. It is answered in <c>X-Correlation-Id</c>,
/// is <c>correlationId</c> in every problem (<see cref="Problems.Configure"/>), a logging scope of every log line written
/// while the request runs, a tag of the request's span and a column of its audit row. Support staff find a request by it.
/// </summary>
public static class CorrelationIds
{
    public const string Header = "X-Correlation-Id";

    /// <summary>A client's id is kept when it is 1-64 characters of letters, digits, '-', '_', '.' and ':'; else replaced.</summary>
    public const int MaxLength = 64;

    private const string Item = "inkoop.correlationId";

    /// <summary>The request's correlation id (the request's trace identifier if the middleware did not run).</summary>
    public static string Of(HttpContext context) => context.Items[Item] as string ?? context.TraceIdentifier;

    public static bool IsWellFormed(string? value) =>
        value is { Length: > 0 and <= MaxLength } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');

    /// <summary>The id for a request with these headers; <paramref name="current"/> is its span, if one is recorded.</summary>
    public static string Choose(IHeaderDictionary headers, Activity? current)
    {
        if (Single(headers, "traceparent") is { } traceparent && ActivityContext.TryParse(traceparent, null, out var parent))
            return parent.TraceId.ToHexString();
        if (Single(headers, Header) is { } supplied && IsWellFormed(supplied)) return supplied;
        return current is not null && current.IdFormat == ActivityIdFormat.W3C
            ? current.TraceId.ToHexString()
            : ActivityTraceId.CreateRandom().ToHexString();
    }

    /// <summary>First in the pipeline, so even the exception handler's log lines carry the id.</summary>
    public static IApplicationBuilder UseCorrelationIds(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("Inkoop.Requests");
        return app.Use(async (context, next) =>
        {
            var id = Choose(context.Request.Headers, Activity.Current);
            context.Items[Item] = id;
            Activity.Current?.SetTag("inkoop.correlation_id", id);
            // Set when the response starts: the exception handler clears headers set before it.
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[Header] = id;
                return Task.CompletedTask;
            });
            using (logger.BeginScope(new Scope(id)))
                await next(context);
        });
    }

    private static string? Single(IHeaderDictionary headers, string name) =>
        headers.TryGetValue(name, out var values) && values.Count == 1 ? values[0] : null;

    /// <summary>The logging scope: one field <c>CorrelationId</c> (structured loggers), "CorrelationId:{id}" as text.</summary>
    private sealed class Scope(string id) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public KeyValuePair<string, object?> this[int index] =>
            index == 0 ? new("CorrelationId", id) : throw new ArgumentOutOfRangeException(nameof(index));

        public int Count => 1;

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            yield return this[0];
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => $"CorrelationId:{id}";
    }
}
