#!/usr/bin/env python3
"""Generates the parity vectors (format keras-rnn-reference/1) for SimpleRNN, LSTM and GRU.

    python3 tools/parity/generate_cases.py --out cli/src/main/resources/parity/generated

Every number is float64, computed by an explicit per-time-step implementation of the Keras
equations in FORMAT.md (bundled next to the reference cases) and differentiated with torch
autograd. Before a case is written it is cross-checked three ways, and the run stops with an error
if any check disagrees:

  * torch.nn.RNN / LSTM / GRU with mapped weights, forward and every gradient (where torch's
    module computes the same function: no mask, sigmoid gates, GRU with reset_after=true);
  * a second forward pass written in NumPy with a different structure (per-gate products, time
    reversal by flipping the arrays);
  * central finite differences of the loss along random unit directions, one tensor at a time.

Training runs are replayed with torch.optim (and torch.nn modules where they apply). The results
are stored in each file under `checks`. Everything is seeded: two runs write identical bytes.

    python3 tools/parity/generate_cases.py --verify DIR

recomputes the case files in DIR from their inputs and compares (used on the bundled reference set).
"""

import argparse
import hashlib
import json
import os
import platform
import subprocess

import numpy as np
import torch

import cases
from cases import FORMAT, array_json
import training
import verify
from crosscheck import (FD_TOL, IMPLEMENTATION_TOL, fail, fd_check, numpy_forward, scaled_err, torch_nn_applies,
                        torch_nn_check)
from keras_rnn import differentiable, layer_loss_value, layer_reference

# ---------------------------------------------------------------- layer cases

def make_layer_case(spec):
    name = spec["name"]
    inputs, up = cases.draw_layer_inputs(spec)
    forward, loss, grads, gates = layer_reference(spec, inputs, up)

    checks = {}
    np_fwd = numpy_forward(spec, inputs)
    checks["numpy_forward_max_scaled_err"] = max(scaled_err(np_fwd[k], forward[k]) for k in forward)
    if torch_nn_applies(spec):
        checks["torch_nn_max_scaled_err"], checks["torch_nn_module"] = torch_nn_check(spec, inputs, up, forward, grads)
    else:
        checks["torch_nn_max_scaled_err"], checks["torch_nn_module"] = None, None
    rng = np.random.default_rng(spec["seed"] + 500000)
    checks["fd_directional_scaled_err"] = fd_check(lambda a: layer_loss_value(spec, a, up), inputs, grads,
                                                   differentiable(spec), rng)
    if spec["recurrent_activation"].startswith("hard_sigmoid"):
        # share of gate values on the clipped branches: the case must exercise both branches
        checks["gate_clip_fraction"] = float(np.mean((gates == 0.0) | (gates == 1.0)))

    for key in ("numpy_forward_max_scaled_err", "torch_nn_max_scaled_err"):
        if checks[key] is not None and not checks[key] <= IMPLEMENTATION_TOL:
            fail(name, "%s = %r > %r" % (key, checks[key], IMPLEMENTATION_TOL))
    for k, e in checks["fd_directional_scaled_err"].items():
        if not e <= FD_TOL:
            fail(name, "finite differences for %s: %r > %r" % (k, e, FD_TOL))
    if "gate_clip_fraction" in checks and not 0.0 < checks["gate_clip_fraction"] < 1.0:
        fail(name, "hard_sigmoid gates never (or always) clipped: fraction %r" % checks["gate_clip_fraction"])

    options = {"return_sequences": spec["return_sequences"], "return_state": spec["return_state"],
               "go_backwards": spec["go_backwards"], "initial_state": spec["initial_state"],
               "mask": "none" if spec["mask_kind"] == "none" else "given"}
    if spec["cell"] == "gru":
        options["reset_after"] = spec["reset_after"]
    return {
        "format": FORMAT, "kind": "layer", "name": name, "description": spec["description"],
        "cell": spec["cell"], "activation": spec["activation"], "recurrent_activation": spec["recurrent_activation"],
        "options": options, "dims": cases.dims_of(spec), "seed": spec["seed"], "dtype": "float64",
        "inputs": {k: array_json(v) for k, v in inputs.items()},
        "forward": {k: array_json(v) for k, v in forward.items()},
        "upstream": {k: array_json(v) for k, v in up.items()},
        "loss": loss,
        "gradients": {k: array_json(v) for k, v in grads.items()},
        "checks": checks,
    }


# ---------------------------------------------------------------- output

def write_json(path, obj):
    """Compact JSON; Python's float repr is the shortest string that parses back to the same double."""
    text = json.dumps(obj, separators=(",", ":"), allow_nan=False)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    data = text.encode("utf-8")
    return hashlib.sha256(data).hexdigest(), len(data)


def debian_packages():
    try:
        out = subprocess.run(["dpkg-query", "-W", "-f", "${Package} ${Version}\n", "python3-torch", "python3-numpy"],
                             capture_output=True, text=True, check=True).stdout
        return sorted(line for line in out.splitlines() if line)
    except (OSError, subprocess.CalledProcessError):
        return []


def main():
    parser = argparse.ArgumentParser(description="Generate the keras-rnn-reference/1 parity cases.")
    parser.add_argument("--out", help="directory for the case files and index.json")
    parser.add_argument("--verify", action="append", default=[], metavar="DIR",
                        help="recompute the case files in DIR and compare (repeatable)")
    args = parser.parse_args()
    if not args.out and not args.verify:
        parser.error("give --out DIR to generate, or --verify DIR to recompute existing cases")
    for directory in args.verify:
        if not verify.verify_dir(directory):
            raise SystemExit("generate_cases: cases in %s disagree with this implementation" % directory)
    if args.out:
        generate(args.out)


def generate(out):
    os.makedirs(out, exist_ok=True)

    entries = []
    for spec in cases.layer_specs():
        case = make_layer_case(spec)
        digest, size = write_json(os.path.join(out, spec["name"] + ".json"), case)
        entries.append({"file": spec["name"] + ".json", "kind": "layer", "cell": case["cell"],
                        "activation": case["activation"], "recurrent_activation": case["recurrent_activation"],
                        "options": case["options"], "dims": case["dims"], "seed": case["seed"],
                        "sha256": digest, "bytes": size, "checks": case["checks"]})
        print("%-44s %6d bytes  %s" % (entries[-1]["file"], size, summary(case["checks"])))
    for spec in cases.training_specs():
        run = training.make_training_run(spec)
        digest, size = write_json(os.path.join(out, spec["name"] + ".json"), run)
        entries.append({"file": spec["name"] + ".json", "kind": "training", "cell": run["cell"],
                        "options": run["options"], "optimizer": run["optimizer"], "head": run["head"],
                        "dims": run["dims"], "seed": run["seed"], "sha256": digest, "bytes": size,
                        "loss_first_last": [run["losses"][0], run["losses"][-1]], "checks": run["checks"]})
        print("%-44s %6d bytes  %s" % (entries[-1]["file"], size, summary(run["checks"])))

    index_path = os.path.join(out, "index.json")
    remove_stale(out, index_path, {e["file"] for e in entries})
    index = {"format": FORMAT,
             "generator": "tools/parity/generate_cases.py: a float64 explicit-loop implementation of the Keras "
                          "equations, differentiated with torch autograd",
             "torch": torch.__version__, "numpy": np.__version__, "python": platform.python_version(),
             "debian_packages": debian_packages(), "files": entries}
    with open(index_path, "w", encoding="utf-8") as f:
        f.write(json.dumps(index, indent=1, allow_nan=False) + "\n")
    total = sum(e["bytes"] for e in entries)
    print("%d cases (%d layer, %d training), %d bytes, all cross-checks passed"
          % (len(entries), sum(e["kind"] == "layer" for e in entries),
             sum(e["kind"] == "training" for e in entries), total))


def remove_stale(out, index_path, keep):
    """Deletes case files that an earlier run of this script listed and this run no longer writes."""
    if not os.path.exists(index_path):
        return
    with open(index_path, encoding="utf-8") as f:
        old = json.load(f)
    for e in old.get("files", []):
        if e["file"] not in keep and os.path.exists(os.path.join(out, e["file"])):
            os.remove(os.path.join(out, e["file"]))


def summary(checks):
    parts = []
    for k, v in checks.items():
        if isinstance(v, float):
            parts.append("%s=%.1e" % (k, v))
        elif isinstance(v, dict):
            parts.append("%s<=%.1e" % (k, max(v.values())))
    return " ".join(parts)


if __name__ == "__main__":
    main()
