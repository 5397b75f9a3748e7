namespace Inkoop.Domain.Lumpsums;

/// <summary>A lumpsum configuration that cannot be used; <see cref="Errors"/> are Dutch, one per problem.</summary>
public sealed class LumpsumConfigurationException(IReadOnlyList<string> errors)
    : Exception("Ongeldige lumpsumconfiguratie: " + string.Join(" ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
