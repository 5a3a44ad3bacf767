"""Training runs: RNN(units, last output, zero state) -> Dense(D[, softmax]) -> loss, full-batch steps.

The model, loss and optimizer rules are FORMAT.md's (Keras 3 rules). The run is replayed with
torch.optim (Adam and RMSprop with epsilon = 0, where torch's rule and Keras's coincide), through
torch.nn modules where they compute the same layer, and gradients_step0 is checked by finite
differences.
"""

import math

import numpy as np
import torch

from cases import FORMAT, array_json
from crosscheck import FD_TOL, REPLAY_TOL, fail, fd_check, scaled_err, torch_nn_module
from keras_rnn import GATES, layer_forward

PARAMS = ("kernel", "recurrent_kernel", "bias", "dense_kernel", "dense_bias")


def layer_spec(spec):
    return {"cell": spec["cell"], "activation": "tanh", "recurrent_activation": "sigmoid",
            "reset_after": spec["reset_after"], "go_backwards": False, "return_sequences": False,
            "return_state": False}


def draw(spec):
    """Data (the sine series of FORMAT.md) and initial weights [C, GH], [H, GH], bias, [H, D], [D]."""
    n, t, h, g, d = spec["batch"], spec["time"], spec["units"], GATES[spec["cell"]], spec["dense_units"]
    s = np.sin(0.4 * np.arange(n + t))
    x = np.array([[[s[i + j]] for j in range(t)] for i in range(n)])
    target = s[t:t + n]
    if spec["head"]["activation"] == "softmax":
        classes = np.where(target < -0.5, 0, np.where(target < 0.5, 1, 2))
        y = np.eye(3)[classes]
        generator = ("s[k]=sin(0.4k); x[n,t,0]=s[n+t]; class of s[n+%d]: <-0.5, [-0.5,0.5), >=0.5; y one-hot" % t)
    else:
        y = target[:, None]
        generator = "s[k]=sin(0.4k); x[n,t,0]=s[n+t]; y[n,0]=s[n+%d]" % t
    rng = np.random.default_rng(spec["seed"])
    bias_shape = (2, g * h) if spec["cell"] == "gru" and spec["reset_after"] else (g * h,)
    w = {"kernel": rng.uniform(-0.5, 0.5, (1, g * h)), "recurrent_kernel": rng.uniform(-0.5, 0.5, (h, g * h)),
         "bias": rng.uniform(-0.5, 0.5, bias_shape), "dense_kernel": rng.uniform(-0.8, 0.8, (h, d)),
         "dense_bias": rng.uniform(-0.1, 0.1, (d,))}
    return x, y, generator, w


# ---------------------------------------------------------------- the model and its loss

def head_loss(spec, logits, y):
    """Keras mse (mean over batch and units) or categorical cross-entropy on clipped softmax."""
    if spec["head"]["activation"] == "softmax":
        p = torch.clamp(torch.softmax(logits, dim=1), 1e-7, 1 - 1e-7)
        return (-(y * torch.log(p)).sum(dim=1)).mean()
    return ((logits - y) ** 2).mean()


def model_loss(spec, p, x, y):
    """p: torch weights in Keras layout. The layer returns its last output from the zero state."""
    n, h = x.shape[0], spec["units"]
    inputs = {"x": x, "kernel": p["kernel"], "recurrent_kernel": p["recurrent_kernel"], "bias": p["bias"],
              "h0": torch.zeros(n, h, dtype=torch.float64)}
    if spec["cell"] == "lstm":
        inputs["c0"] = torch.zeros(n, h, dtype=torch.float64)
    seq, _, _ = layer_forward(layer_spec(spec), inputs)
    return head_loss(spec, seq[:, -1, :] @ p["dense_kernel"] + p["dense_bias"], y)


def loss_and_grads(spec, w, x, y):
    p = {k: torch.tensor(w[k], requires_grad=True) for k in PARAMS}
    loss = model_loss(spec, p, torch.tensor(x), torch.tensor(y))
    loss.backward()
    return float(loss.detach()), {k: p[k].grad.numpy().copy() for k in PARAMS}


def loss_value(spec, w, x, y):
    with torch.no_grad():
        return float(model_loss(spec, {k: torch.tensor(w[k]) for k in PARAMS}, torch.tensor(x), torch.tensor(y)))


# ---------------------------------------------------------------- Keras 3 optimizer rules

def optimizer_step(opt, w, g, state, step):
    """New weights after one update; `state` holds the moments (zeros at first)."""
    lr = opt["learning_rate"]
    out = {}
    for k in PARAMS:
        if opt["name"] == "sgd":
            out[k] = w[k] - lr * g[k]
        elif opt["name"] == "adam":
            t = step + 1
            m = state.setdefault("m_" + k, np.zeros_like(w[k]))
            v = state.setdefault("v_" + k, np.zeros_like(w[k]))
            m += (g[k] - m) * (1 - opt["beta_1"])
            v += (g[k] * g[k] - v) * (1 - opt["beta_2"])
            alpha = lr * math.sqrt(1 - opt["beta_2"] ** t) / (1 - opt["beta_1"] ** t)
            out[k] = w[k] - alpha * m / (np.sqrt(v) + opt["epsilon"])
        else:
            a = state.setdefault("a_" + k, np.zeros_like(w[k]))
            a[...] = opt["rho"] * a + (1 - opt["rho"]) * g[k] * g[k]
            out[k] = w[k] - lr * g[k] / np.sqrt(a + opt["epsilon"])
    return out


def train(spec, opt, w0, x, y):
    """losses[k] = loss after k updates (steps + 1 values), gradients at w0, weights after 1 and all steps."""
    w, state, losses = dict(w0), {}, []
    grads0 = after1 = None
    for step in range(spec["steps"]):
        loss, g = loss_and_grads(spec, w, x, y)
        losses.append(loss)
        w = optimizer_step(opt, w, g, state, step)
        if step == 0:
            grads0, after1 = g, w
    losses.append(loss_value(spec, w, x, y))
    return losses, grads0, after1, w


# ---------------------------------------------------------------- replay with torch.optim

def torch_optimizer(opt, params):
    """torch's rule equals Keras's for SGD, and for Adam and RMSprop when epsilon = 0."""
    if opt["name"] == "sgd":
        return torch.optim.SGD(params, lr=opt["learning_rate"])
    if opt["name"] == "adam":
        return torch.optim.Adam(params, lr=opt["learning_rate"], betas=(opt["beta_1"], opt["beta_2"]), eps=0.0)
    return torch.optim.RMSprop(params, lr=opt["learning_rate"], alpha=opt["rho"], eps=0.0)


def replay(spec, opt, w0, x, y, use_module):
    """The same run through torch.optim, with torch.nn.{RNN,LSTM,GRU} + Linear when use_module."""
    xt, yt = torch.tensor(x), torch.tensor(y)
    if use_module:
        module, perm = torch_nn_module(layer_spec(spec), w0["kernel"], w0["recurrent_kernel"], w0["bias"])
        linear = torch.nn.Linear(spec["units"], spec["dense_units"]).double()
        with torch.no_grad():
            linear.weight.copy_(torch.tensor(w0["dense_kernel"].T))
            linear.bias.copy_(torch.tensor(w0["dense_bias"]))
        if w0["bias"].ndim == 1:  # Keras has one bias; torch's second one stays at zero
            module.bias_hh_l0.requires_grad_(False)
        params = [q for q in list(module.parameters()) + list(linear.parameters()) if q.requires_grad]

        def loss_fn():
            seq, _ = module(xt)
            return head_loss(spec, linear(seq[:, -1, :]), yt)

        def weights():
            def keras(t):
                out = np.empty_like(t)
                out[..., perm] = t
                return out
            bias = keras(module.bias_ih_l0.detach().numpy())
            if w0["bias"].ndim == 2:
                bias = np.stack([bias, keras(module.bias_hh_l0.detach().numpy())])
            return {"kernel": keras(module.weight_ih_l0.detach().numpy().T),
                    "recurrent_kernel": keras(module.weight_hh_l0.detach().numpy().T), "bias": bias,
                    "dense_kernel": linear.weight.detach().numpy().T, "dense_bias": linear.bias.detach().numpy()}
    else:
        p = {k: torch.tensor(w0[k], requires_grad=True) for k in PARAMS}
        params = [p[k] for k in PARAMS]

        def loss_fn():
            return model_loss(spec, p, xt, yt)

        def weights():
            return {k: p[k].detach().numpy() for k in PARAMS}
    optimizer = torch_optimizer(opt, params)
    losses = []
    for _ in range(spec["steps"]):
        optimizer.zero_grad()
        loss = loss_fn()
        loss.backward()
        losses.append(float(loss.detach()))
        optimizer.step()
    with torch.no_grad():
        losses.append(float(loss_fn()))
    return losses, weights()


# ---------------------------------------------------------------- one run, checked

def make_training_run(spec):
    name, opt = spec["name"], spec["optimizer"]
    x, y, generator, w0 = draw(spec)
    losses, grads0, after1, final = train(spec, opt, w0, x, y)

    checks = {"loss_decreased": [losses[0], losses[-1]]}
    if not losses[-1] < losses[0]:
        fail(name, "loss did not decrease: %r -> %r" % (losses[0], losses[-1]))
    # torch's Adam and RMSprop add epsilon elsewhere than Keras; with epsilon = 0 the rules coincide,
    # so the replay is compared with this run's rule at epsilon = 0 (SGD: with the stored run itself).
    if opt["name"] == "sgd":
        rule, ref_losses, ref_final = opt, losses, final
    else:
        rule = dict(opt, epsilon=0.0)
        ref_losses, _, _, ref_final = train(spec, rule, w0, x, y)
    use_module = spec["cell"] != "gru" or spec["reset_after"]
    rep_losses, rep_final = replay(spec, rule, w0, x, y, use_module)
    loss_diff = float(np.max(np.abs(np.array(rep_losses) - np.array(ref_losses))))
    weight_err = max(scaled_err(rep_final[k], ref_final[k]) for k in PARAMS)
    torch_opt = {"sgd": "SGD", "adam": "Adam(eps=0)", "rmsprop": "RMSprop(eps=0)"}[opt["name"]]
    layer_name = {"simple_rnn": "RNN", "lstm": "LSTM", "gru": "GRU"}[spec["cell"]]
    checks["replay"] = ("torch.nn.%s + torch.nn.Linear" % layer_name if use_module else "this model") \
        + " + torch.optim." + torch_opt + ("" if rule is opt else " against this rule with epsilon=0")
    checks["replay_max_abs_loss_diff"] = loss_diff
    checks["replay_max_scaled_weight_err"] = weight_err
    if not (loss_diff <= REPLAY_TOL and weight_err <= REPLAY_TOL):
        fail(name, "%s: loss diff %r, weight err %r > %r" % (checks["replay"], loss_diff, weight_err, REPLAY_TOL))
    rng = np.random.default_rng(spec["seed"] + 500000)
    checks["fd_directional_scaled_err"] = fd_check(lambda w: loss_value(spec, w, x, y), w0, grads0, PARAMS, rng)
    for k, e in checks["fd_directional_scaled_err"].items():
        if not e <= FD_TOL:
            fail(name, "finite differences for gradients_step0.%s: %r > %r" % (k, e, FD_TOL))

    options = {"return_sequences": False, "return_state": False, "go_backwards": False, "initial_state": "zeros"}
    if spec["cell"] == "gru":
        options["reset_after"] = spec["reset_after"]
    head = spec["head"]
    title = spec["variant"] if spec["variant"] != "gru_reset_before" else "gru (reset_after=false)"
    description = "%s(%d) + Dense(%d, %s), %s, %s, %d full-batch steps, float64" % (
        title, spec["units"], spec["dense_units"], head["activation"], head["loss"], opt["name"], spec["steps"])
    return {
        "format": FORMAT, "kind": "training", "name": name, "description": description, "cell": spec["cell"],
        "activation": "tanh", "recurrent_activation": "sigmoid", "options": options,
        "dims": {"batch": spec["batch"], "time": spec["time"], "input": spec["input"], "units": spec["units"],
                 "gates": GATES[spec["cell"]], "dense_units": spec["dense_units"]},
        "seed": spec["seed"], "dtype": "float64", "lr": opt["learning_rate"], "steps": spec["steps"],
        "optimizer": opt, "head": head,
        "data": {"x": array_json(x), "y": array_json(y), "generator": generator},
        "initial_weights": {k: array_json(w0[k]) for k in PARAMS},
        "losses": losses,
        "gradients_step0": {k: array_json(grads0[k]) for k in PARAMS},
        "weights_after_step1": {k: array_json(after1[k]) for k in PARAMS},
        "final_weights": {k: array_json(final[k]) for k in PARAMS},
        "checks": checks,
    }
