namespace Fpx.Host.Scheduling;

/// <summary>What a compute pass was for.</summary>
public enum PassKind
{
    /// <summary>A batch of <c>decide</c> requests.</summary>
    Decide,
    /// <summary>A <c>session.append</c> (prefill).</summary>
    SessionAppend,
    /// <summary>A measured warm-up pass at start.</summary>
    Warmup,
    /// <summary>A shadow run of the reference variant on a served request's input.</summary>
    Shadow,
}

/// <summary>One completed compute pass, as the scheduler reports it to an <see cref="IPassObserver"/>.</summary>
/// <param name="Variant">Variant index.</param>
/// <param name="Tokens">Input tokens of the longest member (at least 1).</param>
/// <param name="Batch">Requests in the pass.</param>
/// <param name="Ticks">Wall time of the pass, <see cref="TimeProvider.GetTimestamp"/> ticks.</param>
/// <param name="Kind">What it was for.</param>
public readonly record struct PassRecord(int Variant, int Tokens, int Batch, long Ticks, PassKind Kind);

/// <summary>
/// Hears about every successful compute pass, on the compute thread, right after it ends: the
/// hook through which the policy learns latencies without the scheduler knowing the policy. Must
/// be quick and must not allocate or block (it delays the next pass).
/// </summary>
public interface IPassObserver
{
    /// <summary>Called once per successful pass.</summary>
    /// <param name="pass">The pass.</param>
    void OnPass(in PassRecord pass);
}
