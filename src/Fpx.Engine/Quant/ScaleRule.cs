namespace Fpx.Engine.Quant;

/// <summary>How a quantizer chooses a block's (or row's) scale.</summary>
public enum ScaleRule
{
    /// <summary>
    /// From the block's largest magnitude alone: for MX formats the OCP MX v1.0 rule (§6.3,
    /// shared exponent floor(log2(amax)) - emax of the element); for NVFP4 and per-row FP8 the
    /// scale that maps amax onto the element's largest finite value.
    /// </summary>
    Ocp,

    /// <summary>
    /// Tries the rule's scale and its neighbours and keeps the one with the least squared error
    /// over the block. The rule's own scale is among the candidates and ties keep it, so the
    /// result is never worse than <see cref="Ocp"/>.
    /// </summary>
    Search,
}
