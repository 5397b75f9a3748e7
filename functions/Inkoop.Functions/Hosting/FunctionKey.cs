using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Inkoop.Functions.Hosting;

public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary><c>Auth:RequireKey</c>: false on Azure, where the Functions host checks keys before proxying.</summary>
    public bool RequireKey { get; set; } = true;

    /// <summary><c>Auth:FunctionKey</c>: the key to accept. When empty, one is generated once and kept in <see cref="KeyFile"/>.</summary>
    public string? FunctionKey { get; set; }

    /// <summary>Where a generated key is kept (relative to the working directory; gitignored).</summary>
    public string KeyFile { get; set; } = ".inkoop/function-key";
}

/// <summary>
/// The function key, the way Azure Functions takes it: header <c>x-functions-key</c> or query <c>code</c>.
/// Compared in constant time (SHA-256 of both sides, then <see cref="CryptographicOperations.FixedTimeEquals"/>).
/// </summary>
public sealed class FunctionKey
{
    public const string Header = "x-functions-key";
    public const string Query = "code";

    private readonly byte[]? _hash;

    public FunctionKey(IOptions<AuthOptions> options, IHostEnvironment environment, ILogger<FunctionKey> logger)
    {
        var auth = options.Value;
        if (!auth.RequireKey) return;
        if (string.IsNullOrWhiteSpace(auth.FunctionKey))
        {
            Value = LoadOrCreate(auth.KeyFile, environment, logger, out var file);
            KeyFile = file;
        }
        else
        {
            Value = auth.FunctionKey.Trim();
        }
        _hash = SHA256.HashData(Encoding.UTF8.GetBytes(Value));
    }

    public bool Required => _hash is not null;

    /// <summary>The key (null when no key is required). Never log it, except a generated local key once, to the console.</summary>
    public string? Value { get; }

    /// <summary>The file the key came from (a generated local key), or null when it came from configuration.</summary>
    public string? KeyFile { get; }

    public bool Accepts(HttpRequest request)
    {
        if (_hash is null) return true;
        string? given = request.Headers[Header];
        if (string.IsNullOrEmpty(given)) given = request.Query[Query];
        if (string.IsNullOrEmpty(given)) return false;
        return CryptographicOperations.FixedTimeEquals(_hash, SHA256.HashData(Encoding.UTF8.GetBytes(given)));
    }

    private static string LoadOrCreate(string keyFile, IHostEnvironment environment, ILogger logger, out string source)
    {
        var path = Path.GetFullPath(keyFile, Directory.GetCurrentDirectory());
        source = path;
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path).Trim();
            if (existing.Length >= 16) return existing;
        }
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var writer = new StreamWriter(path, Encoding.ASCII, options)) writer.Write(key);
        logger.LogInformation("Generated a local function key in {Path} ({Environment}).", path, environment.EnvironmentName);
        return key;
    }
}

/// <summary>Marks an endpoint reachable without a function key (health, OpenAPI document).</summary>
public sealed class AllowWithoutKeyAttribute : Attribute;

public static class FunctionKeyExtensions
{
    public static TBuilder AllowWithoutKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AllowWithoutKeyAttribute());

    /// <summary>401 problem+json for every endpoint (and unknown route) without a valid key, unless marked <see cref="AllowWithoutKeyAttribute"/>.</summary>
    public static IApplicationBuilder UseFunctionKey(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var key = context.RequestServices.GetRequiredService<FunctionKey>();
        if (!key.Required || context.GetEndpoint()?.Metadata.GetMetadata<AllowWithoutKeyAttribute>() is not null || key.Accepts(context.Request))
        {
            await next(context);
            return;
        }
        context.Response.Headers.WWWAuthenticate = "FunctionKey";
        await Problems.Create(401, "unauthorized",
            "Een geldige functiesleutel ontbreekt. Geef de sleutel mee in de header x-functions-key of in de queryparameter code.")
            .ExecuteAsync(context);
    });
}
