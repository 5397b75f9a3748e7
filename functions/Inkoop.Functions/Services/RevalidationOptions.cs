using System.Diagnostics;

namespace Inkoop.Functions.Services;

public sealed class RevalidationOptions
{
    public const string Section = "Revalidation";

    /// <summary><c>Revalidation:InlineLimit</c>: a PUT re-checks up to this many formats before it answers; more is <c>202</c> and left to the timer.</summary>
    public int InlineLimit { get; set; } = 200;

    /// <summary><c>Revalidation:BatchSize</c>: formats a timer re-checks between two looks at the clock.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary><c>Revalidation:TimerBudget</c>: how long one timer run keeps re-checking before it leaves the rest to the next run.</summary>
    public TimeSpan TimerBudget { get; set; } = TimeSpan.FromMinutes(4);

    /// <summary>Formats re-checked at the same time (each reads its original and validates it).</summary>
    public int Parallelism { get; set; } = 4;
}
