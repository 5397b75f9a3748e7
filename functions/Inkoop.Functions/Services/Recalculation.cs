using Inkoop.Storage;

namespace Inkoop.Functions.Services;

public sealed record Recalculation(RecalculationOutcome Outcome, SnapshotHeader? Snapshot, string Fingerprint, int Formats);
