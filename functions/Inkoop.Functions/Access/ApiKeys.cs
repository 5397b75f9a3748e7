using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Inkoop.Functions.Access;

public sealed class AccessOptions
{
    public const string Section = "Auth";

    /// <summary>
    /// <c>Auth:AdminKey</c> (<c>Auth__AdminKey</c>): the bootstrap admin key. When empty outside the Functions host, one
    /// is generated once and kept in <see cref="AdminKeyFile"/>; under the host there is then no admin key.
    /// </summary>
    public string? AdminKey { get; set; }

    /// <summary>Where a generated local admin key is kept (relative to the working directory; gitignored).</summary>
    public string AdminKeyFile { get; set; } = ".inkoop/admin-key";

    /// <summary>
    /// <c>Auth:TrustAppServiceAuthentication</c>: the app runs behind App Service Authentication, which strips any
    /// <c>X-MS-CLIENT-PRINCIPAL</c> a client sends and sets its own; only then is that header believed.
    /// </summary>
    public bool TrustAppServiceAuthentication { get; set; }

    /// <summary>
    /// <c>Auth:CredentialCache</c>: how long an issued key or a principal, once read, is believed without reading it again
    /// (default 30 s; <c>00:00:00</c>: read on every request). The longest a key revoked on another instance still works.
    /// </summary>
    public TimeSpan CredentialCache { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// The keys callers present in <see cref="Header"/>: 32 random bytes as base64url (43 characters), known to the app
/// only as their SHA-256. Besides the issued keys (table <c>Keys</c>) there are two built in: the bootstrap admin key
/// (<see cref="AccessOptions.AdminKey"/>) and, when the app runs its own timers, a key of the local timer runner that
/// lives in memory only.
/// </summary>
public sealed class ApiKeys
{
    public const string Header = "x-inkoop-key";

    private readonly byte[]? _adminHash;
    private readonly byte[] _localTimerHash;

    public ApiKeys(IOptions<AccessOptions> options, IConfiguration configuration, ILogger<ApiKeys> logger)
    {
        var auth = options.Value;
        if (!string.IsNullOrWhiteSpace(auth.AdminKey))
        {
            AdminKey = auth.AdminKey.Trim();
        }
        else if (!Hosting.HostingExtensions.UnderFunctionsHost(configuration))
        {
            AdminKey = LoadOrCreate(auth.AdminKeyFile, logger, out var file);
            AdminKeyFile = file;
        }
        if (AdminKey is not null) _adminHash = SHA256.HashData(Encoding.UTF8.GetBytes(AdminKey));
        LocalTimerKey = NewKey();
        _localTimerHash = SHA256.HashData(Encoding.UTF8.GetBytes(LocalTimerKey));
    }

    /// <summary>The bootstrap admin key, or null (under the Functions host without <c>Auth:AdminKey</c>). Never log it.</summary>
    public string? AdminKey { get; }

    /// <summary>The file a generated local admin key is kept in, or null when it came from configuration.</summary>
    public string? AdminKeyFile { get; }

    /// <summary>The local timer runner's key: scheduler role, this process only.</summary>
    public string LocalTimerKey { get; }

    /// <summary>A new key: 256 random bits, URL-safe. The prefix keeps a key from starting with a dash, which command
    /// lines (ours, curl's, node's parseArgs) would take for an option.</summary>
    public static string NewKey() => "ik_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>SHA-256 of the key in lowercase hex: what the table keeps. Keys are 256 random bits, so no salt or stretching is needed.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>The caller a built-in key stands for, or null. Compared in constant time.</summary>
    public Caller? BuiltIn(string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        if (_adminHash is not null && CryptographicOperations.FixedTimeEquals(_adminHash, hash)) return new Caller(Role.Admin, null, "admin-key", "beheersleutel");
        if (CryptographicOperations.FixedTimeEquals(_localTimerHash, hash)) return new Caller(Role.Scheduler, null, "local-timer", "lokale timers");
        return null;
    }

    /// <summary>
    /// Whether <paramref name="key"/>'s hash equals <paramref name="storedHash"/> (hex), in constant time. The table is
    /// queried by the hash, so this only guards against a store answering with another row; no comparison of ours
    /// stops early on a secret.
    /// </summary>
    public static bool Matches(string key, string storedHash) => CryptographicOperations.FixedTimeEquals(
        Encoding.ASCII.GetBytes(Hash(key)), Encoding.ASCII.GetBytes(storedHash));

    private static string LoadOrCreate(string keyFile, ILogger logger, out string source)
    {
        var path = Path.GetFullPath(keyFile, Directory.GetCurrentDirectory());
        source = path;
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path).Trim();
            if (existing.Length >= 32) return existing;
        }
        var key = NewKey();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var writer = new StreamWriter(path, Encoding.ASCII, options)) writer.Write(key);
        logger.LogInformation("Generated a local admin key in {Path}.", path);
        return key;
    }
}
