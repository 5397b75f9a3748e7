using Inkoop.Functions.Hosting;
using Inkoop.Storage;

namespace Inkoop.Functions.Access;

/// <summary>The action an endpoint's calls are recorded as in the audit log (<c>upload</c>, <c>recalculate</c>, ...).</summary>
public sealed class AuditedAttribute(string action) : Attribute
{
    public string Action { get; } = action;
}

/// <summary>
/// The audit log: every authenticated call of an endpoint marked <c>.Audited("action")</c> — allowed or refused — becomes one row in
/// table <c>Audit</c> with the caller (key id or principal, role, AGB-code), the round, the target, the remote address
/// the status and the correlation id. Written just before the response starts, so the row exists when the caller has the answer.
/// Failed authentications are not rows of their own: <see cref="FailedAuthentications"/> counts them.
/// </summary>
public static class AuditLog
{
    private const string TargetItem = "inkoop.audit.target";

    public static TBuilder Audited<TBuilder>(this TBuilder builder, string action) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AuditedAttribute(action));

    /// <summary>What the action was about, when the route does not say it (e.g. the AGB-code and version of an upload).</summary>
    public static void Note(HttpContext context, string target) => context.Items[TargetItem] = target;

    internal static void Watch(HttpContext context, Endpoint? endpoint)
    {
        if (endpoint?.Metadata.GetMetadata<AuditedAttribute>() is not { } audited) return;
        var at = DateTimeOffset.UtcNow;
        context.Response.OnStarting(async () =>
        {
            var caller = Caller.Of(context);
            var status = context.Response.StatusCode;
            var values = context.Request.RouteValues;
            var target = context.Items.TryGetValue(TargetItem, out var t) && t is string s ? s
                : string.Join(" ", new[] { "agb", "id" }.Where(values.ContainsKey).Select(k => $"{k} {values[k]}"));
            var entry = new AuditEntry(at, audited.Action, context.Request.Method, context.Request.Path.Value ?? "", status,
                status < 400 ? "success" : status < 500 ? "refused" : "failed",
                caller?.Id, caller is null ? null : Roles.Name(caller.Role), caller?.Agb, values["round"] as string,
                string.IsNullOrEmpty(target) ? null : target, RemoteAddress(context), CorrelationId: CorrelationIds.Of(context));
            try
            {
                await context.RequestServices.GetRequiredService<IAuditStore>().AddAsync(entry, CancellationToken.None);
            }
            catch (Exception e)
            {
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AuditLog))
                    .LogError(e, "Audit entry not written: {Action} {Path} {Status} by {Caller}.", entry.Action, entry.Path, status, entry.Caller);
            }
        });
    }

    /// <summary>
    /// The client's address: the connection's, which ForwardedHeaders has set from <c>X-Forwarded-For</c> only when the
    /// request came through a trusted proxy (<see cref="Hosting.ForwardedClients"/>).
    /// </summary>
    public static string? RemoteAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString();
}
