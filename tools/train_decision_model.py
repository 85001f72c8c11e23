#!/usr/bin/python3
"""Trains a small Llama-architecture decision model by behaviour cloning on a scenario's exported dataset.

The dataset (written by the C# exporters, see scenarios/common/Datasets/DatasetWriter.cs) holds
tokens.json (the vocabulary, defined once in C#), train.txt and heldout.txt (one example per line:
observation token ids, then the label's action token id). Training is next-token prediction: the
model reads the observation (<bos> fields... <decide>) and is trained with cross-entropy to put the
action token next. Decisions take the argmax over the task's allowed action tokens only.

Writes the Hugging Face layout under OUT: config.json (LlamaConfig fields), model.safetensors (HF
tensor names, F16 by default), tokens.json (copied from the dataset: Python and C# share one
vocabulary), task.json (task name and allowed action tokens: a placeholder for `fpx profile`),
training.json (settings and metrics) and README.md.

Deterministic for a seed: seeded init and batch order, torch.use_deterministic_algorithms, a fixed
thread count. Run:  /usr/bin/python3 tools/train_decision_model.py DATASET OUT [--size small|large]
"""
import argparse
import json
import os
import shutil
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from llama_decision import LlamaForCausalLM, llama_config, load_model, save_model  # noqa: E402

# Sizes: hidden, layers, heads, kv_heads, intermediate. Hidden and intermediate are multiples of 32 so
# every linear layer splits into whole MXFP4/NVFP4 blocks; 4 query heads share 2 key/value heads (GQA).
# Small enough to train in minutes on one shared CPU core (torch here runs ~0.3 s and ~0.7 s per
# batch of 256 for these two) and to decide in well under a millisecond.
SIZES = {
    "small": dict(hidden=96, layers=3, heads=4, kv_heads=2, intermediate=256),
    "base": dict(hidden=128, layers=4, heads=4, kv_heads=2, intermediate=384),
}


def load_split(path, observation_length):
    rows = np.loadtxt(path, dtype=np.int64, ndmin=2)
    if rows.shape[1] != observation_length + 1:
        raise ValueError(f"{path}: lines have {rows.shape[1]} ids, expected {observation_length} + 1 label")
    return torch.from_numpy(rows[:, :-1]), torch.from_numpy(rows[:, -1])


def check_vocabulary(vocab, x, y):
    """Every id in range, every label an allowed action token, every observation <bos> ... <decide>."""
    if x.max() >= vocab["vocab_size"] or x.min() < 0:
        raise ValueError("token id out of the vocabulary")
    allowed = set(vocab["actions"]["tokens"])
    if not set(y.unique().tolist()) <= allowed:
        raise ValueError("a label is not an allowed action token")
    if not (x[:, 0] == vocab["special"]["bos"]).all() or not (x[:, -1] == vocab["special"]["decide"]).all():
        raise ValueError("observations must start with <bos> and end with <decide>")


@torch.no_grad()
def evaluate(model, x, y, action_tokens, batch=4096):
    """Accuracy of the argmax over the allowed action tokens, and per-label accuracy."""
    allowed = torch.tensor(action_tokens)
    predictions = []
    for i in range(0, len(x), batch):
        logits = model(x[i:i + batch])[:, -1, :]
        predictions.append(allowed[logits[:, allowed].argmax(-1)])
    p = torch.cat(predictions)
    per_label = {}
    for token in action_tokens:
        mask = y == token
        per_label[token] = (float((p[mask] == token).float().mean()) if mask.any() else None, int(mask.sum()))
    return float((p == y).float().mean()), per_label


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dataset")
    parser.add_argument("out")
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument("--steps", type=int, default=1500)
    parser.add_argument("--max-minutes", type=float, default=6.0, help="stop early at this wall time (the machine is shared)")
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--dtype", choices=["F16", "F32"], default="F16")
    parser.add_argument("--tied", action="store_true", help="tie the output head to the embedding")
    parser.add_argument("--name", default=None)
    parser.add_argument("--command", default=None, help="the command line to record in README.md")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    torch.use_deterministic_algorithms(True)
    with open(os.path.join(args.dataset, "tokens.json")) as f:
        vocab = json.load(f)
    with open(os.path.join(args.dataset, "manifest.json")) as f:
        manifest = json.load(f)
    length = vocab["observation_length"]
    x_train, y_train = load_split(os.path.join(args.dataset, "train.txt"), length)
    x_held, y_held = load_split(os.path.join(args.dataset, "heldout.txt"), length)
    check_vocabulary(vocab, x_train, y_train)
    check_vocabulary(vocab, x_held, y_held)
    actions = vocab["actions"]["tokens"]

    size = SIZES[args.size]
    config = llama_config(vocab["vocab_size"], size["hidden"], size["layers"], size["heads"], size["kv_heads"],
                          size["intermediate"], max_positions=64, tied=args.tied, dtype=args.dtype)
    generator = torch.Generator().manual_seed(args.seed)
    model = LlamaForCausalLM(config)
    model.init_weights(generator)
    parameters = sum(p.numel() for p in model.parameters())
    print(f"{vocab['task']} {args.size}: {parameters:,} parameters; {len(x_train):,} train, {len(x_held):,} held-out examples", flush=True)

    # AdamW with linear warmup and cosine decay; weight decay on matrices only (the usual LM recipe).
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}],
                                  lr=args.lr, betas=(0.9, 0.95))
    warmup = max(1, args.steps // 20)

    def lr_at(step):
        if step < warmup:
            return args.lr * (step + 1) / warmup
        progress = (step - warmup) / max(1, args.steps - warmup)
        return args.lr * (0.1 + 0.9 * 0.5 * (1 + np.cos(np.pi * progress)))

    order = torch.randperm(len(x_train), generator=generator)
    cursor, started, log = 0, time.time(), []
    step = 0
    for step in range(args.steps):
        if cursor + args.batch > len(order):
            order, cursor = torch.randperm(len(x_train), generator=generator), 0
        index = order[cursor:cursor + args.batch]
        cursor += args.batch
        for group in optimizer.param_groups:
            group["lr"] = lr_at(step)
        logits = model(x_train[index])[:, -1, :]
        loss = torch.nn.functional.cross_entropy(logits, y_train[index])
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        if step % 100 == 0 or step == args.steps - 1:
            model.eval()
            accuracy, _ = evaluate(model, x_held[:4096], y_held[:4096], actions)
            model.train()
            log.append({"step": step, "loss": round(float(loss), 4), "heldout_accuracy_4k": round(accuracy, 4)})
            print(f"step {step:5d}  loss {float(loss):.4f}  held-out acc (first 4k) {accuracy:.4f}  {time.time() - started:.0f}s", flush=True)
        if time.time() - started > args.max_minutes * 60:
            print(f"stopping at step {step}: --max-minutes {args.max_minutes} reached", flush=True)
            break
    train_seconds = time.time() - started
    steps_done = step + 1

    model.eval()
    name = args.name or os.path.basename(os.path.normpath(args.out))
    save_model(model, args.out, args.dtype, {"task": vocab["task"], "name": name, "seed": str(args.seed)})
    # Evaluate what ships: the weights as stored (F16 rounding included), reloaded from disk.
    shipped = load_model(args.out)
    accuracy, per_label = evaluate(shipped, x_held, y_held, actions)
    train_accuracy, _ = evaluate(shipped, x_train[:20000], y_train[:20000], actions)
    counts = np.bincount(y_held.numpy(), minlength=vocab["vocab_size"])
    majority = counts.max() / counts.sum()
    names = vocab["actions"]["names"]
    per_label_named = {names[actions.index(t)]: {"accuracy": a, "examples": n} for t, (a, n) in per_label.items()}

    shutil.copy(os.path.join(args.dataset, "tokens.json"), os.path.join(args.out, "tokens.json"))
    task = {
        "task": vocab["task"],
        "vocabulary_version": vocab["version"],
        "observation_length": length,
        "allowed_action_tokens": actions,
        "action_names": names,
        "note": "placeholder until `fpx profile` writes the policy's task profile",
    }
    with open(os.path.join(args.out, "task.json"), "w") as f:
        json.dump(task, f, indent=2)
        f.write("\n")
    report = {
        "name": name,
        "task": vocab["task"],
        "size": args.size,
        "parameters": parameters,
        "config": {k: config[k] for k in ("hidden_size", "num_hidden_layers", "num_attention_heads", "num_key_value_heads", "intermediate_size", "vocab_size", "tie_word_embeddings", "torch_dtype")},
        "dataset": {"train_examples": len(x_train), "heldout_examples": len(x_held), "manifest": manifest},
        "training": {"steps": steps_done, "batch": args.batch, "lr": args.lr, "seed": args.seed, "threads": args.threads,
                     "seconds": round(train_seconds, 1), "torch": torch.__version__, "log": log},
        "heldout_accuracy": round(accuracy, 4),
        "train_accuracy_20k": round(train_accuracy, 4),
        "majority_baseline": round(float(majority), 4),
        "heldout_per_action": per_label_named,
    }
    with open(os.path.join(args.out, "training.json"), "w") as f:
        json.dump(report, f, indent=2)
        f.write("\n")
    write_readme(args, report, os.path.join(args.out, "README.md"))
    print(f"held-out accuracy {accuracy:.4f} (majority {majority:.4f}); {steps_done} steps in {train_seconds:.0f}s -> {args.out}")


def write_readme(args, r, path):
    c = r["config"]
    d = r["dataset"]["manifest"]
    lines = [
        f"# {r['name']}",
        "",
        f"Decision model for the `{r['task']}` scenario: Llama architecture (HF `LlamaForCausalLM` layout),",
        f"{r['parameters']:,} parameters, hidden {c['hidden_size']}, {c['num_hidden_layers']} layers,",
        f"{c['num_attention_heads']} query / {c['num_key_value_heads']} key-value heads, SwiGLU {c['intermediate_size']},",
        f"vocabulary {c['vocab_size']} (tokens.json), {'tied' if c['tie_word_embeddings'] else 'untied'} head, weights {c['torch_dtype']}.",
        "",
        "Trained by behaviour cloning: next-token prediction of the expert's action token after the",
        "observation tokens (see tools/train_decision_model.py). Decisions take the argmax over the",
        "allowed action tokens in task.json.",
        "",
        "| | |",
        "|---|---|",
        f"| held-out accuracy (stored weights) | {r['heldout_accuracy']:.4f} |",
        f"| majority-label baseline | {r['majority_baseline']:.4f} |",
        f"| train accuracy (first 20k) | {r['train_accuracy_20k']:.4f} |",
        f"| train / held-out examples | {r['dataset']['train_examples']:,} / {r['dataset']['heldout_examples']:,} |",
        f"| steps x batch | {r['training']['steps']} x {r['training']['batch']}{' (stopped by --max-minutes: rerun with --steps ' + str(r['training']['steps']) + ' to reproduce)' if r['training']['steps'] < args.steps else ''} |",
        f"| training time | {r['training']['seconds']:.0f} s on {r['training']['threads']} CPU thread(s), torch {r['training']['torch']} |",
        f"| seed | {r['training']['seed']} |",
        "",
        "Held-out accuracy per action: " + ", ".join(
            f"{k} {v['accuracy']:.3f} ({v['examples']:,})" if v["accuracy"] is not None else f"{k} - (0)"
            for k, v in r["heldout_per_action"].items()) + ".",
        "",
        "Dataset: " + json.dumps(d.get("details", {}), sort_keys=True),
        "",
        "Retrain (all bundled models): `tools/train-models.sh`. This model alone:",
        "",
        "```sh",
        args.command or f"/usr/bin/python3 tools/train_decision_model.py DATASET {args.out} --size {args.size}",
        "```",
        "",
    ]
    with open(path, "w") as f:
        f.write("\n".join(lines))


if __name__ == "__main__":
    main()
