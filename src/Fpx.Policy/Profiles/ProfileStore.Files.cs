using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Fpx.Policy.Profiles;

public sealed partial class ProfileStore
{
    private const string TemporarySuffix = ".tmp";

    /// <summary>Test hook: runs after the temporary file is durable and before the rename (a crash there must be harmless).</summary>
    internal Action<string>? BeforeRename { get; set; }

    /// <summary>
    /// The classic crash-safe replace: a reader of <paramref name="path"/>, or a restart after a
    /// crash at any point, finds either the complete old file or the complete new one, because
    /// rename(2) within a directory is atomic and the new content is on disk before it.
    /// </summary>
    private void SaveAtomically(string path, byte[] bytes)
    {
        string directory = Path.GetDirectoryName(path)!;
        string temporary = Path.Combine(
            directory,
            "." + Path.GetFileName(path) + "." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)) + TemporarySuffix);
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            BeforeRename?.Invoke(temporary);
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }

        // Makes the rename itself durable; without it a crash could bring back the old file (never a torn one).
        FlushDirectory(directory);
    }

    private static void DeleteStaleTemporaryFiles(string directory)
    {
        foreach (string file in System.IO.Directory.EnumerateFiles(directory, ".*.json.*" + TemporarySuffix))
        {
            TryDelete(file);
        }
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temporary file is ignored by Open and removed by the next one.
        }
    }

    private static void FlushDirectory(string directory)
    {
        // .NET cannot open a directory as a stream, so call fsync(2) directly; Windows has no
        // equivalent and needs none (NTFS journals the rename).
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        int fd = Native.Open(directory, 0 /* O_RDONLY */);
        if (fd < 0)
        {
            // Some file systems refuse to open directories; the file itself is already durable and
            // the worst a crash can then do is bring back the old, whole file.
            return;
        }

        try
        {
            if (Native.Fsync(fd) != 0)
            {
                throw new IOException($"fsync of directory '{directory}' failed (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = Native.Close(fd);
        }
    }

    private static class Native
    {
        [DllImport("libc", EntryPoint = "open", SetLastError = true)]
        public static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
        public static extern int Fsync(int fd);

        [DllImport("libc", EntryPoint = "close", SetLastError = true)]
        public static extern int Close(int fd);
    }
}
