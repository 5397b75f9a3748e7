using Inkoop.Functions;
using Inkoop.Functions.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Http;

namespace Inkoop.Tests.Functions;

/// <summary>Every route of the app says who may call it; the app is built, not run (no storage, no port).</summary>
public sealed class AccessDeclarationTests
{
    private static IReadOnlyList<RouteEndpoint> Routes()
    {
        var app = InkoopApp.Build(["--Auth:AdminKey=unit-test-admin-key-unit-test-admin-key"]);
        return ((IEndpointRouteBuilder)app).DataSources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>().ToList();
    }

    [Fact]
    public void Every_route_declares_its_roles_or_anonymous_access()
    {
        var routes = Routes();
        Assert.True(routes.Count >= 28, $"only {routes.Count} routes found");
        Assert.Empty(AccessControl.Undeclared(routes));
    }

    [Fact]
    public void Only_health_readiness_the_openapi_document_and_its_reference_web_files_and_addin_manifests_are_anonymous()
    {
        var anonymous = Routes().Where(r => r.Metadata.GetMetadata<AllowWithoutKeyAttribute>() is not null)
            .Select(r => "/" + r.RoutePattern.RawText!.TrimStart('/')).ToHashSet();
        // The add-in's manifests are fetched by Excel itself, which sends no key; they hold no data.
        // The app's root, /api and /favicon.ico lead a person to the start page and its icon.
        Assert.Subset(new HashSet<string> { "/api/health/", "/api/health/ready", "/api/openapi.json", "/api/web/{**path}", "/api/addin/{file}",
                "/", "/api", "/favicon.ico",
                // The API reference (Scalar): its page and the script files it serves from its package.
                "/api/docs/{documentName?}", "/api/docs/scalar.js", "/api/docs/scalar.aspnetcore.js", "/api/docs/favicon.svg" },
            anonymous);
        Assert.Contains("/api/openapi.json", anonymous);
        Assert.Contains("/api/health/ready", anonymous);
    }

    [Fact]
    public void Admin_routes_are_for_admins_only_and_timers_never_for_providers()
    {
        foreach (var route in Routes())
        {
            var roles = route.Metadata.GetMetadata<AllowRolesAttribute>()?.Roles ?? [];
            var path = route.RoutePattern.RawText!;
            if (path.StartsWith("/api/admin")) Assert.Equal([Role.Admin], roles);
            if (!path.StartsWith("/api/")) Assert.DoesNotContain(Role.Provider, roles);
            if (roles.Contains(Role.Scheduler)) Assert.False(path.StartsWith("/api/"), $"{path}: scheduler keys reach only the timer routes");
        }
    }

    [Fact]
    public void An_undeclared_endpoint_is_reported()
    {
        var endpoint = new RouteEndpoint(_ => Task.CompletedTask, Microsoft.AspNetCore.Routing.Patterns.RoutePatternFactory.Parse("/api/x"), 0,
            EndpointMetadataCollection.Empty, "x");
        Assert.Single(AccessControl.Undeclared([endpoint]));
    }
}
