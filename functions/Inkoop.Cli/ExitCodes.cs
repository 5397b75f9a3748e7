namespace Inkoop.Cli;

/// <summary>The exit codes of <c>inkoop</c>, as its help and the README say them.</summary>
public static class ExitCodes
{
    /// <summary>Done; for validate: every file read without error findings (warnings allowed).</summary>
    public const int Ok = 0;

    /// <summary>validate: a file was read but has error findings (values with an error do not count).</summary>
    public const int ErrorFindings = 1;

    /// <summary>Unusable input: a missing or bad option, round file or folder; a one-line reason on stderr.</summary>
    public const int Unusable = 2;

    /// <summary>validate: a file was refused, not read at all (no workbook, macros, no identity, another round).</summary>
    public const int Refused = 3;
}
