using System.Diagnostics;

namespace Fpx.Engine.Tests.Model;

/// <summary>
/// The committed reference models are exactly what tools/make_reference_models.py writes: the
/// script is seeded, and rerunning it (PyTorch on the CPU, /usr/bin/python3 with Debian's
/// python3-torch; tools/install-test-peers.sh installs it) reproduces every file byte for byte.
/// </summary>
public class ReferenceFixtureTests
{
    [Fact]
    public void The_generator_script_reproduces_the_committed_fixtures_byte_for_byte()
    {
        string script = FindScript();
        string output = Path.Combine(Path.GetTempPath(), "fpx-tests", "regenerated-" + Guid.NewGuid().ToString("N"));
        try
        {
            var start = new ProcessStartInfo("/usr/bin/python3", [script, output]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start /usr/bin/python3");
            string stderr = process.StandardError.ReadToEnd();
            process.StandardOutput.ReadToEnd();
            Assert.True(process.WaitForExit(120_000), "the generator took over two minutes");
            Assert.True(process.ExitCode == 0, $"make_reference_models.py failed (are python3-torch and python3-numpy installed? see tools/install-test-peers.sh):\n{stderr}");
            foreach (string name in ReferenceModels.All)
            {
                string committed = ReferenceModels.Directory(name);
                var expected = System.IO.Directory.GetFiles(committed).Select(Path.GetFileName).Order().ToArray();
                var actual = System.IO.Directory.GetFiles(Path.Combine(output, name)).Select(Path.GetFileName).Order().ToArray();
                Assert.Equal(expected, actual);
                foreach (string file in expected!)
                {
                    Assert.True(File.ReadAllBytes(Path.Combine(committed, file!)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(output, name, file!))),
                        $"{name}/{file} differs from the regenerated copy");
                }
            }
        }
        finally
        {
            if (System.IO.Directory.Exists(output))
            {
                System.IO.Directory.Delete(output, recursive: true);
            }
        }
    }

    private static string FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tools", "make_reference_models.py");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException("tools/make_reference_models.py not found above " + AppContext.BaseDirectory);
    }
}
