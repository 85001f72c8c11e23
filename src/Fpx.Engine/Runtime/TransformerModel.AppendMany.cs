namespace Fpx.Engine.Runtime;

public sealed partial class TransformerModel
{
    /// <summary>
    /// Appends tokens to several sessions in shared forward passes: the rows of every session are
    /// staged together, up to <see cref="ModelLoadOptions.MaxBatchRows"/> per pass, so each linear
    /// layer streams its weights once per pass for all of them, while attention still runs per row
    /// against that row's own session. The batched prefill of a server that decides several
    /// requests at once. All sessions must use the same variant and be distinct; an empty token
    /// list leaves its session as it is. Afterwards each session's logits and decisions read its own
    /// last appended token.
    /// </summary>
    /// <param name="sessions">Sessions of this model, all on one variant.</param>
    /// <param name="tokens">The tokens to append to each session (same length as <paramref name="sessions"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">A token is outside the vocabulary (nothing was appended).</exception>
    /// <exception cref="InvalidOperationException">A session has no room for its tokens (nothing was appended).</exception>
    public void AppendMany(ReadOnlySpan<InferenceSession> sessions, ReadOnlySpan<ReadOnlyMemory<int>> tokens)
    {
        if (sessions.Length != tokens.Length)
        {
            throw new ArgumentException($"{sessions.Length} sessions but {tokens.Length} token lists", nameof(tokens));
        }
        if (sessions.Length == 0)
        {
            return;
        }
        var variant = CheckSharedPass(sessions, "a shared pass");
        for (int i = 0; i < sessions.Length; i++)
        {
            // Everything is checked before the first pass, so a bad input never leaves a session half-appended.
            sessions[i].CheckRoom(tokens[i].Length);
            foreach (int token in tokens[i].Span)
            {
                CheckToken(token, nameof(tokens));
            }
        }

        var ws = Workspace;
        int rows = 0;
        for (int i = 0; i < sessions.Length; i++)
        {
            var session = sessions[i];
            var span = tokens[i].Span;
            int staged = 0; // rows of this session in the current pass, not yet advanced
            for (int t = 0; t < span.Length; t++)
            {
                if (rows == ws.MaxRows)
                {
                    Flush(ws, rows, variant);
                    rows = 0;
                    staged = 0;
                }
                ws.Sessions[rows] = session;
                ws.Positions[rows] = session.Length + staged;
                ws.Tokens[rows] = span[t];
                ws.IsLast[rows] = t == span.Length - 1;
                rows++;
                staged++;
            }
        }
        if (rows > 0)
        {
            Flush(ws, rows, variant);
        }
    }

    /// <summary>Runs the staged rows, then advances each row's session past its row.</summary>
    private void Flush(Workspace ws, int rows, Variant variant)
    {
        // A session whose tokens continue into the next pass keeps its hidden state from its last
        // row here; the next pass overwrites it. Mark that row so the state is always defined.
        for (int r = 0; r < rows - 1; r++)
        {
            if (!ReferenceEquals(ws.Sessions[r], ws.Sessions[r + 1]))
            {
                ws.IsLast[r] = true;
            }
        }
        ws.IsLast[rows - 1] = true;
        Forward(ws, rows, variant, observer: null);
        for (int r = 0; r < rows; r++)
        {
            ws.Sessions[r].Advance(1);
        }
        ws.ClearRows(rows);
    }
}
