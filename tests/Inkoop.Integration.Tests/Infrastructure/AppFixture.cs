using System.Security.Cryptography;
using Inkoop.Storage;

namespace Inkoop.Integration.Tests.Infrastructure;

/// <summary>One Azurite and one app for the whole test run (started once, about 2 s).</summary>
public sealed class AppFixture : IAsyncLifetime
{
    public Azurite Azurite { get; private set; } = null!;
    public FunctionApp App { get; private set; } = null!;
    public const string AddInOrigin = "https://localhost:3000";
    public const int RevalidationInlineLimit = 3;
    public string Key { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>A client without the key.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    /// <summary>A client that sends the key in x-functions-key.</summary>
    public HttpClient Client { get; private set; } = null!;

    public StorageAccount Storage { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Azurite = await Azurite.StartAsync();
        App = await FunctionApp.StartAsync(new Dictionary<string, string?>
        {
            ["Storage__ConnectionString"] = Azurite.ConnectionString,
            ["Auth__FunctionKey"] = Key,
            ["Timers__RunLocally"] = "false",
            ["Cors__AllowedOrigins__0"] = AddInOrigin,
            // Small, so a test round of four formats takes the 202 path of a changed round (RevalidationTests).
            ["Revalidation__InlineLimit"] = RevalidationInlineLimit.ToString(),
        });
        Anonymous = new HttpClient { BaseAddress = App.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Client = new HttpClient { BaseAddress = App.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Client.DefaultRequestHeaders.Add("x-functions-key", Key);
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

    /// <summary>A round id no other test uses.</summary>
    public static string NewRoundId(string prefix = "t") => $"{prefix}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5))}";
}

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "app";
}
