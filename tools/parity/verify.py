"""Recomputes existing case files of format keras-rnn-reference/1 with this generator's implementation.

Used on the bundled reference cases (made by another float64 implementation of FORMAT.md), it checks
the generator and those files against each other: every forward value, gradient and training
trajectory must agree to IMPLEMENTATION_TOL (scaled error, see crosscheck.py).
"""

import json
import os

import numpy as np

from crosscheck import IMPLEMENTATION_TOL, scaled_err
from keras_rnn import layer_reference
from training import PARAMS, train


def arr(t):
    return np.array(t["data"], dtype=np.float64).reshape(t["shape"])


def layer_spec_of(case):
    o = case["options"]
    return {"cell": case["cell"], "activation": case.get("activation", "tanh"),
            "recurrent_activation": case.get("recurrent_activation", "sigmoid"),
            "reset_after": o.get("reset_after", True), "go_backwards": o.get("go_backwards", False),
            "return_sequences": o["return_sequences"], "return_state": o["return_state"]}


def verify_layer(case):
    spec = layer_spec_of(case)
    inputs = {k: arr(v) for k, v in case["inputs"].items()}
    up = {k: arr(v) for k, v in case["upstream"].items()}
    forward, loss, grads, _ = layer_reference(spec, inputs, up)
    errs = {"forward." + k: scaled_err(v, arr(case["forward"][k])) for k, v in forward.items()}
    errs.update({"gradients." + k: scaled_err(v, arr(case["gradients"][k])) for k, v in grads.items()})
    errs["loss"] = scaled_err(loss, case["loss"])
    return errs


def verify_training(case):
    d = case["dims"]
    head = case.get("head", {"activation": "linear", "loss": "mse"})
    opt = case.get("optimizer", {"name": "sgd", "learning_rate": case["lr"]})
    spec = {"cell": case["cell"], "reset_after": case["options"].get("reset_after", True), "units": d["units"],
            "dense_units": d.get("dense_units", 1), "steps": case["steps"], "head": head}
    w0 = {k: arr(case["initial_weights"][k]) for k in PARAMS}
    losses, grads0, after1, final = train(spec, opt, w0, arr(case["data"]["x"]), arr(case["data"]["y"]))
    errs = {"losses": scaled_err(losses, case["losses"])}
    for key, got in (("gradients_step0", grads0), ("weights_after_step1", after1), ("final_weights", final)):
        errs[key] = max(scaled_err(got[k], arr(case[key][k])) for k in PARAMS)
    return errs


def verify_dir(directory):
    """Prints the worst scaled error per case file; returns False if any exceeds IMPLEMENTATION_TOL."""
    ok = True
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".json"):
            continue
        with open(os.path.join(directory, name), encoding="utf-8") as f:
            case = json.load(f)
        if case.get("kind") == "layer":
            errs = verify_layer(case)
        elif case.get("kind") == "training":
            errs = verify_training(case)
        else:
            continue
        worst_key = max(errs, key=errs.get)
        good = errs[worst_key] <= IMPLEMENTATION_TOL
        ok = ok and good
        print("%-4s %-44s max scaled error %.2e (%s)" % ("ok" if good else "BAD", name, errs[worst_key], worst_key))
    return ok
