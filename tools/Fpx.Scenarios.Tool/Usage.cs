namespace Fpx.Scenarios.Tool;

internal static class Usage
{
    public const string Text = """
        usage: fpx-scenarios <verb> <scenario> [--option value ...]

          play trading --data FILE... [--agents SPEC,...] [--model DIR ...] [--out DIR] [--speed 100] [--seed 1]
          play gaming [--agents SPEC,...] [--model DIR ...] [--matches 40] [--out DIR] [--frames-per-ms 4] [--seed 1]

        Agent SPEC: kind[:latency_us] with kind one of
          trading: hindsight, random, hold     gaming: expert, random
        --model DIR[:VARIANT:LATENCY_US] adds a trained model (models/NAME) run by tools/model_agent.py over
        a pipe (VARIANT fp16|fp8|fp4 rounds its weights); it is charged LATENCY_US or --model-latency-us
        (virtual), the measured round trip (--wall), or else the forward time Python measured.
        --out DIR writes results.json, results.txt and results.svg.
        Datasets: `fpx export-data trading|gaming`. The runtime's variants and the adaptive policy: `fpx play`.
        """;
}
