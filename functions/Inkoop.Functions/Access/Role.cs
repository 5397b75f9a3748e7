namespace Inkoop.Functions.Access;

/// <summary>
/// Who a caller is to the region: <see cref="Analyst"/> reads everything of the region and recalculates;
/// <see cref="Admin"/> also manages rounds, finalising, keys and principals; <see cref="Provider"/> is bound to one
/// AGB-code and reaches only its own uploads and what is published; <see cref="Scheduler"/> runs the timers only.
/// </summary>
public enum Role
{
    Analyst,
    Admin,
    Provider,
    Scheduler,
}

public static class Roles
{
    /// <summary>The name in JSON and in storage: <c>analyst</c>, <c>admin</c>, <c>provider</c>, <c>scheduler</c>.</summary>
    public static string Name(Role role) => role.ToString().ToLowerInvariant();

    public static bool TryParse(string? name, out Role role)
    {
        foreach (var r in Enum.GetValues<Role>())
        {
            if (Name(r) != name) continue;
            role = r;
            return true;
        }
        role = default;
        return false;
    }
}
