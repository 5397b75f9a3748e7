using Inkoop.Storage;
using Microsoft.Extensions.Options;

namespace Inkoop.Functions.Hosting;

public static class HostingExtensions
{
    /// <summary>Azurite's well-known development account on its default ports (public, not a secret).</summary>
    public const string AzuriteConnectionString =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        "BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;" +
        "TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;";

    public const string DefaultUrl = "http://127.0.0.1:7071";

    /// <summary>True when the Azure Functions host started us (it passes the port to listen on).</summary>
    public static bool UnderFunctionsHost(this IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["FUNCTIONS_CUSTOMHANDLER_PORT"]);

    /// <summary>
    /// Under the Functions host: loopback on <c>FUNCTIONS_CUSTOMHANDLER_PORT</c>. Otherwise the usual
    /// <c>Urls</c> setting (<c>--urls</c>, <c>ASPNETCORE_URLS</c>), defaulting to <see cref="DefaultUrl"/>.
    /// </summary>
    public static void UseFunctionsListenAddress(this ConfigureWebHostBuilder webHost, IConfiguration configuration)
    {
        var port = configuration["FUNCTIONS_CUSTOMHANDLER_PORT"];
        if (!string.IsNullOrWhiteSpace(port))
        {
            if (!int.TryParse(port, out var p) || p is < 1 or > 65535)
                throw new InvalidOperationException($"FUNCTIONS_CUSTOMHANDLER_PORT '{port}' is not a port number.");
            webHost.UseUrls($"http://localhost:{p}");
        }
        else if (string.IsNullOrWhiteSpace(configuration["urls"]))
        {
            webHost.UseUrls(DefaultUrl);
        }
    }

    /// <summary>
    /// Storage from <c>Storage:*</c>. Outside the Functions host with nothing configured, Azurite on its
    /// default ports (what <c>run.sh</c> starts); under the host a missing configuration is an error.
    /// </summary>
    public static IServiceCollection AddInkoopStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section)).PostConfigure(o =>
        {
            if (!o.IsConfigured && !configuration.UnderFunctionsHost()) o.ConnectionString = AzuriteConnectionString;
        });
        services.AddSingleton(sp => new StorageAccount(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        services.AddSingleton<IRoundStore, RoundStore>();
        services.AddSingleton<IFormatStore, FormatStore>();
        services.AddSingleton<ISnapshotStore, SnapshotStore>();
        services.AddSingleton<IOriginalStore, OriginalStore>();
        services.AddSingleton<VersionedUploads>();
        services.AddSingleton<ILumpsumStore, LumpsumStore>();
        services.AddSingleton<VarianceSnapshots>();
        services.AddSingleton<ITenderStore, TenderStore>();
        services.AddSingleton<IBidStore, BidStore>();
        services.AddSingleton<IConsultationStore, ConsultationStore>();
        return services;
    }

    /// <summary>
    /// CORS for the Excel add-in's origins (<c>Cors:AllowedOrigins</c>, e.g. https://localhost:3000 locally).
    /// None configured: no CORS headers. On Azure the platform's CORS settings apply before the host proxies.
    /// Preflight requests carry no key, so CORS runs before access control.
    /// </summary>
    public static IServiceCollection AddAddInCors(this IServiceCollection services, IConfiguration configuration)
    {
        var origins = configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? [];
        services.AddCors(o => o.AddDefaultPolicy(p => p
            .WithOrigins(origins)
            .WithMethods("GET", "PUT", "POST", "DELETE")
            .WithHeaders(Access.ApiKeys.Header, "authorization", "content-type", "if-match", CorrelationIds.Header)
            .WithExposedHeaders("location", "content-disposition", "etag", CorrelationIds.Header)
            .SetPreflightMaxAge(TimeSpan.FromHours(1))));
        return services;
    }

    /// <summary>Keys, principals, the audit log and who may call what (see <see cref="Access.AccessControl"/>).</summary>
    public static IServiceCollection AddAccessControl(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<Access.AccessOptions>().Bind(configuration.GetSection(Access.AccessOptions.Section));
        Access.EntraTokens.AddEntraTokens(services, configuration);
        services.AddSingleton<Access.ApiKeys>();
        services.AddSingleton<Access.Authenticator>();
        services.AddSingleton<IKeyStore, KeyStore>();
        services.AddSingleton<IPrincipalStore, PrincipalStore>();
        services.AddSingleton<IAuditStore, AuditStore>();
        services.AddOptions<Access.FailedAuthenticationOptions>().Bind(configuration.GetSection(Access.FailedAuthenticationOptions.Section));
        services.AddSingleton<Access.FailedAuthentications>();
        services.AddHostedService(sp => sp.GetRequiredService<Access.FailedAuthentications>());
        return services;
    }
}
