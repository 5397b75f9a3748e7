using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace Inkoop.Integration.Tests.Infrastructure;

public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Configuration { get; } =
        typeof(Repo).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>The function app's build output: executable, host.json, */function.json.</summary>
    public static string AppDirectory { get; } =
        Path.Combine(Root, "functions", "Inkoop.Functions", "bin", Configuration, "net10.0");

    /// <summary>The committed function app sources (host.json and */function.json beside the project).</summary>
    public static string AppSourceDirectory { get; } = Path.Combine(Root, "functions", "Inkoop.Functions");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Inkoop.Serverless.sln"))) return dir.FullName;
        throw new InvalidOperationException("Inkoop.Serverless.sln not found above " + AppContext.BaseDirectory);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
