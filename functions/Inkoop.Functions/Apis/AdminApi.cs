using System.Security.Cryptography;
using System.Text.Json;
using Inkoop.Functions.Access;
using Inkoop.Functions.Hosting;
using Inkoop.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Inkoop.Functions.Apis;

/// <summary>Admin routes: API keys, Entra principals and their roles, the audit log.</summary>
public static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/admin").WithTags("Beheer").ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(500);
        api.MapPost("/keys", IssueKey).WithName("IssueKey").WithSummary("Een sleutel uitgeven (rol, bij een aanbieder de AGB-code); de sleutel staat alleen in dit antwoord").AllowRoles(Role.Admin).Audited("key-issued");
        api.MapGet("/keys", ListKeys).WithName("ListKeys").WithSummary("De uitgegeven sleutels (zonder de sleutels zelf)").AllowRoles(Role.Admin);
        api.MapDelete("/keys/{id}", RevokeKey).WithName("RevokeKey").WithSummary("Een sleutel intrekken; hij werkt meteen niet meer").AllowRoles(Role.Admin).Audited("key-revoked");
        api.MapGet("/principals", ListPrincipals).WithName("ListPrincipals").WithSummary("De gekoppelde Entra-principals met hun rol").AllowRoles(Role.Admin);
        api.MapPut("/principals/{objectId}", PutPrincipal).WithName("PutPrincipal").WithSummary("Een Entra-principal (object-id) aan een rol koppelen").AllowRoles(Role.Admin).Audited("principal-saved");
        api.MapDelete("/principals/{objectId}", DeletePrincipal).WithName("DeletePrincipal").WithSummary("De koppeling van een Entra-principal verwijderen").AllowRoles(Role.Admin).Audited("principal-removed");
        api.MapGet("/audit", ListAudit).WithName("ListAudit").WithSummary("Het auditlog, nieuwste eerst").AllowRoles(Role.Admin);
        return app;
    }

    public sealed record AccessRequest(string? Role, string? Agb, string? Name);

    public sealed record IssuedKeyDto(string Id, string Key, string Role, string? Agb, string Name, DateTimeOffset CreatedAt);

    public sealed record KeyDto(string Id, string Role, string? Agb, string Name, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

    public sealed record PrincipalDto(string ObjectId, string Role, string? Agb, string Name, DateTimeOffset UpdatedAt);

    public static async Task<Results<Created<IssuedKeyDto>, ProblemHttpResult>> IssueKey(AccessRequest? body, HttpContext context,
        IKeyStore keys, CancellationToken ct)
    {
        if (Validate(body) is { } invalid) return invalid;
        var key = ApiKeys.NewKey();
        var record = new ApiKeyRecord(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), ApiKeys.Hash(key), body!.Role!,
            body.Agb, body.Name!.Trim(), DateTimeOffset.UtcNow);
        await keys.AddAsync(record, ct);
        AuditLog.Note(context, $"key {record.Id} ({record.Role}{(record.Agb is null ? "" : " " + record.Agb)}, {record.Name})");
        return TypedResults.Created($"/api/admin/keys/{record.Id}",
            new IssuedKeyDto(record.Id, key, record.Role, record.Agb, record.Name, record.CreatedAt));
    }

    public static async Task<Ok<IReadOnlyList<KeyDto>>> ListKeys(IKeyStore keys, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<KeyDto>>((await keys.ListAsync(ct))
            .Select(k => new KeyDto(k.Id, k.Role, k.Agb, k.Name, k.CreatedAt, k.RevokedAt)).ToList());

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeKey(string id, IKeyStore keys, CredentialCache cache, CancellationToken ct)
    {
        var revoked = await keys.RevokeAsync(id, DateTimeOffset.UtcNow, ct);
        if (revoked is not null) cache.Forget(CredentialCache.KeyEntry(revoked.Hash));
        return revoked is null
            ? Problems.Create(404, "key-not-found", $"Er is geen sleutel met id '{Problems.Shorten(id)}'.")
            : TypedResults.NoContent();
    }

    public static async Task<Ok<IReadOnlyList<PrincipalDto>>> ListPrincipals(IPrincipalStore principals, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<PrincipalDto>>((await principals.ListAsync(ct))
            .Select(p => new PrincipalDto(p.ObjectId, p.Role, p.Agb, p.Name, p.UpdatedAt)).ToList());

    public static async Task<Results<Created<PrincipalDto>, Ok<PrincipalDto>, ProblemHttpResult>> PutPrincipal(string objectId,
        AccessRequest? body, HttpContext context, IPrincipalStore principals, CredentialCache cache, CancellationToken ct)
    {
        if (!Guid.TryParse(objectId, out var guid))
            return Problems.Create(400, "invalid-object-id", $"'{Problems.Shorten(objectId)}' is geen Entra object-id (een GUID).");
        if (Validate(body) is { } invalid) return invalid;
        var record = new PrincipalRecord(guid.ToString("D"), body!.Role!, body.Agb, body.Name!.Trim(), DateTimeOffset.UtcNow);
        var created = await principals.SaveAsync(record, ct);
        cache.Forget(CredentialCache.PrincipalEntry(record.ObjectId));
        AuditLog.Note(context, $"principal {record.ObjectId} ({record.Role}{(record.Agb is null ? "" : " " + record.Agb)}, {record.Name})");
        var dto = new PrincipalDto(record.ObjectId, record.Role, record.Agb, record.Name, record.UpdatedAt);
        return created ? TypedResults.Created($"/api/admin/principals/{record.ObjectId}", dto) : TypedResults.Ok(dto);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeletePrincipal(string objectId, IPrincipalStore principals,
        CredentialCache cache, CancellationToken ct)
    {
        if (!Guid.TryParse(objectId, out var guid))
            return Problems.Create(400, "invalid-object-id", $"'{Problems.Shorten(objectId)}' is geen Entra object-id (een GUID).");
        var deleted = await principals.DeleteAsync(guid.ToString("D"), ct);
        cache.Forget(CredentialCache.PrincipalEntry(guid.ToString("D")));
        return deleted
            ? TypedResults.NoContent()
            : Problems.Create(404, "principal-not-found", $"Er is geen rol vastgelegd voor object-id {guid:D}.");
    }

    public static async Task<Results<Ok<IReadOnlyList<AuditEntry>>, ProblemHttpResult>> ListAudit(string? round, int? limit,
        IAuditStore audit, CancellationToken ct)
    {
        if (round is not null && round != AuditStore.NoRound && !StorageKeys.IsValidRound(round)) return Problems.InvalidRoundId(round);
        if (limit is < 1 or > 1000) return Problems.Create(400, "bad-request", "limit moet tussen 1 en 1000 liggen.");
        return TypedResults.Ok(await audit.ListAsync(round, limit ?? 200, ct));
    }

    /// <summary>Role one of the four; a provider with exactly one 8-digit AGB-code, the others without; a name.</summary>
    private static ProblemHttpResult? Validate(AccessRequest? body)
    {
        if (body is null) return Problems.Create(400, "bad-request", "Stuur JSON met role, name en (voor een aanbieder) agb.");
        if (!Roles.TryParse(body.Role, out var role))
            return Problems.Create(400, "invalid-role", "role moet analyst, admin, provider of scheduler zijn.");
        if (role == Role.Provider && !StorageKeys.IsValidAgb(body.Agb))
            return Problems.Create(400, "invalid-agb", "Een aanbieder hoort bij één AGB-code van precies 8 cijfers (agb).");
        if (role != Role.Provider && body.Agb is not null)
            return Problems.Create(400, "bad-request", "Alleen een aanbieder (role provider) heeft een AGB-code.");
        if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Trim().Length > 200 || body.Name.Any(char.IsControl))
            return Problems.Create(400, "bad-request", "name is verplicht: een herkenbare naam van hoogstens 200 tekens (bijvoorbeeld de organisatie).");
        return null;
    }

}
