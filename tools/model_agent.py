#!/usr/bin/python3
"""Serves a bundled decision model over a line pipe, for the scenario tool's --model option.

Protocol (stdin/stdout, one line each): it prints "ready" once loaded; then for every line of
space-separated observation token ids it prints "ACTION_INDEX LATENCY_US VARIANT", where the action
is the argmax of the last position's logits over the task's allowed action tokens (task.json) and the
latency is the forward pass's own time. A stand-in until Fpx.Engine serves the models.

--variant emulates the engine's precisions by rounding the linear layers' weights ("fake
quantization"; activations stay float32): fp16 as stored, fp8 E4M3 with a float32 scale per output
row, fp4 E2M1 with an E8M0 (power of two) scale per 32 weights as in OCP MX v1.0. Rounding is to
nearest (ties to even via torch.round) with saturation. Good enough to see quality move; the
engine's own codecs are the reference.

Run: /usr/bin/python3 tools/model_agent.py models/NAME [--variant fp16|fp8|fp4]
"""
import argparse
import json
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from llama_decision import load_model  # noqa: E402

LINEAR = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")
E2M1 = torch.tensor([0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0])


def round_e4m3(x):
    """Round to FP8 E4M3 (OCP FN: max 448, min normal 2^-6, 3 mantissa bits), saturating."""
    a = x.abs().clamp(max=448.0)
    exponent = torch.floor(torch.log2(a.clamp(min=2.0 ** -6)))
    step = 2.0 ** (exponent - 3)
    return torch.sign(x) * (torch.round(a / step) * step).clamp(max=448.0)


def fake_fp8(w):
    scale = w.abs().amax(dim=1, keepdim=True).clamp(min=1e-30) / 448.0
    return round_e4m3(w / scale) * scale


def fake_fp4(w):
    rows, cols = w.shape
    blocks = w.reshape(rows, cols // 32, 32)
    amax = blocks.abs().amax(dim=-1, keepdim=True).clamp(min=1e-30)
    # OCP MX: shared scale 2^(floor(log2(amax)) - emax), emax of E2M1 = 2.
    scale = 2.0 ** (torch.floor(torch.log2(amax)) - 2)
    scaled = (blocks / scale).clamp(-6.0, 6.0)
    nearest = (scaled.abs().unsqueeze(-1) - E2M1).abs().argmin(-1)
    return (torch.sign(scaled) * E2M1[nearest] * scale).reshape(rows, cols)


def quantize(model, variant):
    if variant in (None, "fp16", "fp32"):
        return
    fake = {"fp8": fake_fp8, "fp4": fake_fp4}[variant]
    with torch.no_grad():
        for name, p in model.named_parameters():
            if any(f".{l}." in name for l in LINEAR):
                p.copy_(fake(p))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model")
    parser.add_argument("--task", default=None, help="refuse a model trained for another task")
    parser.add_argument("--variant", default=None, choices=["fp16", "fp8", "fp4"])
    args = parser.parse_args()
    torch.set_num_threads(1)
    with open(os.path.join(args.model, "task.json")) as f:
        task = json.load(f)
    if args.task and task["task"] != args.task:
        sys.exit(f"{args.model} is a '{task['task']}' model, not '{args.task}'")
    model = load_model(args.model)
    quantize(model, args.variant)
    allowed = torch.tensor(task["allowed_action_tokens"])
    variant = args.variant or "fp16"
    print("ready", flush=True)
    with torch.no_grad():
        for line in sys.stdin:
            tokens = torch.tensor([[int(t) for t in line.split()]])
            start = time.perf_counter()
            logits = model(tokens)[0, -1, allowed]
            action = int(logits.argmax())
            elapsed_us = (time.perf_counter() - start) * 1e6
            print(f"{action} {elapsed_us:.1f} {variant}", flush=True)


if __name__ == "__main__":
    main()
