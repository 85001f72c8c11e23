namespace Fpx.Engine.Calibration;

/// <summary>Which sensitivity a ladder is ordered by.</summary>
public enum SensitivityMeasure
{
    /// <summary>
    /// The FPX paper's Algorithm 1: relative error ‖Y4 − Y16‖ / ‖Y16‖ of the layer's own output
    /// when its FP16 weights are replaced by FP4, over the calibration tokens.
    /// </summary>
    LayerOutput,

    /// <summary>Mean KL divergence of the next-token distribution when that layer alone is FP4 (all others FP16).</summary>
    EndToEnd,
}

/// <summary>Which sensitivities a calibration measures.</summary>
[Flags]
public enum CalibrationMeasures
{
    /// <summary>Only <see cref="SensitivityMeasure.LayerOutput"/>: one FP16 pass over the calibration tokens.</summary>
    LayerOutput = 1,

    /// <summary>Only <see cref="SensitivityMeasure.EndToEnd"/>: one pass per linear layer.</summary>
    EndToEnd = 2,

    /// <summary>Both, and how their rankings compare.</summary>
    Both = LayerOutput | EndToEnd,
}
