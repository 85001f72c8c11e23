using Fpx.Engine.Model;

namespace Fpx.Engine.Runtime;

/// <summary>Sees the inside of a forward pass: how calibration measures each layer without storing activations.</summary>
internal interface IForwardObserver
{
    /// <summary>After a linear layer ran: its input (rows x in) and output (rows x out, bias included).</summary>
    void OnLinear(LinearLayer layer, ReadOnlySpan<float> input, ReadOnlySpan<float> output, int rows);

    /// <summary>After the final RMSNorm: every row's hidden state (rows x hidden), the input of the head.</summary>
    void OnFinalHidden(ReadOnlySpan<float> hidden, int rows);
}
