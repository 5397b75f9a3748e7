using Inkoop.Domain.Labels;
using Inkoop.Functions.Hosting;

namespace Inkoop.Functions.Access;

/// <summary>The roles that may call an endpoint. Every mapped endpoint has this or <see cref="AllowWithoutKeyAttribute"/>.</summary>
public sealed class AllowRolesAttribute(params Role[] roles) : Attribute
{
    public IReadOnlyList<Role> Roles { get; } = roles;
}

/// <summary>Marks an endpoint reachable without a key (health, readiness, the OpenAPI document, the static web files).</summary>
public sealed class AllowWithoutKeyAttribute : Attribute;

/// <summary>
/// The one place access is decided. Every endpoint declares who may call it on its route line
/// (<c>.AllowRoles(Role.Analyst, Role.Admin)</c> or <c>.AllowWithoutKey()</c>); this middleware authenticates the
/// caller (<see cref="Authenticator"/>), answers 401 without a known caller and 403 for a role the endpoint does not
/// allow, and keeps a provider to its own AGB-code in any route value <c>{agb}</c>. Handlers get the
/// <see cref="Caller"/> as a parameter for what depends on data (the AGB-code inside an uploaded file, a snapshot
/// being final). An endpoint without a declaration is refused to everyone, and the app does not start with one.
/// Failed authentications are counted and limited per client (<see cref="FailedAuthentications"/>).
/// </summary>
public static class AccessControl
{
    public static TBuilder AllowRoles<TBuilder>(this TBuilder builder, params Role[] roles) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AllowRolesAttribute(roles));

    public static TBuilder AllowWithoutKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AllowWithoutKeyAttribute());

    /// <summary>Endpoints that declare neither roles nor anonymous access (should be none).</summary>
    public static IReadOnlyList<string> Undeclared(IEnumerable<Endpoint> endpoints) => endpoints
        .Where(e => e.Metadata.GetMetadata<AllowRolesAttribute>() is null && e.Metadata.GetMetadata<AllowWithoutKeyAttribute>() is null)
        .Select(e => e is RouteEndpoint r ? $"{string.Join(",", r.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])} /{r.RoutePattern.RawText?.TrimStart('/')}" : e.DisplayName ?? "?")
        .ToList();

    /// <summary>Fails start-up when a mapped endpoint has no access declaration.</summary>
    public static void EnsureEveryEndpointDeclared(this IEndpointRouteBuilder app)
    {
        var undeclared = Undeclared(app.DataSources.SelectMany(s => s.Endpoints));
        if (undeclared.Count > 0)
            throw new InvalidOperationException("Endpoints without AllowRoles or AllowWithoutKey: " + string.Join("; ", undeclared));
    }

    public static IApplicationBuilder UseAccessControl(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var endpoint = context.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<AllowWithoutKeyAttribute>() is not null)
        {
            AuditLog.Watch(context, endpoint);
            await next(context);
            return;
        }

        // A client over its limit of failed authentications is refused before its key is even looked up.
        var failures = context.RequestServices.GetRequiredService<FailedAuthentications>();
        var client = FailedAuthentications.Client(context);
        if (failures.Blocked(client) is { } wait)
        {
            failures.CountBlocked(client, context.Request);
            await TooManyFailures(context, wait);
            return;
        }

        var authentication = await context.RequestServices.GetRequiredService<Authenticator>().AuthenticateAsync(context);
        if (authentication.Caller is not { } caller)
        {
            // Counted (one audit row per client and window), not audited one row each.
            if (failures.Fail(client, authentication.Failure ?? Authentication.NoCredentials, context.Request) is { } retryAfter)
            {
                await TooManyFailures(context, retryAfter);
                return;
            }
            if (authentication.Failure == Authentication.PrincipalWithoutRole)
            {
                await Problems.Create(403, "no-role",
                    "U bent aangemeld, maar uw account heeft in deze regio geen rol. Vraag de beheerder van de regio om toegang.")
                    .ExecuteAsync(context);
                return;
            }
            if (authentication.Failure == Authentication.InvalidToken)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
                await Problems.Create(401, "invalid-token",
                    "Uw aanmelding met uw Microsoft 365-account is niet geldig voor deze regio of is verlopen. Meld u opnieuw aan.")
                    .ExecuteAsync(context);
                return;
            }
            // One answer for a missing, an unknown and a revoked key: the answer tells nobody which keys exist.
            context.Response.Headers.WWWAuthenticate = "InkoopKey";
            await Problems.Create(401, "unauthorized", $"Een geldige sleutel ontbreekt. Geef uw sleutel mee in de header {ApiKeys.Header}.")
                .ExecuteAsync(context);
            return;
        }
        caller.Attach(context);
        AuditLog.Watch(context, endpoint);

        // No endpoint (unknown route: 404) or the framework's own (405 for a known path): nothing to protect.
        if (endpoint is RouteEndpoint)
        {
            var allowed = endpoint.Metadata.GetMetadata<AllowRolesAttribute>()?.Roles ?? [];
            if (!allowed.Contains(caller.Role))
            {
                await Problems.Create(403, "forbidden", $"Als {DutchLabels.Of(LabelKind.Role, Roles.Name(caller.Role))} hebt u geen toegang tot dit onderdeel.").ExecuteAsync(context);
                return;
            }
            if (context.Request.RouteValues.TryGetValue("agb", out var value) && value is string agb && !caller.MayActFor(agb))
            {
                await Problems.Create(403, "agb-mismatch",
                    $"U bent aangemeld voor AGB-code {caller.Agb} en hebt alleen toegang tot de gegevens van uw eigen organisatie.").ExecuteAsync(context);
                return;
            }
        }
        await next(context);
    });

    private static Task TooManyFailures(HttpContext context, TimeSpan wait)
    {
        var seconds = (int)Math.Ceiling(wait.TotalSeconds);
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Problems.Create(429, "too-many-failed-authentications",
                $"Te veel mislukte aanmeldingen vanaf dit adres. Probeer het over {seconds} seconden opnieuw met een geldige sleutel.",
                new Dictionary<string, object?> { ["retryAfter"] = seconds })
            .ExecuteAsync(context);
    }
}
