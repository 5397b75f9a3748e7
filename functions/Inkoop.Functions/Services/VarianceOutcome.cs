namespace Inkoop.Functions.Services;

public enum VarianceOutcome { Written, Unchanged }
