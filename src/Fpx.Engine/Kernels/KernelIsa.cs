using System.Runtime.Intrinsics.X86;

namespace Fpx.Engine.Kernels;

/// <summary>The instruction sets Fpx has kernels for (see docs/decisions/0001-avx2-baseline-kernels.md).</summary>
public enum KernelIsa
{
    /// <summary>The scalar reference: the definition of correctness, slow.</summary>
    Scalar,

    /// <summary>256-bit AVX2 + FMA kernels (also what AVX-512 machines run).</summary>
    Avx2,
}

/// <summary>Chooses the kernels once per process.</summary>
public static class KernelSelection
{
    /// <summary>Environment variable that forces a path: <c>scalar</c> or <c>avx2</c>.</summary>
    public const string EnvironmentVariable = "FPX_KERNELS";

    /// <summary>The best path this machine supports, unless <c>FPX_KERNELS</c> asks for another.</summary>
    public static KernelIsa Default { get; } = Resolve(Environment.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary>True when this machine can run <paramref name="isa"/>.</summary>
    public static bool IsSupported(KernelIsa isa) => isa switch
    {
        KernelIsa.Scalar => true,
        KernelIsa.Avx2 => Avx2.IsSupported && Fma.IsSupported,
        _ => false,
    };

    /// <summary>Every path this machine can run, so tests exercise each one.</summary>
    public static IReadOnlyList<KernelIsa> Supported { get; } =
        Enum.GetValues<KernelIsa>().Where(IsSupported).ToArray();

    internal static KernelIsa Resolve(string? requested)
    {
        var best = IsSupported(KernelIsa.Avx2) ? KernelIsa.Avx2 : KernelIsa.Scalar;
        if (string.IsNullOrWhiteSpace(requested) || requested.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            return best;
        }
        if (!Enum.TryParse<KernelIsa>(requested, ignoreCase: true, out var isa))
        {
            throw new InvalidOperationException($"{EnvironmentVariable}={requested}: expected scalar, avx2 or auto");
        }
        if (!IsSupported(isa))
        {
            throw new InvalidOperationException($"{EnvironmentVariable}={requested}: this CPU cannot run it");
        }
        return isa;
    }
}
