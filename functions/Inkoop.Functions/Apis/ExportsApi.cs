using Inkoop.Domain.Labels;
using Inkoop.Excel;
using Inkoop.Functions.Access;
using Inkoop.Functions.Hosting;
using Inkoop.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Inkoop.Functions.Apis;

/// <summary>A snapshot as the analysts' workbook: tariffs with spreads, trajectories, norms with provenance, findings overview.</summary>
public static class ExportsApi
{
    public static IEndpointRouteBuilder MapExportsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/rounds/{round}/snapshots").WithTags("Exports")
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(404).ProducesProblem(500);
        api.MapGet("/current/export", ExportCurrent).WithName("ExportCurrentSnapshot").AllowRoles(Role.Analyst, Role.Admin)
            .WithSummary("De huidige snapshot als werkmap (.xlsx) voor analisten").Produces(200, contentType: UploadBody.XlsxContentType);
        api.MapGet("/{id}/export", Export).WithName("ExportSnapshot").AllowRoles(Role.Analyst, Role.Admin)
            .WithSummary("Eén snapshot als werkmap (.xlsx) voor analisten").Produces(200, contentType: UploadBody.XlsxContentType);
        return app;
    }

    public static Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportCurrent(string round, IRoundStore rounds,
        ISnapshotStore snapshots, CancellationToken ct) => Write(round, null, rounds, snapshots, ct);

    public static Task<Results<FileContentHttpResult, ProblemHttpResult>> Export(string round, string id, IRoundStore rounds,
        ISnapshotStore snapshots, CancellationToken ct) => Write(round, id, rounds, snapshots, ct);

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Write(string round, string? id, IRoundStore rounds,
        ISnapshotStore snapshots, CancellationToken ct)
    {
        var (header, content, problem) = await SnapshotsApi.ReadContentAsync(round, id, rounds, snapshots, ct);
        if (problem is not null) return problem;
        var status = DutchLabels.Of(LabelKind.SnapshotStatus, header!.Status);
        using var buffer = new MemoryStream();
        ResultWorkbookWriter.Write($"Genormeerde tarieven {content!.RoundName} (snapshot {header.SnapshotId}, {status})",
            content.Result, content.Overview(), buffer);
        return TypedResults.File(buffer.ToArray(), UploadBody.XlsxContentType, $"tarieven-{round}-{header.SnapshotId}.xlsx");
    }
}
