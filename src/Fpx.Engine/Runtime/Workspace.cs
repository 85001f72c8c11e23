using Fpx.Engine.Model;

namespace Fpx.Engine.Runtime;

/// <summary>
/// Activation buffers for one forward pass of up to <see cref="MaxRows"/> rows (tokens of one
/// session, or one token of each of several sessions). One per model per thread that runs
/// forward passes, allocated on that thread's first pass and reused: steady-state decoding
/// allocates nothing.
/// </summary>
internal sealed class Workspace
{
    public Workspace(ModelConfig c, int maxRows)
    {
        MaxRows = maxRows;
        X = new float[maxRows * c.HiddenSize];
        Normed = new float[maxRows * c.HiddenSize];
        Projected = new float[maxRows * c.HiddenSize];
        Queries = new float[maxRows * c.QueryDim];
        Keys = new float[maxRows * c.KvDim];
        Values = new float[maxRows * c.KvDim];
        Attention = new float[maxRows * c.QueryDim];
        Gate = new float[maxRows * c.IntermediateSize];
        Up = new float[maxRows * c.IntermediateSize];
        Cos = new float[maxRows * c.HeadDim / 2];
        Sin = new float[maxRows * c.HeadDim / 2];
        HeadRow = new float[c.HiddenSize];
        Sessions = new InferenceSession[maxRows];
        Positions = new int[maxRows];
        Tokens = new int[maxRows];
        IsLast = new bool[maxRows];
        Scores = new float[256];
    }

    public int MaxRows { get; }

    /// <summary>The residual stream, rows x hidden.</summary>
    public float[] X { get; }

    public float[] Normed { get; }

    /// <summary>Output of o_proj and down_proj before they join the residual.</summary>
    public float[] Projected { get; }

    public float[] Queries { get; }

    public float[] Keys { get; }

    public float[] Values { get; }

    /// <summary>Attention output, rows x (heads x headDim): the input of o_proj.</summary>
    public float[] Attention { get; }

    public float[] Gate { get; }

    public float[] Up { get; }

    /// <summary>Rotary cosines and sines per row, headDim / 2 each.</summary>
    public float[] Cos { get; }

    public float[] Sin { get; }

    /// <summary>One dequantized head row (for head formats other than F32).</summary>
    public float[] HeadRow { get; }

    /// <summary>Attention scores of one query head over every visible position; grows to the longest context seen.</summary>
    public float[] Scores { get; private set; }

    // The rows of the pass: whose cache, at which position, which token, and whether it is that
    // session's last row in the pass (whose final hidden state the session keeps).
    public InferenceSession[] Sessions { get; }

    public int[] Positions { get; }

    public int[] Tokens { get; }

    public bool[] IsLast { get; }

    public Span<float> ScoresFor(int positions)
    {
        if (Scores.Length < positions)
        {
            Scores = new float[Math.Max(positions, Scores.Length * 2)];
        }
        return Scores.AsSpan(0, positions);
    }

    /// <summary>Drops the session references so a finished session is not kept alive by a workspace.</summary>
    public void ClearRows(int rows) => Array.Clear(Sessions, 0, rows);
}
