using System.Text.Json.Serialization;
using Inkoop.Domain;
using Inkoop.Functions.Access;
using Inkoop.Functions.Apis;
using Inkoop.Functions.Hosting;
using Inkoop.Functions.Services;
using Inkoop.Functions.Timers;

namespace Inkoop.Functions;

/// <summary>The app: services, the middleware pipeline and every route. Program runs it; tests enumerate its routes.</summary>
public static class InkoopApp
{
    public static WebApplication Build(string[] args)
    {
        // Content root = the app folder (appsettings.json, host.json), whatever the working directory.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseFunctionsListenAddress(builder.Configuration);
        builder.AddInkoopTelemetry();
        builder.Services.AddProblemDetails(Problems.Configure);
        builder.Services.AddOpenApi(ApiDocument.Configure);
        builder.Services.AddInkoopStorage(builder.Configuration);
        builder.Services.AddAccessControl(builder.Configuration);
        builder.Services.AddForwardedClients(builder.Configuration);
        builder.Services.AddAddInCors(builder.Configuration);
        builder.Services.AddTimers(builder.Configuration);
        builder.Services.AddOptions<UploadOptions>().Bind(builder.Configuration.GetSection(UploadOptions.Section));
        builder.Services.AddSingleton<SnapshotSwitch>();
        builder.Services.AddOptions<RegionOptions>().Bind(builder.Configuration.GetSection(RegionOptions.Section));
        builder.Services.AddSingleton<Recalculator>();
        builder.Services.AddSingleton<FormatUploads>();
        builder.Services.AddSingleton<RealisationUploads>();
        builder.Services.AddSingleton<FinalTariffs>();
        builder.Services.AddSingleton<SnapshotInputs>();
        builder.Services.AddSingleton<Sensitivities>();
        builder.Services.AddSingleton<Scenarios>();
        builder.Services.AddSingleton<BidAnalyses>();
        builder.Services.AddSingleton<MarketConsultations>();
        builder.Services.AddSingleton<LumpsumConfigurations>();
        builder.Services.AddSingleton<LumpsumVarianceRecalculator>();
        builder.Services.AddOptions<RevalidationOptions>().Bind(builder.Configuration.GetSection(RevalidationOptions.Section));
        builder.Services.AddSingleton<FormatRevalidation>();
        builder.Services.AddSingleton<OrphanCleanup>();
        builder.Services.AddOptions<CleanupOptions>().Bind(builder.Configuration.GetSection(CleanupOptions.Section));
        builder.Services.AddSingleton(new WebFiles(Path.Combine(AppContext.BaseDirectory, "wwwroot")));
        // Every JSON body in ResultJson's shape (camelCase, enums as camelCase text, numbers strict), like stored results.
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(ResultJson.Options.PropertyNamingPolicy));
            o.SerializerOptions.NumberHandling = ResultJson.Options.NumberHandling;
        });

        var app = builder.Build();
        app.UseCorrelationIds();
        app.UseForwardedHeaders();
        app.UseSecurityHeaders();
        app.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = Problems.StatusFor });
        app.UseStatusCodePages();
        app.UseDotSegmentRefusal();
        app.UseRouting();
        app.UseCors();
        app.UseAccessControl();
        app.UseUtf8Bodies();

        app.MapHealthApi();
        app.MapRoundsApi();
        app.MapFormatsApi();
        app.MapSnapshotsApi();
        app.MapExportsApi();
        app.MapSensitivityApi();
        app.MapTendersApi();
        app.MapLumpsumsApi();
        app.MapConsultationsApi();
        app.MapTimersApi();
        app.MapAdminApi();
        app.MapWebApi();
        app.MapAddinApi();
        app.MapApiDocument();
        app.EnsureEveryEndpointDeclared();
        return app;
    }
}
