using System.Text.Json.Nodes;
using Fpx.Engine.Calibration;
using Fpx.Engine.Model;
using Fpx.Engine.Quant;
using Fpx.Engine.Runtime;

namespace Fpx.Engine.Tests.Calibration;

public class LadderFileTests
{
    private static Ladder Calibrated(string directory, CalibrationMeasures measures = CalibrationMeasures.LayerOutput)
    {
        using var model = TransformerModel.Load(directory, new ModelLoadOptions { Variants = ["fp16", "fp4"] });
        return FpxCalibrator.Calibrate(model, CalibrationData.Default(model.Config), measures);
    }

    [Fact]
    public void A_written_ladder_reads_back_identically_and_drives_the_mixes()
    {
        using var copy = ReferenceModels.CopyToTemporary(ReferenceModels.GqaF32);
        var ladder = Calibrated(copy.Path, CalibrationMeasures.Both);
        string path = LadderFile.PathFor(copy.Path, WeightFormat.MxFp4);
        Assert.EndsWith("fpx-ladder.mxfp4.json", path);
        // Write the order reversed, so that the mixes visibly follow the file and not a recalibration.
        var reversed = new Ladder(ladder.Layers, ladder.Order.Reverse().ToArray(), ladder.Fp4Format, ladder.OrderedBy, ladder.Calibration, ladder.ModelFingerprint);
        LadderFile.Write(reversed, path);

        using var model = TransformerModel.Load(copy.Path, new ModelLoadOptions { Variants = ["fpx-g0.30"] });
        Assert.Equal(path, model.LadderSource);
        var read = model.Ladder!;
        Assert.Equal(reversed.Order, read.Order);
        Assert.Equal(reversed.Layers, read.Layers);
        Assert.Equal(reversed.Calibration, read.Calibration);
        Assert.Equal(reversed.Comparison!.Spearman, read.Comparison!.Spearman);
        var mix = model.GetVariant("fpx-g0.30");
        Assert.All(reversed.Order.Take(Ladder.Fp4Count(14, 0.3)), l => Assert.Equal(LinearEncoding.Fp4, mix.Encoding(l)));

        // Ignoring the file recalibrates; an NVFP4 load looks for its own file.
        using var ignoring = TransformerModel.Load(copy.Path, new ModelLoadOptions { Variants = ["fpx-g0.30"], UseLadderFile = false });
        Assert.Equal("default calibration", ignoring.LadderSource);
        using var nv = TransformerModel.Load(copy.Path, new ModelLoadOptions { Variants = ["fpx-g0.30"], Fp4Format = WeightFormat.NvFp4 });
        Assert.Equal("default calibration", nv.LadderSource);
    }

    [Fact]
    public void A_ladder_of_another_model_or_format_is_a_mismatch()
    {
        using var copy = ReferenceModels.CopyToTemporary(ReferenceModels.GqaF32);
        string path = LadderFile.PathFor(copy.Path, WeightFormat.MxFp4);
        LadderFile.Write(Calibrated(copy.Path), path);
        Edit(path, j => j["model_fingerprint"] = "sha256:0000");
        Assert.Equal(ModelErrorCode.LadderMismatch, LoadError(copy.Path));
        LadderFile.Write(Calibrated(copy.Path), path);
        Edit(path, j => j["fp4_format"] = "nvfp4");
        Assert.Equal(ModelErrorCode.LadderMismatch, LoadError(copy.Path));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("schema")]
    [InlineData("order-short")]
    [InlineData("order-duplicate")]
    [InlineData("order-unknown")]
    [InlineData("layers-missing")]
    [InlineData("negative-error")]
    [InlineData("ordered_by")]
    public void A_malformed_ladder_is_invalid(string damage)
    {
        using var copy = ReferenceModels.CopyToTemporary(ReferenceModels.GqaF32);
        string path = LadderFile.PathFor(copy.Path, WeightFormat.MxFp4);
        LadderFile.Write(Calibrated(copy.Path), path);
        if (damage == "not json")
        {
            File.WriteAllText(path, "{\"schema\": ");
        }
        else
        {
            Edit(path, j =>
            {
                var order = j["order"]!.AsArray();
                switch (damage)
                {
                    case "schema": j["schema"] = "fpx-ladder/0"; break;
                    case "order-short": order.RemoveAt(0); break;
                    case "order-duplicate": order[1] = order[0]!.GetValue<string>(); break;
                    case "order-unknown": order[1] = "layers.9.mlp.up_proj"; break;
                    case "layers-missing": j.Remove("layers"); break;
                    case "negative-error": j["layers"]![0]!["relative_error"] = -1; break;
                    case "ordered_by": j["ordered_by"] = "vibes"; break;
                }
            });
        }
        Assert.Equal(ModelErrorCode.LadderInvalid, LoadError(copy.Path));
    }

    private static ModelErrorCode LoadError(string directory) =>
        Assert.Throws<ModelFormatException>(() => TransformerModel.Load(directory, new ModelLoadOptions { Variants = ["fpx-g0.50"] }).Dispose()).Code;

    private static void Edit(string path, Action<JsonObject> edit)
    {
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        edit(json);
        File.WriteAllText(path, json.ToJsonString());
    }
}
