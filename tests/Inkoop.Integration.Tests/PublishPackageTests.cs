using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using Inkoop.Integration.Tests.Infrastructure;

namespace Inkoop.Integration.Tests;

/// <summary>
/// publish.sh produces the zip that is deployed to Azure: the layout the Functions host expects,
/// checked on the real package.
/// </summary>
public sealed class PublishPackageTests : IDisposable
{
    private readonly string unpacked = Directory.CreateTempSubdirectory("inkoop-publish-").FullName;

    public void Dispose() => Directory.Delete(unpacked, recursive: true);

    [Fact]
    public async Task The_package_holds_an_executable_host_json_and_one_folder_per_function()
    {
        var info = new ProcessStartInfo("bash", ["publish.sh"]) { WorkingDirectory = Repo.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        using var publish = Process.Start(info)!;
        var output = publish.StandardOutput.ReadToEndAsync();
        var errors = publish.StandardError.ReadToEndAsync();
        await publish.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        Assert.True(publish.ExitCode == 0, await output + await errors);

        var zip = Path.Combine(Repo.Root, "artifacts", "inkoop-functions.zip");
        using (var archive = ZipFile.OpenRead(zip))
        {
            using var hostJson = JsonDocument.Parse(archive.GetEntry("host.json")!.Open());
            var executable = hostJson.RootElement.GetProperty("customHandler").GetProperty("description").GetProperty("defaultExecutablePath").GetString()!;
            var entry = archive.GetEntry(executable);
            Assert.NotNull(entry);
            var mode = (UnixFileMode)((entry.ExternalAttributes >> 16) & 0x1FF);
            Assert.True(mode.HasFlag(UnixFileMode.UserExecute), $"{executable} is not executable in the zip ({mode})");
            Assert.True(hostJson.RootElement.GetProperty("customHandler").GetProperty("enableProxyingHttpRequest").GetBoolean());
            Assert.Null(archive.GetEntry("local.settings.json"));
            // The Excel add-in, built by the app's build, ships with it (served by StaticFiles and AddinManifest).
            foreach (var file in new[] { "addin.js", "taskpane.html", "functions.json", "manifest.template.xml", "manifest.template.json" })
                Assert.NotNull(archive.GetEntry($"wwwroot/addin/{file}"));
            // The pages' NL Design System components, bundled by the same build, and the region's tokens.
            foreach (var file in new[] { "wwwroot/nlds/componenten.css", "wwwroot/huisstijl.css", "wwwroot/huisstijl-logo.svg" })
                Assert.NotNull(archive.GetEntry(file));
        }

        ZipFile.ExtractToDirectory(zip, unpacked);
        var expected = Directory.GetDirectories(Repo.AppSourceDirectory)
            .Where(d => File.Exists(Path.Combine(d, "function.json"))).Select(Path.GetFileName).Order().ToList();
        var packaged = Directory.GetDirectories(unpacked)
            .Where(d => File.Exists(Path.Combine(d, "function.json"))).Select(Path.GetFileName).Order().ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, packaged);
        foreach (var folder in packaged)
        {
            using var function = JsonDocument.Parse(File.ReadAllText(Path.Combine(unpacked, folder!, "function.json")));
            Assert.True(function.RootElement.GetProperty("bindings").GetArrayLength() >= 1, folder);
        }
        // Self-contained: the runtime travels with the app, the host needs no .NET on the worker.
        Assert.True(File.Exists(Path.Combine(unpacked, "libcoreclr.so")));
    }
}
