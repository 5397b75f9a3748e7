using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Inkoop.Functions.Access;

/// <summary>
/// <c>Auth:Entra</c> (<c>Auth__Entra__TenantId</c>, ...): the Entra ID tenant and the API's app registration whose
/// access tokens the app accepts in <c>Authorization: Bearer</c>. Both unset: no tokens are accepted (keys only).
/// </summary>
public sealed class EntraOptions
{
    public const string Section = "Auth:Entra";

    /// <summary>The sign-in authority's host; another value only for a sovereign cloud, or for the tests' local stand-in.</summary>
    public string Instance { get; set; } = "https://login.microsoftonline.com/";

    /// <summary>The region's tenant (a GUID): tokens of any other tenant are refused.</summary>
    public string? TenantId { get; set; }

    /// <summary>The application (client) id of the API's app registration: the audience of its v2 access tokens.</summary>
    public string? ClientId { get; set; }

    /// <summary>The delegated scope the API exposes; a token without it is refused.</summary>
    public string Scope { get; set; } = "access_as_user";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(TenantId) || !string.IsNullOrWhiteSpace(ClientId);

    /// <summary>The v2.0 authority: also the issuer of the tenant's v2 access tokens.</summary>
    public string Authority => $"{Instance.TrimEnd('/')}/{TenantId}/v2.0";
}

/// <summary>
/// Entra ID access tokens, validated by the app itself with the JwtBearer handler (the part of Microsoft.Identity.Web a
/// single-tenant API needs): signature against the tenant's published keys, issuer = this tenant's v2.0 authority,
/// audience = the API's app registration, lifetime, and the API's scope. <see cref="Authenticator"/> then maps the
/// token's <c>oid</c> to a role through the principals table, like App Service Authentication's principal.
/// </summary>
public static class EntraTokens
{
    public const string Scheme = "Entra";

    public static IServiceCollection AddEntraTokens(this IServiceCollection services, IConfiguration configuration)
    {
        var entra = configuration.GetSection(EntraOptions.Section).Get<EntraOptions>() ?? new EntraOptions();
        services.AddOptions<EntraOptions>().Bind(configuration.GetSection(EntraOptions.Section));
        if (!entra.IsConfigured) return services;
        if (!Guid.TryParse(entra.TenantId, out _) || !Guid.TryParse(entra.ClientId, out _))
            throw new InvalidOperationException($"{EntraOptions.Section}: TenantId and ClientId must both be GUIDs (one tenant; not 'common' or 'organizations').");
        if (!Uri.TryCreate(entra.Instance, UriKind.Absolute, out var instance) || (instance.Scheme != "https" && !IsLoopback(instance)))
            throw new InvalidOperationException($"{EntraOptions.Section}:Instance '{entra.Instance}' must be an https URL.");

        services.AddAuthentication().AddJwtBearer(Scheme, o =>
        {
            o.Authority = entra.Authority;
            // Only the tests' local stand-in for Entra is plain http, and only on loopback.
            o.RequireHttpsMetadata = !IsLoopback(instance);
            o.MapInboundClaims = false;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = entra.Authority,
                ValidAudiences = [entra.ClientId, $"api://{entra.ClientId}"],
                ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
                ValidateIssuer = true,
                ValidateAudience = true,
                ValidateLifetime = true,
                ValidateIssuerSigningKey = true,
                RequireSignedTokens = true,
                RequireExpirationTime = true,
                ClockSkew = TimeSpan.FromMinutes(2),
            };
        });
        return services;
    }

    /// <summary>True when the request carries <c>Authorization: Bearer ...</c>.</summary>
    public static bool HasBearerToken(HttpRequest request) =>
        request.Headers.Authorization.ToString() is var value && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    /// <summary>The Entra object id (lowercase GUID) of a valid token of the tenant with the API's scope, else null.</summary>
    public static async Task<string?> ObjectIdAsync(HttpContext context, EntraOptions entra)
    {
        var result = await context.AuthenticateAsync(Scheme);
        if (!result.Succeeded || result.Principal is not { } principal) return null;
        if (!string.Equals(principal.FindFirst("tid")?.Value, entra.TenantId, StringComparison.OrdinalIgnoreCase)) return null;
        var scopes = principal.FindFirst("scp")?.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (!scopes.Contains(entra.Scope, StringComparer.Ordinal)) return null;
        return Guid.TryParse(principal.FindFirst("oid")?.Value, out var id) ? id.ToString("D") : null;
    }

    private static bool IsLoopback(Uri uri) => uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip));
}
