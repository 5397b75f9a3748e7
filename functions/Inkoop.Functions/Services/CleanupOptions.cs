namespace Inkoop.Functions.Services;

public sealed class CleanupOptions
{
    public const string Section = "Cleanup";

    /// <summary><c>Cleanup:MinimumAge</c>: how old an orphan must be before it is removed (default one hour).</summary>
    public TimeSpan MinimumAge { get; set; } = TimeSpan.FromHours(1);
}
