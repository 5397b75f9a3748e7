namespace Inkoop.Functions.Access;

/// <summary>
/// The authenticated caller of this request, set by <see cref="AccessControl"/> before any handler runs. A handler
/// that needs it (own-AGB checks) takes it as a parameter: <c>Caller caller</c>.
/// <see cref="Id"/>: <c>key:{id}</c> for an issued key, <c>principal:{objectId}</c> for an Entra principal,
/// <c>admin-key</c> for the bootstrap admin key, <c>local-timer</c> or <c>functions-host</c> for timers.
/// </summary>
public sealed record Caller(Role Role, string? Agb, string Id, string? Name = null)
{
    private const string ItemKey = "inkoop.caller";

    public bool IsProvider => Role == Role.Provider;

    /// <summary>True unless this is a provider and <paramref name="agb"/> is not its own.</summary>
    public bool MayActFor(string agb) => !IsProvider || string.Equals(Agb, agb, StringComparison.Ordinal);

    /// <summary>Minimal API parameter binding: the caller <see cref="AccessControl"/> authenticated.</summary>
    public static ValueTask<Caller?> BindAsync(HttpContext context) => ValueTask.FromResult(Of(context));

    public static Caller? Of(HttpContext context) => context.Items.TryGetValue(ItemKey, out var c) ? c as Caller : null;

    internal void Attach(HttpContext context) => context.Items[ItemKey] = this;
}
