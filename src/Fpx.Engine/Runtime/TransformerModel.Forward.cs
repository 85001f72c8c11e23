using System.Numerics.Tensors;
using Fpx.Engine.Kernels;
using Fpx.Engine.Model;

namespace Fpx.Engine.Runtime;

public sealed partial class TransformerModel
{
    /// <summary>
    /// One forward pass over the rows staged in <paramref name="ws"/> (token, position, session):
    /// the Llama decoder as transformers' LlamaModel computes it. Linear layers run once for all
    /// rows (MatMul with batch = rows); attention runs per row against that row's session cache,
    /// after every row's keys and values are written, so a prefill chunk is causal row by row.
    /// </summary>
    internal void Forward(Workspace ws, int rows, Variant variant, IForwardObserver? observer)
    {
        var c = Config;
        int hidden = c.HiddenSize;
        for (int r = 0; r < rows; r++)
        {
            _embedding.DequantizeRow(ws.Tokens[r], ws.X.AsSpan(r * hidden, hidden));
        }
        ComputeRotary(ws, rows);
        var residual = ws.X.AsSpan(0, rows * hidden);
        for (int l = 0; l < c.Layers; l++)
        {
            var layer = _layers[l];

            // Attention block: x += o_proj(attention(rope(q), rope(k), v)) on input_layernorm(x).
            RmsNorm(ws.X, layer.InputNorm, ws.Normed, rows);
            Linear(variant, l, LinearKind.Q, ws.Normed, ws.Queries, rows, observer);
            Linear(variant, l, LinearKind.K, ws.Normed, ws.Keys, rows, observer);
            Linear(variant, l, LinearKind.V, ws.Normed, ws.Values, rows, observer);
            Rotate(ws, ws.Queries, c.Heads, rows);
            Rotate(ws, ws.Keys, c.KvHeads, rows);
            for (int r = 0; r < rows; r++)
            {
                ws.Sessions[r].WriteKv(l, ws.Positions[r], ws.Keys.AsSpan(r * c.KvDim, c.KvDim), ws.Values.AsSpan(r * c.KvDim, c.KvDim));
            }
            for (int r = 0; r < rows; r++)
            {
                Attend(ws, r, l);
            }
            Linear(variant, l, LinearKind.O, ws.Attention, ws.Projected, rows, observer);
            TensorPrimitives.Add(residual, ws.Projected.AsSpan(0, residual.Length), residual);

            // MLP block: x += down_proj(silu(gate_proj(h)) * up_proj(h)), h = post_attention_layernorm(x).
            RmsNorm(ws.X, layer.PostAttentionNorm, ws.Normed, rows);
            Linear(variant, l, LinearKind.Gate, ws.Normed, ws.Gate, rows, observer);
            Linear(variant, l, LinearKind.Up, ws.Normed, ws.Up, rows, observer);
            var gate = ws.Gate.AsSpan(0, rows * c.IntermediateSize);
            var up = ws.Up.AsSpan(0, gate.Length);
            TensorPrimitives.Multiply(up, gate, up);        // g * u
            TensorPrimitives.Sigmoid(gate, gate);           // sigmoid(g)
            TensorPrimitives.Multiply(gate, up, gate);      // silu(g) * u = sigmoid(g) * g * u
            Linear(variant, l, LinearKind.Down, ws.Gate, ws.Projected, rows, observer);
            TensorPrimitives.Add(residual, ws.Projected.AsSpan(0, residual.Length), residual);
        }
        RmsNorm(ws.X, _finalNorm, ws.Normed, rows);
        for (int r = 0; r < rows; r++)
        {
            if (ws.IsLast[r])
            {
                ws.Sessions[r].SetHidden(ws.Normed.AsSpan(r * hidden, hidden));
            }
        }
        observer?.OnFinalHidden(ws.Normed.AsSpan(0, rows * hidden), rows);
    }

    private void Linear(Variant variant, int layer, LinearKind kind, float[] input, float[] output, int rows, IForwardObserver? observer)
    {
        var w = variant.Matrix(layer, kind);
        var x = input.AsSpan(0, rows * w.Cols);
        var y = output.AsSpan(0, rows * w.Rows);
        MatMul.Multiply(w, x, y, rows, Pool);
        if (_layers[layer].Bias(kind) is { } bias)
        {
            for (int r = 0; r < rows; r++)
            {
                var row = y.Slice(r * w.Rows, w.Rows);
                TensorPrimitives.Add(row, bias, row);
            }
        }
        observer?.OnLinear(new LinearLayer(layer, kind), x, y, rows);
    }

    /// <summary>RMSNorm (Zhang and Sennrich 2019) as LlamaRMSNorm: x / sqrt(mean(x^2) + eps) * weight.</summary>
    private void RmsNorm(float[] input, float[] weight, float[] output, int rows)
    {
        int n = Config.HiddenSize;
        for (int r = 0; r < rows; r++)
        {
            var x = input.AsSpan(r * n, n);
            var y = output.AsSpan(r * n, n);
            double meanSquare = TensorPrimitives.SumOfSquares(x) / (double)n;
            TensorPrimitives.Multiply(x, (float)(1.0 / Math.Sqrt(meanSquare + Config.RmsNormEps)), y);
            TensorPrimitives.Multiply(y, weight, y);
        }
    }

    /// <summary>cos and sin of position x inv_freq[i] for each row (angles in double, as the reference does).</summary>
    private void ComputeRotary(Workspace ws, int rows)
    {
        int half = Config.HeadDim / 2;
        for (int r = 0; r < rows; r++)
        {
            for (int i = 0; i < half; i++)
            {
                double angle = ws.Positions[r] * _inverseFrequencies[i];
                ws.Cos[r * half + i] = (float)Math.Cos(angle);
                ws.Sin[r * half + i] = (float)Math.Sin(angle);
            }
        }
    }

    /// <summary>
    /// Rotary position embedding (Su et al. 2021, RoFormer), rotate-half convention of the Llama
    /// code: element i pairs with element i + d/2, not with its neighbour.
    /// </summary>
    private void Rotate(Workspace ws, float[] vectors, int heads, int rows)
    {
        int d = Config.HeadDim, half = d / 2;
        for (int r = 0; r < rows; r++)
        {
            var cos = ws.Cos.AsSpan(r * half, half);
            var sin = ws.Sin.AsSpan(r * half, half);
            for (int h = 0; h < heads; h++)
            {
                var v = vectors.AsSpan((r * heads + h) * d, d);
                for (int i = 0; i < half; i++)
                {
                    float x1 = v[i], x2 = v[i + half];
                    v[i] = x1 * cos[i] - x2 * sin[i];
                    v[i + half] = x2 * cos[i] + x1 * sin[i];
                }
            }
        }
    }

    /// <summary>
    /// Causal grouped-query attention of row <paramref name="row"/>: each query head h reads key/value
    /// head h / (heads / kvHeads) (transformers' repeat_kv), over positions 0..position of its session.
    /// </summary>
    private void Attend(Workspace ws, int row, int layer)
    {
        var c = Config;
        int d = c.HeadDim, group = c.Heads / c.KvHeads;
        var session = ws.Sessions[row];
        int visible = ws.Positions[row] + 1;
        var scores = ws.ScoresFor(visible);
        float scale = (float)(1.0 / Math.Sqrt(d));
        for (int h = 0; h < c.Heads; h++)
        {
            int kvHead = h / group;
            var q = ws.Queries.AsSpan((row * c.Heads + h) * d, d);
            var output = ws.Attention.AsSpan((row * c.Heads + h) * d, d);
            session.AttentionScores(layer, kvHead, q, scores);
            TensorPrimitives.Multiply(scores, scale, scores);
            Softmax(scores);
            output.Clear();
            session.AttentionMix(layer, kvHead, scores, output);
        }
    }

    /// <summary>In-place softmax, shifted by the maximum so that exp never overflows.</summary>
    internal static void Softmax(Span<float> values)
    {
        float max = TensorPrimitives.Max(values);
        TensorPrimitives.Subtract(values, max, values);
        TensorPrimitives.Exp(values, values);
        TensorPrimitives.Multiply(values, 1f / TensorPrimitives.Sum(values), values);
    }
}
