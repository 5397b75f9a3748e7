namespace Inkoop.Domain.Rounds;

/// <summary>A round configuration that cannot be used; <see cref="Errors"/> are Dutch, one per problem.</summary>
public sealed class RoundConfigurationException(IReadOnlyList<string> errors)
    : Exception("Ongeldige rondeconfiguratie: " + string.Join(" ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
