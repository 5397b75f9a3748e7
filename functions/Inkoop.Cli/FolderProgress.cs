using Spectre.Console;

namespace Inkoop.Cli;

/// <summary>
/// Works through the files of a folder, in parallel and in order, with a progress bar on stderr when there
/// are many and stderr is a terminal (never in pipes, logs or tests).
/// </summary>
public static class FolderProgress
{
    private const int ManyFiles = 20;

    public static IReadOnlyList<T> Run<T>(IReadOnlyList<string> files, string label, TextWriter stderr, Func<string, T> each)
    {
        var terminal = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;
        if (!terminal || files.Count < ManyFiles) return Process(files, each, () => { });

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Progress().AutoClear(true).Start(context =>
        {
            var task = context.AddTask(label, maxValue: files.Count);
            return Process(files, each, () => task.Increment(1));
        });
    }

    private static IReadOnlyList<T> Process<T>(IReadOnlyList<string> files, Func<string, T> each, Action done) =>
        files.AsParallel().AsOrdered().Select(file =>
        {
            var result = each(file);
            done();
            return result;
        }).ToList();
}
