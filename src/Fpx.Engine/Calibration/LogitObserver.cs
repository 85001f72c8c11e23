using Fpx.Engine.Runtime;

namespace Fpx.Engine.Calibration;

/// <summary>
/// Computes the next-token log-probabilities at every calibration position. For the reference
/// pass it keeps them (tokens x vocabulary floats); for a perturbed pass it accumulates
/// KL(reference ‖ this) per position instead.
/// </summary>
internal sealed class LogitObserver : IForwardObserver
{
    private readonly TransformerModel _model;
    private readonly float[]? _reference;
    private float[] _logits = [];
    private int _position;
    private double _divergence;

    public LogitObserver(TransformerModel model, int totalTokens, float[]? referenceLogProbabilities)
    {
        _model = model;
        _reference = referenceLogProbabilities;
        if (referenceLogProbabilities is null)
        {
            LogProbabilities = new float[(long)totalTokens * model.Config.VocabSize];
        }
    }

    /// <summary>The reference pass's log-probabilities, position after position.</summary>
    public float[]? LogProbabilities { get; }

    public double MeanDivergence => _position == 0 ? 0 : _divergence / _position;

    public void OnLinear(Fpx.Engine.Model.LinearLayer layer, ReadOnlySpan<float> input, ReadOnlySpan<float> output, int rows)
    {
    }

    public void OnFinalHidden(ReadOnlySpan<float> hidden, int rows)
    {
        int vocabulary = _model.Config.VocabSize;
        if (_logits.Length < rows * vocabulary)
        {
            _logits = new float[rows * vocabulary];
        }
        _model.HeadLogits(hidden, _logits.AsSpan(0, rows * vocabulary), rows);
        for (int r = 0; r < rows; r++, _position++)
        {
            var logits = _logits.AsSpan(r * vocabulary, vocabulary);
            LogSoftmax(logits);
            if (_reference is null)
            {
                logits.CopyTo(LogProbabilities.AsSpan(_position * vocabulary, vocabulary));
            }
            else
            {
                _divergence += Divergence(_reference.AsSpan(_position * vocabulary, vocabulary), logits);
            }
        }
    }

    /// <summary>In-place log-softmax, the normaliser summed in double.</summary>
    private static void LogSoftmax(Span<float> logits)
    {
        float max = System.Numerics.Tensors.TensorPrimitives.Max(logits);
        double sum = 0;
        foreach (float l in logits)
        {
            sum += Math.Exp(l - max);
        }
        float shift = (float)(max + Math.Log(sum));
        System.Numerics.Tensors.TensorPrimitives.Subtract(logits, shift, logits);
    }

    /// <summary>KL(p ‖ q) = Σ p (log p − log q) from log-probabilities.</summary>
    internal static double Divergence(ReadOnlySpan<float> logP, ReadOnlySpan<float> logQ)
    {
        double kl = 0;
        for (int i = 0; i < logP.Length; i++)
        {
            kl += Math.Exp(logP[i]) * ((double)logP[i] - logQ[i]);
        }
        return Math.Max(kl, 0);
    }
}
