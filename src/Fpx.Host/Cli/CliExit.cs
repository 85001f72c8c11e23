using Fpx.Engine.Model;

namespace Fpx.Host.Cli;

/// <summary>
/// Exit codes of every verb (a contract scripts rely on): 0 success, 1 the input data is bad (a
/// corrupt model, ladder or calibration file) or the run failed, 2 the command line is wrong
/// (unknown option or variant, malformed tokens, token id out of range, missing model directory).
/// </summary>
internal static class CliExit
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int Usage = 2;

    /// <summary>Prints <c>fpx: error: ...</c> to stderr and returns <paramref name="code"/>.</summary>
    public static int Error(int code, string message)
    {
        Console.Error.WriteLine($"fpx: error: {message}");
        return code;
    }

    /// <summary>
    /// Runs a verb body, turning the engine's typed errors into messages and exit codes: a missing
    /// model directory is a usage error, any other <see cref="ModelFormatException"/> a data error.
    /// </summary>
    public static int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (UsageException e)
        {
            return Error(Usage, e.Message);
        }
        catch (ModelFormatException e) when (e.Code == ModelErrorCode.DirectoryNotFound)
        {
            return Error(Usage, e.Message);
        }
        catch (ModelFormatException e)
        {
            return Error(Failure, e.Message);
        }
        catch (IOException e)
        {
            return Error(Failure, e.Message);
        }
        catch (UnauthorizedAccessException e)
        {
            return Error(Failure, e.Message);
        }
    }
}

/// <summary>A command-line value that parsed but makes no sense (exit code 2).</summary>
internal sealed class UsageException(string message) : Exception(message);
