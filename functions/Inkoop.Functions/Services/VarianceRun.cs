using Inkoop.Domain.Lumpsums;
using Inkoop.Storage;

namespace Inkoop.Functions.Services;

public sealed record VarianceRun(VarianceOutcome Outcome, SnapshotHeader Snapshot, VarianceResult? Result);
