namespace Inkoop.Functions.Services;

/// <summary>Why a lookup of a round or tender found nothing to work with; the APIs turn it into a problem.</summary>
public enum LookupFailure
{
    /// <summary>The id breaks the rules of <see cref="Inkoop.Domain.Ids"/>.</summary>
    InvalidId,
    NotFound,
    /// <summary>It is stored, but its configuration no longer passes the parser (<c>Errors</c> say why).</summary>
    StoredConfigurationInvalid,
}
