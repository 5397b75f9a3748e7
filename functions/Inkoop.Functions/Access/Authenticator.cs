using System.Text;
using System.Text.Json;
using Inkoop.Functions.Hosting;
using Inkoop.Storage;
using Microsoft.Extensions.Options;

namespace Inkoop.Functions.Access;

/// <summary>Who is calling, or why nobody known is.</summary>
public sealed record Authentication(Caller? Caller, string? Failure = null)
{
    public const string NoCredentials = "no-credentials";
    public const string UnknownKey = "unknown-key";
    public const string RevokedKey = "revoked-key";
    public const string PrincipalWithoutRole = "principal-without-role";
    public const string InvalidToken = "invalid-token";
}

/// <summary>
/// Finds the caller of a request: the key in <see cref="ApiKeys.Header"/> (built-in, or issued and not revoked), else —
/// when <see cref="EntraOptions"/> are set — the Entra principal of a valid access token in <c>Authorization: Bearer</c>,
/// else — only behind App Service Authentication — the Entra principal in <c>X-MS-CLIENT-PRINCIPAL</c>; a principal
/// gets the role the principals table maps its object id to.
/// Issued keys and principals are looked up in Table Storage by point query and kept for a short time
/// (<see cref="CredentialCache"/>): a key revoked or a principal removed on this instance is refused at once, on another
/// instance within <see cref="AccessOptions.CredentialCache"/>.
/// Under the Functions host, a request to a path outside <c>/api</c> can only come from the host itself (it proxies
/// HTTP triggers under <c>/api</c> only and calls timers as <c>POST /{FunctionName}</c> over loopback): the scheduler.
/// </summary>
public sealed class Authenticator(ApiKeys keys, IKeyStore issued, IPrincipalStore principals, CredentialCache cache,
    IOptions<AccessOptions> options, IOptions<EntraOptions> entra, IConfiguration configuration)
{
    public const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL";
    private const int MaxKeyLength = 256;

    public async Task<Authentication> AuthenticateAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        string? key = context.Request.Headers[ApiKeys.Header];
        if (!string.IsNullOrWhiteSpace(key)) return await ByKeyAsync(key.Trim(), ct);

        if (entra.Value.IsConfigured && EntraTokens.HasBearerToken(context.Request))
        {
            var objectId = await EntraTokens.ObjectIdAsync(context, entra.Value);
            return objectId is null ? new Authentication(null, Authentication.InvalidToken) : await ByPrincipalAsync(objectId, ct);
        }

        if (options.Value.TrustAppServiceAuthentication && context.Request.Headers[PrincipalHeader] is { Count: > 0 } header)
        {
            var objectId = AppServicePrincipal.ObjectId(header.ToString());
            return objectId is null ? new Authentication(null, Authentication.NoCredentials) : await ByPrincipalAsync(objectId, ct);
        }

        if (configuration.UnderFunctionsHost() && !context.Request.Path.StartsWithSegments("/api"))
            return new Authentication(new Caller(Role.Scheduler, null, "functions-host", "Functions-host"));
        return new Authentication(null, Authentication.NoCredentials);
    }

    private async Task<Authentication> ByPrincipalAsync(string objectId, CancellationToken ct)
    {
        var mapped = await cache.GetAsync(CredentialCache.PrincipalEntry(objectId), c => principals.GetAsync(objectId, c), ct);
        return mapped is not null && Roles.TryParse(mapped.Role, out var role)
            ? new Authentication(new Caller(role, mapped.Agb, $"principal:{objectId}", mapped.Name))
            : new Authentication(null, Authentication.PrincipalWithoutRole);
    }

    private async Task<Authentication> ByKeyAsync(string key, CancellationToken ct)
    {
        if (key.Length > MaxKeyLength) return new Authentication(null, Authentication.UnknownKey);
        if (keys.BuiltIn(key) is { } builtIn) return new Authentication(builtIn);
        var hash = ApiKeys.Hash(key);
        var record = await cache.GetAsync(CredentialCache.KeyEntry(hash), c => issued.FindByHashAsync(hash, c), ct);
        if (record is null || !ApiKeys.Matches(key, record.Hash) || !Roles.TryParse(record.Role, out var role))
            return new Authentication(null, Authentication.UnknownKey);
        if (record.Revoked) return new Authentication(null, Authentication.RevokedKey);
        return new Authentication(new Caller(role, record.Agb, $"key:{record.Id}", record.Name));
    }
}

/// <summary>The principal App Service Authentication passes: base64 JSON with <c>claims: [{ typ, val }]</c>.</summary>
public static class AppServicePrincipal
{
    private static readonly string[] ObjectIdClaims = ["http://schemas.microsoft.com/identity/claims/objectidentifier", "oid"];

    /// <summary>The Entra object id (lowercase GUID), or null when the header is no readable principal.</summary>
    public static string? ObjectId(string header)
    {
        if (header.Length > 64 * 1024) return null;
        try
        {
            using var document = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(header.Trim())));
            if (!document.RootElement.TryGetProperty("claims", out var claims) || claims.ValueKind != JsonValueKind.Array) return null;
            foreach (var claim in claims.EnumerateArray())
            {
                if (claim.ValueKind != JsonValueKind.Object || !claim.TryGetProperty("typ", out var typ) || !claim.TryGetProperty("val", out var val)) continue;
                if (ObjectIdClaims.Contains(typ.GetString()) && Guid.TryParse(val.GetString(), out var id)) return id.ToString("D");
            }
            return null;
        }
        catch (Exception e) when (e is FormatException or JsonException or DecoderFallbackException)
        {
            return null;
        }
    }
}
