using Fpx.Engine.Kernels;
using Fpx.Engine.Model;
using Fpx.Engine.Runtime;

namespace Fpx.Engine.Calibration;

/// <summary>
/// During an FP16 pass, multiplies each linear layer's input by the layer's FP4 weights too and
/// accumulates ‖Y4 − Y16‖² and ‖Y16‖² (outputs with bias, as the layer emits them): the relative
/// error ‖Y4 − Y16‖_F / ‖Y16‖_F over all calibration tokens, without storing any activation.
/// </summary>
internal sealed class LayerErrorObserver(TransformerModel model) : IForwardObserver
{
    private readonly double[] _errorSquares = new double[model.Weights.LinearLayers];
    private readonly double[] _referenceSquares = new double[model.Weights.LinearLayers];
    private float[] _scratch = [];

    public void OnLinear(LinearLayer layer, ReadOnlySpan<float> input, ReadOnlySpan<float> output, int rows)
    {
        var fp4 = model.Weights.Get(layer.Index, LinearEncoding.Fp4);
        if (_scratch.Length < output.Length)
        {
            _scratch = new float[output.Length];
        }
        var y = _scratch.AsSpan(0, output.Length);
        MatMul.Multiply(fp4, input, y, rows, model.Pool);
        var bias = model.Layer(layer.Layer).Bias(layer.Kind);
        double error = 0, reference = 0;
        for (int i = 0; i < output.Length; i++)
        {
            double fp4Output = y[i] + (bias is null ? 0f : bias[i % fp4.Rows]);
            double d = fp4Output - output[i];
            error += d * d;
            reference += (double)output[i] * output[i];
        }
        _errorSquares[layer.Index] += error;
        _referenceSquares[layer.Index] += reference;
    }

    public void OnFinalHidden(ReadOnlySpan<float> hidden, int rows)
    {
    }

    public double[] RelativeErrors() =>
        _errorSquares.Select((e, i) => _referenceSquares[i] > 0 ? Math.Sqrt(e / _referenceSquares[i]) : 0).ToArray();
}
