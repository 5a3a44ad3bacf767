"""Float64 forward pass of small Keras Sequential models, written from the Keras layer equations.

This is the oracle for the synthetic Keras fixtures: it knows nothing of fusedrnn. A model is a list
of layer dicts (see make_fixtures.py); weights are numpy arrays in Keras layout (kernel [C, G*H],
recurrent kernel [H, G*H], bias [G*H] or [2, 3H] for GRU reset_after). Every array is widened to
float64 before use.

Masks follow Keras: Masking and Embedding(mask_zero) make a mask [N, T]; recurrent layers keep the
previous state at a masked step and output the previous output (or zeros where zero_output_for_mask,
which Bidirectional sets when it returns sequences); a recurrent layer passes the mask on only when it
returns sequences; Dense, TimeDistributed, Dropout and Activation pass it through; Flatten drops it.
"""
import numpy as np


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def activation(name, keras_major):
    """The element-wise function for a Keras activation name, as the given Keras version defines it."""
    if name == "linear" or name is None:
        return lambda x: x
    if name == "tanh":
        return np.tanh
    if name == "sigmoid":
        return sigmoid
    if name == "relu":
        return lambda x: np.maximum(x, 0.0)
    if name == "hard_sigmoid":
        if keras_major >= 3:
            return lambda x: np.clip(x / 6.0 + 0.5, 0.0, 1.0)
        return lambda x: np.clip(0.2 * x + 0.5, 0.0, 1.0)
    if name == "softmax":
        def softmax(x):
            e = np.exp(x - x.max(axis=-1, keepdims=True))
            return e / e.sum(axis=-1, keepdims=True)
        return softmax
    raise ValueError("unknown activation " + name)


def cell_step(layer, x_t, state, km):
    """One step of a SimpleRNN, LSTM or GRU cell. x_t [N, C]; state a tuple of [N, H]. Returns (output, state)."""
    W, U, b = (np.asarray(w, dtype=np.float64) for w in layer["weights"])
    H = layer["units"]
    act = activation(layer.get("activation", "tanh"), km)
    kind = layer["class"]
    if kind == "SimpleRNN":
        (h,) = state
        h2 = act(x_t @ W + b + h @ U)
        return h2, (h2,)
    ra = activation(layer["recurrent_activation"], km)
    if kind == "LSTM":
        h, c = state
        z = x_t @ W + h @ U + b                   # gate blocks i, f, c, o
        i, f, g, o = (z[:, k * H:(k + 1) * H] for k in range(4))
        c2 = ra(f) * c + ra(i) * act(g)
        h2 = ra(o) * act(c2)
        return h2, (h2, c2)
    if kind == "GRU":
        (h,) = state
        if layer["reset_after"]:                  # bias [2, 3H]: input row, recurrent row
            mx = x_t @ W + b[0]
            mh = h @ U + b[1]
            z = ra(mx[:, :H] + mh[:, :H])
            r = ra(mx[:, H:2 * H] + mh[:, H:2 * H])
            hh = act(mx[:, 2 * H:] + r * mh[:, 2 * H:])
        else:                                     # bias [3H]; reset applied to h before the product
            mx = x_t @ W + b
            z = ra(mx[:, :H] + h @ U[:, :H])
            r = ra(mx[:, H:2 * H] + h @ U[:, H:2 * H])
            hh = act(mx[:, 2 * H:] + (r * h) @ U[:, 2 * H:])
        h2 = z * h + (1.0 - z) * hh
        return h2, (h2,)
    raise ValueError(kind)


def rnn(layer, x, mask, km, go_backwards=False, zero_output_for_mask=False):
    """A whole recurrent layer over x [N, T, C]. Returns outputs in processing order [N, T, H] and the last output."""
    N, T, _ = x.shape
    H = layer["units"]
    n_states = 2 if layer["class"] == "LSTM" else 1
    state = tuple(np.zeros((N, H)) for _ in range(n_states))
    prev_out = np.zeros((N, H))
    outs = []
    steps = range(T - 1, -1, -1) if go_backwards else range(T)
    for t in steps:
        out, new_state = cell_step(layer, x[:, t, :], state, km)
        if mask is not None:
            m = mask[:, t][:, None]
            state = tuple(np.where(m, ns, s) for ns, s in zip(new_state, state))
            out = np.where(m, out, 0.0 if zero_output_for_mask else prev_out)
        else:
            state = new_state
        prev_out = out
        outs.append(out)
    return np.stack(outs, axis=1), prev_out


def forward(layers, x, km):
    """Runs the model on x (float64) and returns the output. km: the Keras major version (2 or 3)."""
    y = np.asarray(x, dtype=np.float64)
    mask = None
    for layer in layers:
        y, mask = apply(layer, y, mask, km)
    return y


def apply(layer, y, mask, km):
    kind = layer["class"]
    if kind == "Masking":
        mask = np.any(y != layer["mask_value"], axis=-1)
        return y * mask[..., None], mask
    if kind == "Embedding":
        ids = y.astype(np.int64)
        E = np.asarray(layer["weights"][0], dtype=np.float64)
        return E[ids], (ids != 0) if layer.get("mask_zero") else None
    if kind in ("SimpleRNN", "LSTM", "GRU"):
        seq, last = rnn(layer, y, mask, km, go_backwards=layer.get("go_backwards", False))
        if layer.get("return_sequences"):
            return seq, mask
        return last, None
    if kind == "Bidirectional":
        f, b = layer["forward"], layer["backward"]
        rs = f.get("return_sequences", False)
        seq_f, last_f = rnn(f, y, mask, km, go_backwards=False, zero_output_for_mask=rs)
        seq_b, last_b = rnn(b, y, mask, km, go_backwards=True, zero_output_for_mask=rs)
        if rs:
            yf, yb = seq_f, seq_b[:, ::-1, :]     # the backward outputs back in input order
        else:
            yf, yb = last_f, last_b
        merge = layer["merge_mode"]
        if merge == "concat":
            out = np.concatenate([yf, yb], axis=-1)
        elif merge == "sum":
            out = yf + yb
        elif merge == "ave":
            out = (yf + yb) / 2.0
        else:
            out = yf * yb
        return out, (mask if rs else None)
    if kind == "Dense":
        K = np.asarray(layer["weights"][0], dtype=np.float64)
        z = y @ K
        if layer.get("use_bias", True):
            z = z + np.asarray(layer["weights"][1], dtype=np.float64)
        return activation(layer.get("activation", "linear"), km)(z), mask
    if kind == "TimeDistributed":
        out, _ = apply(layer["layer"], y, None, km)
        return out, mask
    if kind == "Activation":
        return activation(layer["activation"], km)(y), mask
    if kind == "Dropout":
        return y, mask
    if kind == "Flatten":
        return y.reshape(y.shape[0], -1), None
    raise ValueError(kind)
