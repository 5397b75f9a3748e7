using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Inkoop.Integration.Tests.Infrastructure;

namespace Inkoop.Benchmarks;

/// <summary>
/// What a mode that starts its own app starts: Azurite in memory and the app (this build, or another with <c>--app DIR</c>)
/// with a fresh admin key, the timers off, and the app settings given with <c>--env NAME=VALUE</c> (repeatable; an
/// environment variable of the app's process, so also e.g. <c>DOTNET_gcServer=0</c>).
/// </summary>
public sealed class LocalApp : IDisposable
{
    private LocalApp(Azurite azurite, FunctionApp app, string adminKey) => (Azurite, App, AdminKey) = (azurite, app, adminKey);

    public Azurite Azurite { get; }
    public FunctionApp App { get; }
    public string AdminKey { get; }

    /// <summary>The <c>--env NAME=VALUE</c> settings of <paramref name="args"/>.</summary>
    public static Dictionary<string, string?> Settings(string[] args)
    {
        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < args.Length - 1; i++)
            if (args[i] == "--env" && args[i + 1].Split('=', 2) is [var name, var value]) settings[name] = value;
        return settings;
    }

    public static async Task<LocalApp> StartAsync(IReadOnlyDictionary<string, string?> settings, string? appDirectory = null)
    {
        var adminKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var azurite = await Azurite.StartAsync();
        try
        {
            var app = await FunctionApp.StartAsync(new Dictionary<string, string?>(settings)
            {
                ["Storage__ConnectionString"] = azurite.ConnectionString,
                ["Auth__AdminKey"] = adminKey,
                ["Timers__RunLocally"] = "false",
            }, appDirectory: appDirectory);
            return new LocalApp(azurite, app, adminKey);
        }
        catch
        {
            azurite.Dispose();
            throw;
        }
    }

    /// <summary>A client of the app with <paramref name="key"/> (the admin key when null).</summary>
    public HttpClient Client(string? key = null, TimeSpan? timeout = null)
    {
        var client = new HttpClient { BaseAddress = App.BaseAddress, Timeout = timeout ?? TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Add("x-inkoop-key", key ?? AdminKey);
        return client;
    }

    /// <summary>Issues a key through the API (<c>POST /api/admin/keys</c>) and returns it.</summary>
    public async Task<string> IssueKeyAsync(string role, string name, string? agb = null)
    {
        using var admin = Client();
        using var response = await admin.PostAsync("/api/admin/keys", new StringContent(
            JsonSerializer.Serialize(new { role, agb, name }), Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException(body);
        return JsonDocument.Parse(body).RootElement.GetProperty("key").GetString()!;
    }

    public void Dispose()
    {
        App.Dispose();
        Azurite.Dispose();
    }
}
