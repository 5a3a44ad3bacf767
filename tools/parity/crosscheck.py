"""Independent checks of the generated numbers: a NumPy forward pass, torch.nn modules, finite differences.

Each check returns max scaled errors, max|a - ref| / max(1, max|ref|), the measure the project uses.
"""

import numpy as np
import torch

from keras_rnn import GATES, layer_loss, numpy_activation, to_torch

# Two float64 implementations of the same formulas differ by round-off only: every value is a chain
# of at most T = 100 steps, each a dot product of at most C + H <= 8 terms plus ~10 pointwise
# operations, so the difference stays below about T * 20 * u = 100 * 20 * 1.1e-16 = 2.2e-13, and the
# weight gradients add N * T <= 300 such terms. 1e-12 (scaled by max(1, max|ref|)) is that bound.
IMPLEMENTATION_TOL = 1e-12
# Central differences with step FD_EPS have truncation error FD_EPS^2/6 * |L'''| and cancellation
# error about u * |L| / FD_EPS. With |L| < 100 and |L'''| < 1e4 (inputs near 20 enter the third
# derivative cubed) both stay below 1e-8; 1e-6 leaves room for a relu/hard_sigmoid kink near a step.
FD_EPS = 1e-6
FD_TOL = 1e-6
FD_DIRECTIONS = 2
# A training replay differs from the stored run by round-off (~1e-16 per step), amplified by at most
# (1 + lr * curvature) per step over 20 steps; 1e-9 covers amplification factors up to ~1e6.
REPLAY_TOL = 1e-9


def scaled_err(a, ref):
    """max|a - ref| / max(1, max|ref|)."""
    a = np.asarray(a, dtype=np.float64)
    ref = np.asarray(ref, dtype=np.float64)
    if ref.size == 0:
        return 0.0
    return float(np.max(np.abs(a - ref)) / max(1.0, float(np.max(np.abs(ref)))))


def fail(case_name, what):
    raise SystemExit("generate_cases: case %s failed its cross-check: %s" % (case_name, what))


# ---------------------------------------------------------------- check 1: NumPy forward pass

def numpy_forward(spec, a):
    """The same layer written independently: time reversal by flipping, per-gate weight slices."""
    act = numpy_activation(spec["activation"])
    rec = numpy_activation(spec["recurrent_activation"])
    x, mask = a["x"], a.get("mask")
    if spec["go_backwards"]:
        x = x[:, ::-1, :]
        mask = None if mask is None else mask[:, ::-1]
    W, U, b = a["kernel"], a["recurrent_kernel"], a["bias"]
    H = a["h0"].shape[1]
    Wk = [W[:, k * H:(k + 1) * H] for k in range(W.shape[1] // H)]
    Uk = [U[:, k * H:(k + 1) * H] for k in range(W.shape[1] // H)]
    h = a["h0"].copy()
    c = a["c0"].copy() if "c0" in a else None
    out = np.zeros_like(h)
    seq = []
    for t in range(x.shape[1]):
        xt = x[:, t, :]
        cn = None
        if spec["cell"] == "simple_rnn":
            hn = act(xt @ W + h @ U + b)
        elif spec["cell"] == "lstm":
            bk = [b[k * H:(k + 1) * H] for k in range(4)]
            i, f, o = (rec(xt @ Wk[k] + h @ Uk[k] + bk[k]) for k in (0, 1, 3))
            cn = f * c + i * act(xt @ Wk[2] + h @ Uk[2] + bk[2])
            hn = o * act(cn)
        elif spec["reset_after"]:
            bi = [b[0, k * H:(k + 1) * H] for k in range(3)]
            br = [b[1, k * H:(k + 1) * H] for k in range(3)]
            z = rec(xt @ Wk[0] + bi[0] + h @ Uk[0] + br[0])
            r = rec(xt @ Wk[1] + bi[1] + h @ Uk[1] + br[1])
            hn = z * h + (1 - z) * act(xt @ Wk[2] + bi[2] + r * (h @ Uk[2] + br[2]))
        else:
            bk = [b[k * H:(k + 1) * H] for k in range(3)]
            z = rec(xt @ Wk[0] + h @ Uk[0] + bk[0])
            r = rec(xt @ Wk[1] + h @ Uk[1] + bk[1])
            hn = z * h + (1 - z) * act(xt @ Wk[2] + (r * h) @ Uk[2] + bk[2])
        keep = np.ones((x.shape[0], 1), dtype=bool) if mask is None else mask[:, t:t + 1] > 0.5
        h = np.where(keep, hn, h)
        c = np.where(keep, cn, c) if c is not None else None
        out = np.where(keep, hn, out)
        seq.append(out)
    result = {"sequence": np.stack(seq, axis=1), "last_h": h}
    if c is not None:
        result["last_c"] = c
    return result


# ---------------------------------------------------------------- check 2: torch.nn modules

def torch_nn_applies(spec):
    if spec.get("mask_kind", "none") != "none":
        return False
    if spec["cell"] == "simple_rnn":
        return True
    return spec["recurrent_activation"] == "sigmoid" and (spec["cell"] == "lstm" or spec["reset_after"])


def gate_permutation(spec, H):
    """Column order of torch's weights in Keras columns: GRU torch r, z, n = Keras blocks 1, 0, 2."""
    if spec["cell"] != "gru":
        return np.arange(GATES[spec["cell"]] * H)
    return np.concatenate([np.arange(H, 2 * H), np.arange(0, H), np.arange(2 * H, 3 * H)])


def torch_nn_module(spec, W, U, b):
    """A torch.nn module holding the Keras weights W [C, GH], U [H, GH], b (torch bias_hh = 0 or row 1)."""
    C, H = W.shape[0], U.shape[0]
    if spec["cell"] == "simple_rnn":
        module = torch.nn.RNN(C, H, nonlinearity=spec["activation"], batch_first=True)
    elif spec["cell"] == "lstm":
        module = torch.nn.LSTM(C, H, batch_first=True)
    else:
        module = torch.nn.GRU(C, H, batch_first=True)
    module = module.double()
    perm = gate_permutation(spec, H)
    with torch.no_grad():
        module.weight_ih_l0.copy_(torch.tensor(W[:, perm].T))
        module.weight_hh_l0.copy_(torch.tensor(U[:, perm].T))
        if b.ndim == 2:
            module.bias_ih_l0.copy_(torch.tensor(b[0, perm]))
            module.bias_hh_l0.copy_(torch.tensor(b[1, perm]))
        else:
            module.bias_ih_l0.copy_(torch.tensor(b[perm]))
            module.bias_hh_l0.zero_()
    return module, perm


def module_grads_keras(module, perm, bias_rows):
    """The module's weight gradients mapped back to Keras layout."""
    def unpermute(t):  # t [..., GH] in torch column order
        out = np.empty_like(t)
        out[..., perm] = t
        return out
    gk = unpermute(module.weight_ih_l0.grad.numpy().T)
    gu = unpermute(module.weight_hh_l0.grad.numpy().T)
    gb_ih = unpermute(module.bias_ih_l0.grad.numpy())
    gb = np.stack([gb_ih, unpermute(module.bias_hh_l0.grad.numpy())]) if bias_rows == 2 else gb_ih
    return {"kernel": gk, "recurrent_kernel": gu, "bias": gb}


def torch_nn_check(spec, inputs, up, forward, grads):
    """Max scaled error of torch.nn's forward values and gradients against ours."""
    module, perm = torch_nn_module(spec, inputs["kernel"], inputs["recurrent_kernel"], inputs["bias"])
    x = torch.tensor(inputs["x"], requires_grad=True)
    h0 = torch.tensor(inputs["h0"][None], requires_grad=True)
    xin = x.flip(1) if spec["go_backwards"] else x  # flip is its own inverse: x.grad stays in input order
    if spec["cell"] == "lstm":
        c0 = torch.tensor(inputs["c0"][None], requires_grad=True)
        seq, (hn, cn) = module(xin, (h0, c0))
        states = (seq, hn[0], cn[0])
    else:
        seq, hn = module(xin, h0)
        states = (seq, hn[0], None)
    layer_loss(spec, states, to_torch(up)).backward()
    errs = [scaled_err(seq.detach().numpy(), forward["sequence"]),
            scaled_err(hn[0].detach().numpy(), forward["last_h"]),
            scaled_err(x.grad.numpy(), grads["x"]), scaled_err(h0.grad.numpy()[0], grads["h0"])]
    if spec["cell"] == "lstm":
        errs += [scaled_err(cn[0].detach().numpy(), forward["last_c"]), scaled_err(c0.grad.numpy()[0], grads["c0"])]
    for k, g in module_grads_keras(module, perm, inputs["bias"].ndim).items():
        errs.append(scaled_err(g, grads[k]))
    return max(errs), type(module).__module__.replace("torch.nn.modules.rnn", "torch.nn") + "." + type(module).__name__


# ---------------------------------------------------------------- check 3: finite differences

def fd_check(loss_of, arrays, grads, names, rng):
    """Per tensor: max over random unit directions v of |fd - <grad, v>| / max(1, |<grad, v>|)."""
    result = {}
    for name in names:
        worst = 0.0
        for _ in range(FD_DIRECTIONS):
            v = rng.standard_normal(arrays[name].shape)
            v /= np.linalg.norm(v)
            plus, minus = dict(arrays), dict(arrays)
            plus[name] = arrays[name] + FD_EPS * v
            minus[name] = arrays[name] - FD_EPS * v
            fd = (loss_of(plus) - loss_of(minus)) / (2 * FD_EPS)
            analytic = float(np.sum(grads[name] * v))
            worst = max(worst, abs(fd - analytic) / max(1.0, abs(analytic)))
        result[name] = worst
    return result


