using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Inkoop.Storage;

namespace Inkoop.Integration.Tests.Infrastructure;

/// <summary>One Azurite and one app for the whole test run (started once, about 2 s).</summary>
public sealed class AppFixture : IAsyncLifetime
{
    public Azurite Azurite { get; private set; } = null!;
    public FunctionApp App { get; private set; } = null!;
    public const string AddInOrigin = "https://localhost:3000";
    public const string KeyHeader = "x-inkoop-key";
    public const int RevalidationInlineLimit = 3;
    public const string RegionName = "Regio Testland";
    public const string RegionContact = "inkoop@testland.example";

    /// <summary>The bootstrap admin key (Auth__AdminKey).</summary>
    public string Key { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>A client without a key.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    /// <summary>A client that sends the admin key in x-inkoop-key (reaches every route but the timers' own).</summary>
    public HttpClient Client { get; private set; } = null!;

    public StorageAccount Storage { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Azurite = await Azurite.StartAsync();
        App = await FunctionApp.StartAsync(new Dictionary<string, string?>
        {
            ["Storage__ConnectionString"] = Azurite.ConnectionString,
            ["Auth__AdminKey"] = Key,
            ["Timers__RunLocally"] = "false",
            // Orphans older than this are removed by RecalculateTariffs; tests run one at a time in this collection.
            ["Cleanup__MinimumAge"] = "00:00:03",
            ["Cors__AllowedOrigins__0"] = AddInOrigin,
            // Small, so a test round of four formats takes the 202 path of a changed round (RevalidationTests).
            ["Revalidation__InlineLimit"] = RevalidationInlineLimit.ToString(),
            // Every test calls from 127.0.0.1, and the access matrix fails on purpose many times a minute: the limit of
            // failed authentications has its own app in FailedAuthenticationTests.
            ["Auth__Failures__Limit"] = "1000000",
            // Likewise the upload limits per provider: tests upload at will; the limits have their own app in UploadLimitTests.
            ["Uploads__ConcurrentPerCaller"] = "1000",
            ["Uploads__PerCallerPerWindow"] = "1000000",
            ["Region__Name"] = RegionName,
            ["Region__Contact"] = RegionContact,
        });
        Anonymous = new HttpClient { BaseAddress = App.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Client = new HttpClient { BaseAddress = App.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Client.DefaultRequestHeaders.Add(KeyHeader, Key);
        Storage = new StorageAccount(new StorageOptions { ConnectionString = Azurite.ConnectionString });
    }

    public Task DisposeAsync()
    {
        Anonymous?.Dispose();
        Client?.Dispose();
        App?.Dispose();
        Azurite?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Issues a key through the admin API; returns (id, key).</summary>
    public async Task<(string Id, string Key)> IssueKeyAsync(string role, string? agb = null, string? name = null)
    {
        var response = await Client.PostAsJsonAsync("/api/admin/keys", new { role, agb, name = name ?? $"test {role} {agb}" });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        var issued = JsonDocument.Parse(body).RootElement;
        return (issued.GetProperty("id").GetString()!, issued.GetProperty("key").GetString()!);
    }

    /// <summary>A client that sends <paramref name="key"/>; dispose it.</summary>
    public HttpClient ClientWith(string key)
    {
        var client = new HttpClient { BaseAddress = App.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add(KeyHeader, key);
        return client;
    }

    /// <summary>A client with a freshly issued key of <paramref name="role"/> (and AGB-code); dispose it.</summary>
    public async Task<HttpClient> ClientAsAsync(string role, string? agb = null) => ClientWith((await IssueKeyAsync(role, agb)).Key);

    /// <summary>A round id no other test uses.</summary>
    public static string NewRoundId(string prefix = "t") => $"{prefix}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5))}";
}

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "app";
}
