using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Inkoop.Functions.Hosting;

/// <summary>
/// Which proxies may say who the client is. <c>X-Forwarded-For</c> is believed only from a trusted proxy: the addresses in
/// <c>Network:KnownProxies</c> and, under the Functions host, loopback (the host relays the header the platform's front
/// end appended). ForwardedHeaders then takes the right-most address no trusted proxy added, so an address the client
/// wrote into the header itself is never the one recorded (audit) or limited (failed authentications). Outside the host
/// with nothing configured, the header is ignored.
/// </summary>
public static class ForwardedClients
{
    public const string KnownProxiesKey = "Network:KnownProxies";

    public static IServiceCollection AddForwardedClients(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = new List<IPAddress>();
        foreach (var text in configuration.GetSection(KnownProxiesKey).Get<string[]>() ?? [])
            proxies.Add(IPAddress.TryParse(text.Trim(), out var address)
                ? address
                : throw new InvalidOperationException($"{KnownProxiesKey}: '{text}' is not an IP address."));
        if (configuration.UnderFunctionsHost()) proxies.AddRange([IPAddress.Loopback, IPAddress.IPv6Loopback]);

        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor;
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
            foreach (var proxy in proxies) o.KnownProxies.Add(proxy);
            // Walk from the right while the hop is a trusted proxy; the first address that is not one is the client.
            o.ForwardLimit = null;
        });
        return services;
    }
}
