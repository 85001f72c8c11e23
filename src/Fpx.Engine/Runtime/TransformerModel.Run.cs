using System.Numerics.Tensors;
using Fpx.Engine.Kernels;
using Fpx.Engine.Quant;

namespace Fpx.Engine.Runtime;

public sealed partial class TransformerModel
{
    /// <summary>
    /// Appends one token to each of several sessions in one batched forward pass: the linear layers
    /// run once with batch = sessions (weights streamed once for all), attention runs per session.
    /// All sessions must use the same variant and be distinct. Afterwards each session's logits and
    /// decisions read the position just appended.
    /// </summary>
    /// <param name="sessions">Sessions of this model, all on one variant.</param>
    /// <param name="tokens">One token per session.</param>
    public void Step(ReadOnlySpan<InferenceSession> sessions, ReadOnlySpan<int> tokens)
    {
        if (sessions.Length != tokens.Length)
        {
            throw new ArgumentException($"{sessions.Length} sessions but {tokens.Length} tokens", nameof(tokens));
        }
        if (sessions.Length == 0)
        {
            return;
        }
        var variant = CheckSharedPass(sessions, "a batched step");
        for (int i = 0; i < sessions.Length; i++)
        {
            sessions[i].CheckRoom(1);
            CheckToken(tokens[i], nameof(tokens));
        }
        var ws = Workspace;
        for (int start = 0; start < sessions.Length; start += ws.MaxRows)
        {
            int rows = Math.Min(ws.MaxRows, sessions.Length - start);
            for (int r = 0; r < rows; r++)
            {
                var s = sessions[start + r];
                ws.Sessions[r] = s;
                ws.Positions[r] = s.Length;
                ws.Tokens[r] = tokens[start + r];
                ws.IsLast[r] = true;
            }
            Forward(ws, rows, variant, observer: null);
            for (int r = 0; r < rows; r++)
            {
                ws.Sessions[r].Advance(1);
            }
            ws.ClearRows(rows);
        }
    }

    /// <summary>Runs <paramref name="tokens"/> through one session, in chunks of <see cref="ModelLoadOptions.MaxBatchRows"/>.</summary>
    internal void Prefill(InferenceSession session, ReadOnlySpan<int> tokens, IForwardObserver? observer)
    {
        session.CheckRoom(tokens.Length);
        foreach (int token in tokens)
        {
            CheckToken(token, nameof(tokens));
        }
        var ws = Workspace;
        for (int start = 0; start < tokens.Length; start += ws.MaxRows)
        {
            int rows = Math.Min(ws.MaxRows, tokens.Length - start);
            for (int r = 0; r < rows; r++)
            {
                ws.Sessions[r] = session;
                ws.Positions[r] = session.Length + r;
                ws.Tokens[r] = tokens[start + r];
                ws.IsLast[r] = r == rows - 1;
            }
            Forward(ws, rows, session.Variant, observer);
            session.Advance(rows);
            ws.ClearRows(rows);
        }
    }

    internal void CheckToken(int token, string parameter)
    {
        if ((uint)token >= (uint)Config.VocabSize)
        {
            throw new ArgumentOutOfRangeException(parameter, token, $"token id {token} is outside the vocabulary [0, {Config.VocabSize})");
        }
    }

    /// <summary>Full-vocabulary logits of <paramref name="rows"/> hidden states (the output head, shared by every variant).</summary>
    internal void HeadLogits(ReadOnlySpan<float> hidden, Span<float> logits, int rows = 1) =>
        MatMul.Multiply(_head, hidden, logits, rows, Pool);

    /// <summary>The logit of one token: one row of the head, so a decision costs only its allowed tokens' rows.</summary>
    internal unsafe float HeadLogit(ReadOnlySpan<float> hidden, int token, Workspace ws)
    {
        int n = Config.HiddenSize;
        if (_head.Format == WeightFormat.F32)
        {
            // An F32 matrix stores each row as its floats, with no corrections (QuantizedMatrix.Codec).
            return TensorPrimitives.Dot(new ReadOnlySpan<float>(_head.Codes + token * _head.CodeRowBytes, n), hidden);
        }
        _head.DequantizeRow(token, ws.HeadRow);
        return TensorPrimitives.Dot(ws.HeadRow.AsSpan(0, n), hidden);
    }

    /// <summary>
    /// Checks that <paramref name="sessions"/> can share forward passes: none null, all of this
    /// model, all on one variant, none twice. Returns that variant.
    /// </summary>
    private Variant CheckSharedPass(ReadOnlySpan<InferenceSession> sessions, string pass)
    {
        var variant = sessions[0]?.Variant ?? throw new ArgumentNullException(nameof(sessions));
        long stamp = Interlocked.Increment(ref _stepStamp);
        for (int i = 0; i < sessions.Length; i++)
        {
            var s = sessions[i] ?? throw new ArgumentNullException(nameof(sessions), $"sessions[{i}] is null");
            if (!ReferenceEquals(s.Model, this))
            {
                throw new ArgumentException($"sessions[{i}] belongs to another model", nameof(sessions));
            }
            if (!ReferenceEquals(s.Variant, variant))
            {
                throw new ArgumentException($"sessions[{i}] runs variant {s.Variant.Name}, sessions[0] runs {variant.Name}: {pass} needs one variant", nameof(sessions));
            }
            if (s.StepStamp == stamp)
            {
                throw new ArgumentException($"sessions[{i}] appears twice", nameof(sessions));
            }
            s.StepStamp = stamp;
        }
        return variant;
    }
}
