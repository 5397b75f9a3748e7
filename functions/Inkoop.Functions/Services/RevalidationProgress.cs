using System.Diagnostics;
using Inkoop.Domain.Rounds;

namespace Inkoop.Functions.Services;

/// <summary>Where a round's re-validation stands: latest formats validated against the current configuration, and those still to do.</summary>
public sealed record RevalidationProgress(string Round, string ConfigurationHash, int Formats, int Current, int Pending)
{
    public bool Complete => Pending == 0;
}
