using System.Diagnostics;

namespace Inkoop.Functions.Services;

/// <summary>What one pass re-checked; <c>Skipped</c>: a new upload won the race, or the original could not be read.</summary>
public sealed record RevalidationPass(int Rechecked, int StatusChanged, int Skipped, int Pending);
