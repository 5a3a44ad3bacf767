"""The case matrix: which layer cases and training runs exist, and how their inputs are drawn.

Sizes are small on purpose (N 1..4, T 1..7, C 1..4, H 1..4, plus one T = 100 case per cell) so the
whole suite stays well under 2 MB and runs in seconds on any backend. Seeds derive from the case
name, so adding a case changes no other case.
"""

import hashlib

import numpy as np

from keras_rnn import GATES

FORMAT = "keras-rnn-reference/1"

# file-name prefix -> (cell, activation, GRU reset_after)
CELL_VARIANTS = {
    "simple_rnn": ("simple_rnn", "tanh", None),
    "simple_rnn_relu": ("simple_rnn", "relu", None),
    "lstm": ("lstm", "tanh", None),
    "gru": ("gru", "tanh", True),
    "gru_reset_before": ("gru", "tanh", False),  # Keras reset_after=False: r scales h before h @ U_h
}

MASK_DESCRIPTIONS = {
    "none": "",
    "prepad": "; mask pre-padded (leading steps masked, one row unmasked)",
    "postpad": "; mask post-padded (trailing steps masked, one row unmasked)",
    "holes": "; mask with holes (interior steps masked)",
    "full_row": "; mask with one row masked at every step (its output stays zero, its last_h is h0)",
    "mixed": "; mask rows pre-padded, post-padded, with holes, and fully masked",
}


def seed_of(name):
    return int(hashlib.sha256(name.encode("utf-8")).hexdigest()[:6], 16)


def array_json(a):
    a = np.asarray(a, dtype=np.float64)
    return {"shape": list(a.shape), "data": [float(v) for v in a.reshape(-1)]}


# ---------------------------------------------------------------- layer cases

def layer(variant, suffix, what, n, t, c, h, seq=True, state=True, back=False, mask="none", init="given",
          rec="sigmoid", x_scale=1.0, w_scale=0.5, saturated=False):
    cell, activation, reset_after = CELL_VARIANTS[variant]
    name = variant + "_" + suffix
    title = variant.replace("_", " ") if variant != "gru_reset_before" else "gru (reset_after=false)"
    description = "%s: %s; %s, %s, %s initial state%s" % (
        title, what, "full sequence" if seq else "last output only",
        "final states returned" if state else "no states returned", init, MASK_DESCRIPTIONS[mask])
    return {"name": name, "description": description, "cell": cell, "activation": activation,
            "recurrent_activation": rec, "reset_after": reset_after, "return_sequences": seq,
            "return_state": state, "go_backwards": back, "mask_kind": mask, "initial_state": init,
            "N": n, "T": t, "C": c, "H": h, "seed": seed_of(name), "x_scale": x_scale, "w_scale": w_scale,
            "saturated": saturated}


def layer_specs():
    specs = []
    for v in CELL_VARIANTS:
        specs += [
            layer(v, "seq_state_given", "basic", 3, 5, 3, 4),
            layer(v, "last_zeros", "basic", 2, 4, 2, 3, seq=False, state=False, init="zeros"),
            layer(v, "last_state_given", "output and final h both get upstream gradients", 2, 5, 4, 3, seq=False),
            layer(v, "backwards", "go_backwards", 2, 6, 3, 4, back=True),
            layer(v, "backwards_mask", "go_backwards with a mask", 4, 6, 3, 3, seq=False, back=True, mask="mixed"),
            layer(v, "mask_prepad", "masked", 3, 6, 2, 3, mask="prepad", init="zeros"),
            layer(v, "mask_postpad_last", "masked", 3, 6, 3, 3, seq=False, state=False, mask="postpad"),
            layer(v, "mask_holes", "masked", 3, 7, 2, 4, state=False, mask="holes"),
            layer(v, "mask_full_row", "a fully masked row", 3, 5, 2, 3, seq=False, mask="full_row"),
            layer(v, "batch1", "edge size batch 1, go_backwards", 1, 5, 3, 4, back=True),
            layer(v, "time1", "edge size time 1 (recurrent kernel gradient exactly zero)", 3, 1, 3, 4, seq=False,
                  init="zeros"),
            layer(v, "units1", "edge size units 1", 3, 5, 3, 1, mask="holes"),
            layer(v, "input1", "edge size input 1", 2, 6, 1, 3, seq=False, state=False),
        ]
        if v != "simple_rnn_relu":  # relu neither saturates nor stays bounded over long sequences
            specs += [
                layer(v, "saturated", "saturated, |x| near 20", 2, 5, 3, 4, saturated=True),
                layer(v, "long_t100", "long sequence T=100", 2, 100, 2, 3),
            ]
    for v in ("lstm", "gru", "gru_reset_before"):
        # larger inputs and weights push gate pre-activations past the hard sigmoids' kinks (2.5 and 3)
        hard = dict(x_scale=2.0, w_scale=1.0)
        specs += [
            layer(v, "hsig_keras2", "hard_sigmoid_keras2 gates", 2, 6, 3, 4, rec="hard_sigmoid_keras2", **hard),
            layer(v, "hsig_keras3_mask_holes", "hard_sigmoid_keras3 gates", 3, 6, 3, 4, state=False, mask="holes",
                  rec="hard_sigmoid_keras3", **hard),
            layer(v, "hsig_keras2_backwards_mask", "hard_sigmoid_keras2 gates, go_backwards with a mask",
                  4, 6, 3, 3, seq=False, back=True, mask="mixed", rec="hard_sigmoid_keras2", **hard),
            layer(v, "hsig_keras3_backwards", "hard_sigmoid_keras3 gates, go_backwards", 2, 5, 2, 4, back=True,
                  init="zeros", rec="hard_sigmoid_keras3", **hard),
        ]
    return specs


def dims_of(spec):
    return {"batch": spec["N"], "time": spec["T"], "input": spec["C"], "units": spec["H"],
            "gates": GATES[spec["cell"]]}


def mask_pattern(kind, n_rows, steps, rng):
    """[N, T] of 1.0 (valid) / 0.0 (masked), in the input's own time order."""
    m = np.ones((n_rows, steps))
    pads = [steps // 2, 0, steps - 1, 1]
    for n in range(n_rows):
        row_kind = kind
        if kind == "full_row":
            row_kind = ["none", "all", "postpad"][n % 3]
        elif kind == "mixed":
            row_kind = ["prepad", "postpad", "holes", "all"][n % 4]
        pad = pads[n % 4] if kind in ("prepad", "postpad") else steps // 2
        if row_kind == "prepad":
            m[n, :pad] = 0.0
        elif row_kind == "postpad":
            m[n, steps - pad:] = 0.0
        elif row_kind == "all":
            m[n, :] = 0.0
        elif row_kind == "holes":  # first and last steps valid, at least one interior step masked
            interior = rng.random(steps - 2) < 0.4
            if not interior.any():
                interior[n % (steps - 2)] = True
            m[n, 1:steps - 1][interior] = 0.0
    return m


def draw_layer_inputs(spec):
    """Inputs (x, kernel, recurrent_kernel, bias, h0, c0, mask) and upstream gradients, from spec['seed']."""
    rng = np.random.default_rng(spec["seed"])
    n, t, c, h, g = spec["N"], spec["T"], spec["C"], spec["H"], GATES[spec["cell"]]
    if spec["saturated"]:
        x = rng.choice([-1.0, 1.0], size=(n, t, c)) * rng.uniform(19.0, 21.0, size=(n, t, c))
    else:
        x = rng.standard_normal((n, t, c)) * spec["x_scale"]
    w = spec["w_scale"]
    inputs = {"x": x,
              "kernel": rng.uniform(-w, w, (c, g * h)),
              "recurrent_kernel": rng.uniform(-w, w, (h, g * h)),
              "bias": rng.uniform(-w, w, (2, g * h) if spec["cell"] == "gru" and spec["reset_after"] else (g * h,))}
    given = spec["initial_state"] == "given"
    inputs["h0"] = rng.standard_normal((n, h)) * 0.5 if given else np.zeros((n, h))
    if spec["cell"] == "lstm":
        inputs["c0"] = rng.standard_normal((n, h)) * 0.5 if given else np.zeros((n, h))
    if spec["mask_kind"] != "none":
        inputs["mask"] = mask_pattern(spec["mask_kind"], n, t, rng)
    up = {"d_output": rng.standard_normal((n, t, h) if spec["return_sequences"] else (n, h))}
    if spec["return_state"]:
        up["d_last_h"] = rng.standard_normal((n, h))
        if spec["cell"] == "lstm":
            up["d_last_c"] = rng.standard_normal((n, h))
    return inputs, up


# ---------------------------------------------------------------- training runs

OPTIMIZERS = {
    "sgd": {"name": "sgd", "learning_rate": 0.2},
    "adam": {"name": "adam", "learning_rate": 0.01, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-07},
    "rmsprop": {"name": "rmsprop", "learning_rate": 0.003, "rho": 0.9, "epsilon": 1e-07},
}
HEADS = {
    "mse": {"activation": "linear", "loss": "mse"},
    "cce": {"activation": "softmax", "loss": "categorical_crossentropy"},
}
TRAIN_DIMS = {"batch": 12, "time": 8, "input": 1, "units": 4}
TRAIN_STEPS = 20


def training_specs():
    specs = []
    for v in ("simple_rnn", "lstm", "gru", "gru_reset_before"):
        cell, _, reset_after = CELL_VARIANTS[v]
        for opt in OPTIMIZERS:
            for head in HEADS:
                name = "train_%s_%s_%s" % (v, opt, head)
                specs.append({"name": name, "variant": v, "cell": cell, "reset_after": reset_after,
                              "optimizer": OPTIMIZERS[opt], "head": HEADS[head], "seed": seed_of(name),
                              "dense_units": 1 if head == "mse" else 3, "steps": TRAIN_STEPS, **TRAIN_DIMS})
    return specs
