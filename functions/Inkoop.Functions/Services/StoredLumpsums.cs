using Inkoop.Domain.Lumpsums;
using Inkoop.Storage;

namespace Inkoop.Functions.Services;

/// <summary>A year's stored lumpsums, checked against the stored municipalities and participation (or the defaults).</summary>
public sealed record StoredLumpsums(StoredDocument Document, LumpsumConfiguration? Configuration, IReadOnlyList<string> Errors);
