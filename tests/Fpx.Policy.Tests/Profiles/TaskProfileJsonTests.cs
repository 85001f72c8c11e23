using System.Text.Json.Nodes;
using Fpx.Policy.Profiles;

namespace Fpx.Policy.Tests.Profiles;

public class TaskProfileJsonTests
{
    [Fact]
    public void The_documented_example_parses_to_what_it_says()
    {
        var p = TaskProfileJson.Parse(ProfileExamples.Full);
        Assert.Equal("btc-scalper", p.Task);
        Assert.Equal([17, 18, 19], p.ActionTokens.ToArray());
        Assert.Equal(0.99, p.PlanningQuantile);
        Assert.Equal(UtilityKind.Exponential, p.Utility.Kind);
        Assert.Equal(2000, p.Utility.HalfLifeUs);
        Assert.Equal(MissPolicy.Degrade, p.OnMiss);
        Assert.Equal(0.9, p.MinQuality);
        Assert.Equal(["fp16", "fp8", "fpx-g0.50", "fp4"], p.VariantNames.ToArray());
        Assert.True(p.TryGetVariant("fp8", out var fp8));
        Assert.Equal((0.99, 0.985, 0.608, true), (fp8.Quality, fp8.Agreement, fp8.Accuracy, fp8.Enabled));
        Assert.Equal((650.0, 745.0, 940.0), (fp8.Latency!.P50Us, fp8.Latency.P90Us, fp8.Latency.P99Us));
        Assert.True(p.TryGetVariant("fpx-g0.50", out var fpx));
        Assert.Null(fpx.Accuracy);
        Assert.True(p.TryGetVariant("fp4", out var fp4));
        Assert.False(fp4.Enabled);
        Assert.Null(fp4.Latency);
        Assert.False(p.TryGetVariant("fp2", out _));
    }

    [Fact]
    public void The_example_in_docs_profiles_md_is_this_one()
    {
        string docs = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "profiles.md"));
        int start = docs.IndexOf("```json\n", StringComparison.Ordinal) + 8;
        int end = docs.IndexOf("```", start, StringComparison.Ordinal);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(ProfileExamples.Full), JsonNode.Parse(docs[start..end])));
    }

    [Fact]
    public void Defaults_apply_to_optional_fields()
    {
        var p = TaskProfileJson.Parse(ProfileExamples.Minimal);
        Assert.Equal(0, p.MinQuality);
        Assert.Equal(UtilityKind.Hard, p.Utility.Kind);
        Assert.True(p.TryGetVariant("fp8", out var v));
        Assert.True(v.Enabled);
        Assert.Null(v.Latency);
        Assert.Null(v.Agreement);
    }

    [Theory]
    [InlineData("""{"kind": "hard"}""", UtilityKind.Hard, null, null)]
    [InlineData("""{"kind": "linear"}""", UtilityKind.Linear, null, null)]
    [InlineData("""{"kind": "linear", "zero_at_us": 5000}""", UtilityKind.Linear, 5000.0, null)]
    [InlineData("""{"kind": "exponential", "half_life_us": 300}""", UtilityKind.Exponential, null, 300.0)]
    public void Every_utility_kind_parses(string utility, UtilityKind kind, double? zeroAt, double? halfLife)
    {
        var p = TaskProfileJson.Parse(WithField("utility", utility));
        Assert.Equal((kind, zeroAt, halfLife), (p.Utility.Kind, p.Utility.ZeroAtUs, p.Utility.HalfLifeUs));
    }

    [Fact]
    public void Writing_and_reading_back_gives_the_same_document()
    {
        foreach (string json in new[] { ProfileExamples.Full, ProfileExamples.Minimal })
        {
            string written = TaskProfileJson.ToJson(TaskProfileJson.Parse(json));
            Assert.Equal(written, TaskProfileJson.ToJson(TaskProfileJson.Parse(written)));
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(written), JsonNode.Parse(TaskProfileJson.ToJson(TaskProfileJson.Parse(written)))));
        }

        var full = JsonNode.Parse(TaskProfileJson.ToJson(TaskProfileJson.Parse(ProfileExamples.Full)));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(ProfileExamples.Full), full));
    }

    [Theory]
    [InlineData("task", "42", "task must be a string")]
    [InlineData("task", "\"BTC\"", "task must be 1 to 64")]
    [InlineData("task", "\"\"", "task must be 1 to 64")]
    [InlineData("action_tokens", "[]", "action_tokens must list at least one token")]
    [InlineData("action_tokens", "[1, 2.5]", "action_tokens[1] must be a whole number")]
    [InlineData("action_tokens", "[1, \"2\"]", "action_tokens[1] must be a number")]
    [InlineData("action_tokens", "[1, -2]", "action_tokens[1] must be >= 0")]
    [InlineData("action_tokens", "[3, 4, 3]", "action_tokens[2] repeats an earlier token")]
    [InlineData("action_tokens", "[1, 4294967296]", "action_tokens[1] must be a whole number")]
    [InlineData("action_tokens", "{}", "action_tokens must be an array")]
    [InlineData("planning_quantile", "1", "planning_quantile must be in (0, 1)")]
    [InlineData("planning_quantile", "0", "planning_quantile must be in (0, 1)")]
    [InlineData("planning_quantile", "\"0.99\"", "planning_quantile must be a number")]
    [InlineData("planning_quantile", "null", "planning_quantile must be a number")]
    [InlineData("utility", "\"hard\"", "utility must be an object")]
    [InlineData("utility", """{"kind": "cubic"}""", "utility.kind must be \"hard\", \"linear\" or \"exponential\"")]
    [InlineData("utility", """{}""", "utility.kind is required")]
    [InlineData("utility", """{"kind": "exponential"}""", "utility.half_life_us is required")]
    [InlineData("utility", """{"kind": "exponential", "half_life_us": 0}""", "utility.half_life_us must be > 0")]
    [InlineData("utility", """{"kind": "exponential", "half_life_us": -5}""", "utility.half_life_us must be > 0")]
    [InlineData("utility", """{"kind": "linear", "zero_at_us": 0}""", "utility.zero_at_us must be a finite number > 0")]
    [InlineData("utility", """{"kind": "hard", "half_life_us": 10}""", "utility.half_life_us is not allowed with kind \"hard\"")]
    [InlineData("utility", """{"kind": "linear", "half_life_us": 10}""", "utility.half_life_us is not allowed with kind \"linear\"")]
    [InlineData("utility", """{"kind": "exponential", "half_life_us": 10, "zero_at_us": 5}""", "utility.zero_at_us is not allowed with kind \"exponential\"")]
    [InlineData("utility", """{"kind": "hard", "shape": 2}""", "utility.shape is not a known field")]
    [InlineData("on_miss", "\"retry\"", "on_miss must be \"degrade\" or \"reject\"")]
    [InlineData("on_miss", "true", "on_miss must be a string")]
    [InlineData("min_quality", "1.5", "min_quality must be in [0, 1]")]
    [InlineData("min_quality", "0.95", "min_quality excludes every enabled variant")]
    [InlineData("variants", "{}", "variants must list at least one variant")]
    [InlineData("variants", "[]", "variants must be an object keyed by variant name")]
    [InlineData("variants", """{"fp8": {"quality": 0.9, "enabled": false}}""", "variants must enable at least one variant")]
    [InlineData("variants", """{"FP8": {"quality": 0.9}}""", "variants.FP8 is not a valid variant name")]
    [InlineData("variants", """{"fp8": {}}""", "variants.fp8.quality is required")]
    [InlineData("variants", """{"fp8": {"quality": 1.01}}""", "variants.fp8.quality must be in [0, 1]")]
    [InlineData("variants", """{"fp8": {"quality": -0.1}}""", "variants.fp8.quality must be in [0, 1]")]
    [InlineData("variants", """{"fp8": {"quality": 0.9, "agreement": 2}}""", "variants.fp8.agreement must be in [0, 1]")]
    [InlineData("variants", """{"fp8": {"quality": 0.9, "accuracy": "high"}}""", "variants.fp8.accuracy must be a number")]
    [InlineData("variants", """{"fp8": {"quality": 0.9, "enabled": 1}}""", "variants.fp8.enabled must be true or false")]
    [InlineData("variants", """{"fp8": {"quality": 0.9, "speed": 1}}""", "variants.fp8.speed is not a known field")]
    [InlineData("variants", """{"fp8": {"quality": 0.9, "latency_us": {"p50": 10, "p90": 20}}}""", "variants.fp8.latency_us.p99 is required")]
    [InlineData("variants", """{"fp8": {"quality": 0.9, "latency_us": {"p50": 10, "p90": 5, "p99": 30}}}""", "variants.fp8.latency_us.p90 must be >= p50")]
    [InlineData("variants", """{"fp8": {"quality": 0.9, "latency_us": {"p50": 0, "p90": 5, "p99": 30}}}""", "variants.fp8.latency_us.p50 must be a finite number > 0")]
    [InlineData("variants", """{"fp8": {"quality": 0.9, "latency_us": {"p50": 1, "p90": 5, "p99": 30, "p999": 40}}}""", "variants.fp8.latency_us.p999 is not a known field")]
    [InlineData("variants", """{"fp8": {"quality": 0.9}, "fp8": {"quality": 0.8}}""", "variants.fp8 appears more than once")]
    public void Bad_fields_are_rejected_with_their_path(string field, string value, string message)
    {
        var e = Assert.Throws<ProfileValidationException>(() => TaskProfileJson.Parse(WithField(field, value)));
        Assert.StartsWith(message, e.Message);
        Assert.Equal(PolicyErrorCodes.BadProfile, e.Code);
        Assert.StartsWith(field, e.Path);
    }

    [Theory]
    [InlineData("task")]
    [InlineData("action_tokens")]
    [InlineData("planning_quantile")]
    [InlineData("utility")]
    [InlineData("on_miss")]
    [InlineData("variants")]
    public void Required_fields_must_be_present(string field)
    {
        var root = JsonNode.Parse(ProfileExamples.Minimal)!.AsObject();
        root.Remove(field);
        var e = Assert.Throws<ProfileValidationException>(() => TaskProfileJson.Parse(root.ToJsonString()));
        Assert.Equal($"{field} is required", e.Message);
        Assert.Equal(field, e.Path);
    }

    [Theory]
    [InlineData("""{"task": "t", "task": "u"}""", "task appears more than once")]
    [InlineData("""{"task": "t", "colour": "red"}""", "colour is not a known field")]
    [InlineData("[1, 2]", "profile must be an object")]
    [InlineData("", "profile is not valid JSON")]
    [InlineData("""{"task": "t",}""", "profile is not valid JSON")]
    [InlineData("""{"task": "t" /* note */}""", "profile is not valid JSON")]
    [InlineData("""{"task": "t"} {}""", "profile is not valid JSON")]
    public void Malformed_documents_are_rejected(string json, string message)
    {
        var e = Assert.Throws<ProfileValidationException>(() => TaskProfileJson.Parse(json));
        Assert.StartsWith(message, e.Message);
    }

    [Fact]
    public void Oversized_documents_are_rejected_before_parsing()
    {
        var e = Assert.Throws<ProfileValidationException>(() => TaskProfileJson.Parse(new byte[TaskProfileJson.MaxBytes + 1]));
        Assert.StartsWith("profile is larger than", e.Message);
    }

    [Fact]
    public void Profiles_built_in_code_validate_too()
    {
        var variants = new[] { KeyValuePair.Create("fp8", new VariantProfile(0.9)) };
        Assert.Equal("planning_quantile", Assert.Throws<ProfileValidationException>(
            () => new TaskProfile("t", [1], variants, 1.5, UtilitySpec.Hard, MissPolicy.Reject)).Path);
        Assert.Equal("on_miss", Assert.Throws<ProfileValidationException>(
            () => new TaskProfile("t", [1], variants, 0.9, UtilitySpec.Hard, (MissPolicy)7)).Path);
        Assert.Equal("half_life_us", Assert.Throws<ProfileValidationException>(() => UtilitySpec.Exponential(double.NaN)).Path);
        Assert.Equal("quality", Assert.Throws<ProfileValidationException>(() => new VariantProfile(double.NaN)).Path);
    }

    private static string WithField(string field, string valueJson)
    {
        var root = JsonNode.Parse(ProfileExamples.Minimal)!.AsObject();
        if (valueJson.Length > 0 && field == "variants" && valueJson.Contains("\"fp8\": {\"quality\": 0.9}, \"fp8\"", StringComparison.Ordinal))
        {
            // JsonNode cannot hold a repeated key; splice it in as text.
            root.Remove(field);
            string text = root.ToJsonString();
            return text[..^1] + ",\"variants\":" + valueJson + "}";
        }

        root[field] = JsonNode.Parse(valueJson);
        return root.ToJsonString();
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Fpx.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Fpx.sln not found above " + AppContext.BaseDirectory);
    }
}
