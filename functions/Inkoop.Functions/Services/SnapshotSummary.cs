namespace Inkoop.Functions.Services;

public sealed record SnapshotSummary(int Formats, int Accepted, int RepairNeeded, int ClosedWithExclusions, int Products, int Computable);
