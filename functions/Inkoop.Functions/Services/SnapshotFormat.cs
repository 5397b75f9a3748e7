using Inkoop.Domain.Formats;

namespace Inkoop.Functions.Services;

/// <summary>One format a snapshot was computed from.</summary>
public sealed record SnapshotFormat(
    string Agb,
    string? Name,
    int Version,
    string Status,
    int Errors,
    int Warnings,
    DateTimeOffset UploadedAt,
    string? OriginalSha256,
    IReadOnlyList<Finding> Findings);
