using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Inkoop.Integration.Tests.Infrastructure;

/// <summary>A started process whose output is kept (for failure messages) and which is killed, with its children, on dispose.</summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public ChildProcess(string fileName, IEnumerable<string> arguments, string workingDirectory, IDictionary<string, string?>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string?>()) info.Environment[k] = v;
        _process = new Process { StartInfo = info };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output { get { lock (_output) return _output.ToString(); } }

    public bool HasExited => _process.HasExited;

    public int Id => _process.Id;

    /// <summary>The exit code, or null when the process still runs after <paramref name="timeout"/>.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            _process.WaitForExit(); // drains the redirected output
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    /// <summary>Asks the process to stop (SIGTERM, so it can flush what it holds); kills it when it has not exited within <paramref name="timeout"/>.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (_process.HasExited) return;
        if (OperatingSystem.IsWindows() || Terminate(_process.Id, 15) != 0)
            _process.Kill(entireProcessTree: true);
        if (await WaitForExitAsync(timeout) is null)
        {
            _process.Kill(entireProcessTree: true);
            await WaitForExitAsync(TimeSpan.FromSeconds(10));
        }
    }

    /// <summary>Kills the process at once (SIGKILL), as a crash or a platform recycling an instance would.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Terminate(int pid, int signal);

    public static async Task WaitForPortAsync(int port, ChildProcess owner, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (owner.HasExited) throw new InvalidOperationException("Process exited early:\n" + owner.Output);
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException($"Port {port} did not open within {timeout}:\n{owner.Output}");
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }
}
