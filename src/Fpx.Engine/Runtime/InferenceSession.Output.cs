using System.Numerics.Tensors;

namespace Fpx.Engine.Runtime;

public sealed partial class InferenceSession
{
    /// <summary>True once a token has been appended (or inherited by a fork): logits and decisions are defined.</summary>
    public bool HasOutput => _hasHidden;

    /// <summary>
    /// Next-token logits after the last appended token, over the whole vocabulary. Computed by the
    /// output head on the first call after an append and kept until the next one; the span stays
    /// valid until then.
    /// </summary>
    public ReadOnlySpan<float> Logits()
    {
        RequireOutput();
        if (!_logitsCurrent)
        {
            _logits ??= new float[Model.Config.VocabSize];
            Model.HeadLogits(_hidden, _logits);
            _logitsCurrent = true;
        }
        return _logits;
    }

    /// <summary>
    /// Chooses among <paramref name="allowed"/> tokens: writes their probabilities (softmax over the
    /// allowed tokens' logits only, so they sum to 1) and returns the index of the most probable.
    /// Only the head rows of the allowed tokens are computed.
    /// </summary>
    /// <param name="allowed">Candidate token ids (distinct, in the vocabulary).</param>
    /// <param name="probabilities">Receives one probability per allowed token.</param>
    public int Decide(ReadOnlySpan<int> allowed, Span<float> probabilities)
    {
        RequireOutput();
        if (allowed.IsEmpty)
        {
            throw new ArgumentException("at least one allowed token is needed", nameof(allowed));
        }
        if (probabilities.Length < allowed.Length)
        {
            throw new ArgumentException($"room for {probabilities.Length} probabilities, {allowed.Length} needed", nameof(probabilities));
        }
        var ws = Model.Workspace;
        var p = probabilities[..allowed.Length];
        for (int i = 0; i < allowed.Length; i++)
        {
            Model.CheckToken(allowed[i], nameof(allowed));
            p[i] = _logitsCurrent ? _logits![allowed[i]] : Model.HeadLogit(_hidden, allowed[i], ws);
        }
        TransformerModel.Softmax(p);
        return TensorPrimitives.IndexOfMax(p);
    }

    /// <summary>Appends <paramref name="tokens"/>, then decides among <paramref name="allowed"/>: what one decision request costs.</summary>
    public int Decide(ReadOnlySpan<int> tokens, ReadOnlySpan<int> allowed, Span<float> probabilities)
    {
        Append(tokens);
        return Decide(allowed, probabilities);
    }

    /// <summary>The most likely next token.</summary>
    public int Greedy() => TensorPrimitives.IndexOfMax(Logits());

    /// <summary>A next token drawn by <paramref name="sampler"/>.</summary>
    public int Sample(TokenSampler sampler)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        return sampler.Sample(Logits());
    }

    /// <summary>
    /// Generates up to <c>output.Length</c> tokens, appending each: greedy without a sampler,
    /// sampled (seeded) with one. Stops after <paramref name="stopToken"/> if it is produced.
    /// </summary>
    /// <returns>Tokens written to <paramref name="output"/>.</returns>
    public int Generate(Span<int> output, TokenSampler? sampler = null, int stopToken = -1)
    {
        CheckRoom(output.Length);
        for (int i = 0; i < output.Length; i++)
        {
            int token = sampler is null ? Greedy() : Sample(sampler);
            output[i] = token;
            Append(token);
            if (token == stopToken)
            {
                return i + 1;
            }
        }
        return output.Length;
    }

    private void RequireOutput()
    {
        if (!_hasHidden)
        {
            throw new InvalidOperationException("append at least one token before reading logits");
        }
    }
}
