namespace Inkoop.Functions.Services;

public enum RecalculationOutcome { Written, Unchanged, NoFormats }
