"""The Keras recurrent layers of FORMAT.md as explicit per-time-step loops in float64 torch.

Shapes: x [N, T, C]; h, c [N, H]; kernel W [C, G*H]; recurrent kernel U [H, G*H]; bias [G*H], or
[2, 3H] for GRU with reset_after (input row, recurrent row). Gate blocks in Keras order: LSTM
i, f, c, o; GRU z, r, h. A case `spec` is a dict with the keys cell, activation,
recurrent_activation, reset_after, go_backwards, return_sequences, return_state.
"""

import numpy as np
import torch

GATES = {"simple_rnn": 1, "lstm": 4, "gru": 3}

torch.set_num_threads(1)  # one thread: identical summation order, hence identical bytes, every run


# ---------------------------------------------------------------- activations (torch and NumPy)

def torch_activation(name):
    return {
        "tanh": torch.tanh,
        "relu": torch.relu,
        "sigmoid": torch.sigmoid,
        "hard_sigmoid_keras2": lambda v: torch.clamp(0.2 * v + 0.5, 0.0, 1.0),
        "hard_sigmoid_keras3": lambda v: torch.clamp(v / 6.0 + 0.5, 0.0, 1.0),
    }[name]


def numpy_activation(name):
    return {
        "tanh": np.tanh,
        "relu": lambda v: np.maximum(v, 0.0),
        "sigmoid": lambda v: 1.0 / (1.0 + np.exp(-v)),
        "hard_sigmoid_keras2": lambda v: np.clip(0.2 * v + 0.5, 0.0, 1.0),
        "hard_sigmoid_keras3": lambda v: np.clip(v / 6.0 + 0.5, 0.0, 1.0),
    }[name]


# ---------------------------------------------------------------- the layer, explicit loops in torch

def cell_step(spec, xt, h, c, W, U, b, gate_log):
    """One step of the cell: xt [N, C], h and c [N, H] -> (h', c'). Gate blocks in Keras order."""
    act = torch_activation(spec["activation"])
    rec = torch_activation(spec["recurrent_activation"])
    H = h.shape[1]

    def blk(m, k):  # column block k of m [rows, G*H]
        return m[:, k * H:(k + 1) * H]

    if spec["cell"] == "simple_rnn":
        return act(xt @ W + h @ U + b), None
    if spec["cell"] == "lstm":
        z = xt @ W + h @ U + b
        i, f, g, o = rec(blk(z, 0)), rec(blk(z, 1)), act(blk(z, 2)), rec(blk(z, 3))
        gate_log += [i, f, o]
        c_new = f * c + i * g
        return o * act(c_new), c_new
    if spec["reset_after"]:  # bias [2, 3H]: input row, recurrent row
        xp = xt @ W + b[0]
        hp = h @ U + b[1]
        z = rec(blk(xp, 0) + blk(hp, 0))
        r = rec(blk(xp, 1) + blk(hp, 1))
        hh = act(blk(xp, 2) + r * blk(hp, 2))
    else:  # bias [3H]; the reset gate scales h before the recurrent product
        xp = xt @ W + b
        z = rec(blk(xp, 0) + h @ blk(U, 0))
        r = rec(blk(xp, 1) + h @ blk(U, 1))
        hh = act(blk(xp, 2) + (r * h) @ blk(U, 2))
    gate_log += [z, r]
    return z * h + (1 - z) * hh, None


def layer_forward(spec, p, gate_log=None):
    """Runs the layer over time: returns sequence [N, T, H] in processing order, last h, last c."""
    gate_log = [] if gate_log is None else gate_log
    x, mask = p["x"], p.get("mask")
    T = x.shape[1]
    h, c = p["h0"], p.get("c0")
    prev_out = torch.zeros_like(h)  # Keras: the output before the first valid step is zero
    seq = []
    for step in range(T):
        t = T - 1 - step if spec["go_backwards"] else step
        h_new, c_new = cell_step(spec, x[:, t, :], h, c, p["kernel"], p["recurrent_kernel"], p["bias"], gate_log)
        if mask is None:
            h, c, out = h_new, c_new, h_new
        else:  # a masked step keeps the state and repeats the previous output
            keep = mask[:, t:t + 1] > 0.5
            h = torch.where(keep, h_new, h)
            c = torch.where(keep, c_new, c) if c is not None else None
            out = torch.where(keep, h_new, prev_out)
        prev_out = out
        seq.append(out)
    return torch.stack(seq, dim=1), h, c


def layer_loss(spec, outputs, up):
    """L = sum(d_output * output) [+ sum(d_last_h * last_h) + sum(d_last_c * last_c)]."""
    seq, h, c = outputs
    out = seq if spec["return_sequences"] else seq[:, -1, :]
    loss = (up["d_output"] * out).sum()
    if spec["return_state"]:
        loss = loss + (up["d_last_h"] * h).sum()
        if spec["cell"] == "lstm":
            loss = loss + (up["d_last_c"] * c).sum()
    return loss


def differentiable(spec):
    names = ["x", "kernel", "recurrent_kernel", "bias", "h0"]
    return names + (["c0"] if spec["cell"] == "lstm" else [])


def to_torch(arrays, grad_names=()):
    return {k: torch.tensor(v, dtype=torch.float64, requires_grad=k in grad_names) for k, v in arrays.items()}


def layer_reference(spec, inputs, up):
    """Forward values, loss and gradients of every differentiable input, plus the gate values."""
    names = differentiable(spec)
    p = to_torch(inputs, names)
    gate_log = []
    seq, h, c = layer_forward(spec, p, gate_log)
    loss = layer_loss(spec, (seq, h, c), to_torch(up))
    loss.backward()
    forward = {"sequence": seq.detach().numpy(), "last_h": h.detach().numpy()}
    if c is not None:
        forward["last_c"] = c.detach().numpy()
    grads = {k: p[k].grad.numpy() for k in names}
    gates = torch.cat([g.detach().flatten() for g in gate_log]).numpy() if gate_log else np.zeros(0)
    return forward, float(loss.detach()), grads, gates


def layer_loss_value(spec, inputs, up):
    with torch.no_grad():
        return float(layer_loss(spec, layer_forward(spec, to_torch(inputs)), to_torch(up)))


