using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Inkoop.Integration.Tests.Infrastructure;

/// <summary>
/// An OTLP/HTTP endpoint (protobuf) on a free loopback port, standing in for a collector: it keeps what the app exports
/// to <c>/v1/traces</c>, <c>/v1/metrics</c> and <c>/v1/logs</c>, reading only the fields the tests look at (names, ids,
/// string attributes) with a minimal protobuf reader.
/// </summary>
public sealed class OtlpReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<ExportedSpan> _spans = new();
    private readonly ConcurrentQueue<ExportedMetric> _metrics = new();
    private readonly ConcurrentQueue<ExportedLog> _logs = new();
    private readonly Task _loop;

    public OtlpReceiver()
    {
        var port = Repo.FreePort();
        Endpoint = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Endpoint + "/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string Endpoint { get; }
    public IReadOnlyList<ExportedSpan> Spans => _spans.ToList();
    public IReadOnlyList<ExportedMetric> Metrics => _metrics.ToList();
    public IReadOnlyList<ExportedLog> Logs => _logs.ToList();

    /// <summary>Waits (up to <paramref name="seconds"/>) until <paramref name="condition"/> holds.</summary>
    public async Task<bool> WaitUntilAsync(Func<OtlpReceiver, bool> condition, int seconds = 20)
    {
        for (var i = 0; i < seconds * 10; i++)
        {
            if (condition(this)) return true;
            await Task.Delay(100);
        }
        return condition(this);
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var bytes = body.ToArray();
            var path = context.Request.Url!.AbsolutePath;
            if (path.EndsWith("/v1/traces", StringComparison.Ordinal)) ReadTraces(bytes);
            else if (path.EndsWith("/v1/metrics", StringComparison.Ordinal)) ReadMetrics(bytes);
            else if (path.EndsWith("/v1/logs", StringComparison.Ordinal)) ReadLogs(bytes);
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    // ExportTraceServiceRequest { 1 ResourceSpans { 2 ScopeSpans { 1 InstrumentationScope { 1 name }, 2 Span } } }
    // Span { 1 trace_id, 2 span_id, 4 parent_span_id, 5 name, 6 kind, 9 attributes KeyValue, 15 Status { 3 code } }
    private void ReadTraces(byte[] request)
    {
        foreach (var resource in Protobuf.Messages(request, 1))
        foreach (var scope in Protobuf.Messages(resource, 2))
        {
            var scopeName = Protobuf.Messages(scope, 1).Select(s => Protobuf.Text(s, 1)).FirstOrDefault() ?? "";
            foreach (var span in Protobuf.Messages(scope, 2))
                _spans.Enqueue(new ExportedSpan(scopeName, Protobuf.Hex(span, 1), Protobuf.Hex(span, 2), Protobuf.Hex(span, 4),
                    Protobuf.Text(span, 5) ?? "", (int)Protobuf.Varint(span, 6), Protobuf.Attributes(span, 9),
                    Protobuf.Messages(span, 15).Select(status => (int)Protobuf.Varint(status, 3)).FirstOrDefault()));
        }
    }

    // ExportMetricsServiceRequest { 1 ResourceMetrics { 2 ScopeMetrics { 2 Metric { 1 name, 7 sum / 9 histogram { 1 data_points } } } } }
    // NumberDataPoint { 7 attributes }, HistogramDataPoint { 9 attributes }
    private void ReadMetrics(byte[] request)
    {
        foreach (var resource in Protobuf.Messages(request, 1))
        foreach (var scope in Protobuf.Messages(resource, 2))
        foreach (var metric in Protobuf.Messages(scope, 2))
        {
            var points = Protobuf.Messages(metric, 7).SelectMany(sum => Protobuf.Messages(sum, 1)).Select(p => Protobuf.Attributes(p, 7))
                .Concat(Protobuf.Messages(metric, 9).SelectMany(h => Protobuf.Messages(h, 1)).Select(p => Protobuf.Attributes(p, 9)))
                .ToList();
            _metrics.Enqueue(new ExportedMetric(Protobuf.Text(metric, 1) ?? "", points));
        }
    }

    // ExportLogsServiceRequest { 1 ResourceLogs { 2 ScopeLogs { 2 LogRecord { 5 body AnyValue, 6 attributes, 9 trace_id } } } }
    private void ReadLogs(byte[] request)
    {
        foreach (var resource in Protobuf.Messages(request, 1))
        foreach (var scope in Protobuf.Messages(resource, 2))
        foreach (var record in Protobuf.Messages(scope, 2))
            _logs.Enqueue(new ExportedLog(Protobuf.Messages(record, 5).Select(b => Protobuf.Text(b, 1)).FirstOrDefault() ?? "",
                Protobuf.Hex(record, 9), Protobuf.Attributes(record, 6)));
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try { _loop.Wait(TimeSpan.FromSeconds(2)); } catch (AggregateException) { }
    }

    /// <summary>Just enough protobuf: the fields of one message, by number.</summary>
    private static class Protobuf
    {
        private static IEnumerable<(int Field, ulong Varint, byte[]? Bytes)> Fields(byte[] message)
        {
            var i = 0;
            while (i < message.Length)
            {
                var tag = ReadVarint(message, ref i);
                var field = (int)(tag >> 3);
                switch ((int)(tag & 7))
                {
                    case 0: yield return (field, ReadVarint(message, ref i), null); break;
                    case 1: i += 8; break;
                    case 5: i += 4; break;
                    case 2:
                        var length = (int)ReadVarint(message, ref i);
                        yield return (field, 0, message[i..(i + length)]);
                        i += length;
                        break;
                    default: throw new InvalidDataException($"Unsupported wire type {tag & 7}.");
                }
            }
        }

        private static ulong ReadVarint(byte[] data, ref int i)
        {
            ulong value = 0;
            for (var shift = 0; ; shift += 7)
            {
                var b = data[i++];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80) return value;
            }
        }

        public static IEnumerable<byte[]> Messages(byte[] message, int field) =>
            Fields(message).Where(f => f.Field == field && f.Bytes is not null).Select(f => f.Bytes!).ToList();

        public static string? Text(byte[] message, int field) =>
            Messages(message, field).Select(b => Encoding.UTF8.GetString(b)).FirstOrDefault();

        public static string Hex(byte[] message, int field) =>
            Messages(message, field).Select(Convert.ToHexStringLower).FirstOrDefault() ?? "";

        public static ulong Varint(byte[] message, int field) => Fields(message).Where(f => f.Field == field && f.Bytes is null).Select(f => f.Varint).FirstOrDefault();

        // KeyValue { 1 key, 2 AnyValue { 1 string_value, 3 int_value } }
        public static IReadOnlyDictionary<string, string> Attributes(byte[] message, int field)
        {
            var attributes = new Dictionary<string, string>();
            foreach (var pair in Messages(message, field))
            {
                var key = Text(pair, 1);
                var value = Messages(pair, 2).FirstOrDefault();
                if (key is null || value is null) continue;
                attributes[key] = Text(value, 1) ?? $"{(long)Varint(value, 3)}";
            }
            return attributes;
        }
    }
}

/// <summary>
/// A span as exported: its scope (ActivitySource), ids in hex, name, kind (2 server, 3 client), string attributes and
/// status code (0 unset, 1 ok, 2 error).
/// </summary>
public sealed record ExportedSpan(string Scope, string TraceId, string SpanId, string ParentSpanId, string Name, int Kind,
    IReadOnlyDictionary<string, string> Attributes, int Status);

/// <summary>A metric as exported: its name and the attributes of each data point.</summary>
public sealed record ExportedMetric(string Name, IReadOnlyList<IReadOnlyDictionary<string, string>> Points);

/// <summary>A log record as exported: its body, trace id and attributes.</summary>
public sealed record ExportedLog(string Body, string TraceId, IReadOnlyDictionary<string, string> Attributes);
