using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Inkoop.Integration.Tests.Infrastructure;

/// <summary>
/// A stand-in for Entra ID's token issuing side, on loopback: the tenant's OpenID configuration document and its JWKS,
/// served over HTTP the way <c>login.microsoftonline.com/{tenant}/v2.0</c> serves them, and access tokens signed with an
/// RSA key generated here. Entra itself cannot run in a test; the app's validation of what it issues can (the
/// JwtBearer handler fetches this document and these keys exactly as it would Entra's).
/// </summary>
public sealed class LocalEntra : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly RSA _key = RSA.Create(2048);
    private readonly string _keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
    private readonly Task _serving;

    public string Instance { get; }
    public string TenantId { get; } = Guid.NewGuid().ToString("D");
    public string ClientId { get; } = Guid.NewGuid().ToString("D");
    public string Issuer(string tenant) => $"{Instance}{tenant}/v2.0";

    /// <summary>How often the JWKS was fetched: the app reads the keys from here, not from anywhere else.</summary>
    public int KeySetRequests;

    public LocalEntra()
    {
        var port = Repo.FreePort();
        Instance = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(Instance);
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
            var path = context.Request.Url!.AbsolutePath;
            object? body = path == $"/{TenantId}/v2.0/.well-known/openid-configuration" ? new Dictionary<string, object>
                {
                    ["issuer"] = Issuer(TenantId),
                    ["jwks_uri"] = $"{Instance}{TenantId}/discovery/v2.0/keys",
                    ["authorization_endpoint"] = $"{Instance}{TenantId}/oauth2/v2.0/authorize",
                    ["token_endpoint"] = $"{Instance}{TenantId}/oauth2/v2.0/token",
                    ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
                }
                : path == $"/{TenantId}/discovery/v2.0/keys" ? KeySet()
                : null;
            context.Response.KeepAlive = false;
            context.Response.StatusCode = body is null ? 404 : 200;
            context.Response.ContentType = "application/json";
            var bytes = JsonSerializer.SerializeToUtf8Bytes(body ?? new { });
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private object KeySet()
    {
        Interlocked.Increment(ref KeySetRequests);
        var p = _key.ExportParameters(false);
        return new { keys = new[] { new { kty = "RSA", use = "sig", kid = _keyId, n = Base64Url(p.Modulus!), e = Base64Url(p.Exponent!) } } };
    }

    /// <summary>
    /// A v2 access token as Entra issues it for the API's scope; each argument left null takes the valid value.
    /// <paramref name="signingKey"/>: sign with another key than the published one.
    /// </summary>
    public string Token(string objectId, string? audience = null, string? tenant = null, string? issuer = null,
        DateTimeOffset? expires = null, string scope = "access_as_user", RSA? signingKey = null)
    {
        var now = DateTimeOffset.UtcNow;
        var exp = expires ?? now.AddHours(1);
        var header = new { alg = "RS256", typ = "JWT", kid = _keyId };
        var payload = new Dictionary<string, object>
        {
            ["aud"] = audience ?? ClientId,
            ["iss"] = issuer ?? Issuer(tenant ?? TenantId),
            ["iat"] = Math.Min(now.ToUnixTimeSeconds(), exp.AddMinutes(-60).ToUnixTimeSeconds()),
            ["nbf"] = Math.Min(now.ToUnixTimeSeconds(), exp.AddMinutes(-60).ToUnixTimeSeconds()),
            ["exp"] = exp.ToUnixTimeSeconds(),
            ["tid"] = tenant ?? TenantId,
            ["oid"] = objectId,
            ["scp"] = scope,
            ["ver"] = "2.0",
            ["name"] = "Analist Achterhoek",
            ["preferred_username"] = "analist@regio.example",
        };
        var signingInput = $"{Base64Url(JsonSerializer.SerializeToUtf8Bytes(header))}.{Base64Url(JsonSerializer.SerializeToUtf8Bytes(payload))}";
        var signature = (signingKey ?? _key).SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signingInput}.{Base64Url(signature)}";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public void Dispose()
    {
        _listener.Close();
        try { _serving.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
        _key.Dispose();
    }
}
