namespace Fpx.Policy.Tests.Profiles;

internal static class ProfileExamples
{
    /// <summary>A complete profile, the same as the example in docs/profiles.md.</summary>
    public const string Full = """
        {
          "task": "btc-scalper",
          "action_tokens": [17, 18, 19],
          "planning_quantile": 0.99,
          "utility": {
            "kind": "exponential",
            "half_life_us": 2000
          },
          "on_miss": "degrade",
          "min_quality": 0.9,
          "variants": {
            "fp16": {
              "quality": 1,
              "agreement": 1,
              "accuracy": 0.612,
              "enabled": true,
              "latency_us": {
                "p50": 1000,
                "p90": 1150,
                "p99": 1450
              }
            },
            "fp8": {
              "quality": 0.99,
              "agreement": 0.985,
              "accuracy": 0.608,
              "enabled": true,
              "latency_us": {
                "p50": 650,
                "p90": 745,
                "p99": 940
              }
            },
            "fpx-g0.50": {
              "quality": 0.97,
              "agreement": 0.962,
              "enabled": true,
              "latency_us": {
                "p50": 500,
                "p90": 575,
                "p99": 725
              }
            },
            "fp4": {
              "quality": 0.93,
              "agreement": 0.921,
              "accuracy": 0.571,
              "enabled": false
            }
          }
        }
        """;

    /// <summary>The smallest valid profile.</summary>
    public const string Minimal = """
        {"task": "t", "action_tokens": [1], "planning_quantile": 0.9, "utility": {"kind": "hard"}, "on_miss": "reject", "variants": {"fp8": {"quality": 0.9}}}
        """;
}
