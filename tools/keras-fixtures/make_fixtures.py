"""Writes the synthetic Keras fixture files for the import tests, in the layouts Keras itself writes.

Run from the repository root with Debian's python3-h5py and python3-numpy:

    /usr/bin/python3 tools/keras-fixtures/make_fixtures.py java/src/test/resources/keras

Each model gets small random float32 weights (fixed seeds), is written as a Keras 2 legacy .h5, a
Keras 3 legacy .h5, a Keras 3 .keras archive or a weights-only file, and gets X.expected.json with an
input and the output of reference.py (float64 numpy, independent of fusedrnn). The files cover what
the real Keras files in that folder do not: GRU reset_after=false, Bidirectional (both Keras layouts),
Masking, Embedding mask_zero, SimpleRNN relu, TimeDistributed, standalone Activation layers,
hard_sigmoid in a Keras 2 file against a Keras 3 file, and a Keras 3 weights-only file.
"""
import io
import json
import os
import sys
import zipfile

import h5py
import numpy as np

import reference

GATES = {"SimpleRNN": 1, "LSTM": 4, "GRU": 3}


# ---------------------------------------------------------------- model specs and weights

def rnn(cls, units, **opts):
    d = {"class": cls, "units": units, "activation": "tanh", "return_sequences": False, "go_backwards": False}
    if cls != "SimpleRNN":
        d["recurrent_activation"] = "sigmoid"
    if cls == "GRU":
        d["reset_after"] = True
    d.update(opts)
    return d


def build(layers, sample_shape, rng, scale):
    """Gives every layer its Keras weights for the per-sample input shape; returns the output shape."""
    shape = list(sample_shape)
    for layer in layers:
        shape = build_layer(layer, shape, rng, scale)
    return shape


def uniform(rng, scale, *shape):
    return rng.uniform(-scale, scale, size=shape).astype(np.float32)


def build_layer(layer, shape, rng, scale):
    kind = layer["class"]
    if kind in GATES:
        C, H, G = shape[-1], layer["units"], GATES[kind]
        bias_shape = (2, G * H) if kind == "GRU" and layer["reset_after"] else (G * H,)
        layer["weights"] = [uniform(rng, scale, C, G * H), uniform(rng, scale, H, G * H), uniform(rng, scale, *bias_shape)]
        return shape[:-1] + [H] if layer["return_sequences"] else [H]
    if kind == "Bidirectional":
        layer["backward"] = dict(layer["forward"], go_backwards=True)
        out = build_layer(layer["forward"], shape, rng, scale)
        build_layer(layer["backward"], shape, rng, scale)
        if layer["merge_mode"] == "concat":
            out = out[:-1] + [2 * out[-1]]
        return out
    if kind == "Dense":
        layer["weights"] = [uniform(rng, scale, shape[-1], layer["units"]), uniform(rng, scale, layer["units"])]
        return shape[:-1] + [layer["units"]]
    if kind == "Embedding":
        layer["weights"] = [uniform(rng, scale, layer["input_dim"], layer["output_dim"])]
        return shape + [layer["output_dim"]]
    if kind == "TimeDistributed":
        return shape[:1] + build_layer(layer["layer"], shape[1:], rng, scale)
    if kind == "Flatten":
        return [int(np.prod(shape))]
    return shape                                   # Masking, Dropout, Activation


def weighted_leaves(layer):
    """The layer objects that own weights, in Keras order (forward before backward)."""
    if layer["class"] == "Bidirectional":
        return [layer["forward"], layer["backward"]]
    if layer["class"] == "TimeDistributed":
        return weighted_leaves(layer["layer"])
    return [layer] if "weights" in layer else []


# ---------------------------------------------------------------- configurations (model_config JSON)

def layer_config(layer, keras3, batch_shape=None):
    kind = layer["class"]
    c = {"name": layer["name"], "trainable": True}
    c["dtype"] = ({"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": None}
                  if keras3 else "float32")
    if batch_shape is not None:
        c["batch_input_shape"] = batch_shape
    if kind in GATES:
        c.update(units=layer["units"], activation=layer["activation"], use_bias=True,
                 return_sequences=layer["return_sequences"], return_state=False, go_backwards=layer["go_backwards"],
                 stateful=False, unroll=False, dropout=0.0, recurrent_dropout=0.0,
                 kernel_initializer={"class_name": "GlorotUniform", "config": {"seed": None}}, kernel_regularizer=None)
        if kind != "SimpleRNN":
            c["recurrent_activation"] = layer["recurrent_activation"]
        if kind == "LSTM":
            c["unit_forget_bias"] = True
        if kind == "GRU":
            c["reset_after"] = layer["reset_after"]
        if keras3:
            c["zero_output_for_mask"] = False
    elif kind == "Bidirectional":
        c["merge_mode"] = layer["merge_mode"]
        c["layer"] = wrap(dict(layer["forward"], name="forward_" + layer["forward"]["name"]), keras3)
        if keras3:
            c["backward_layer"] = wrap(dict(layer["backward"], name="backward_" + layer["forward"]["name"]), keras3)
    elif kind == "TimeDistributed":
        c["layer"] = wrap(layer["layer"], keras3)
    elif kind == "Dense":
        c.update(units=layer["units"], activation=layer["activation"], use_bias=True, bias_regularizer=None)
    elif kind == "Embedding":
        c.update(input_dim=layer["input_dim"], output_dim=layer["output_dim"], mask_zero=layer["mask_zero"])
    elif kind == "Masking":
        c["mask_value"] = layer["mask_value"]
    elif kind == "Activation":
        c["activation"] = layer["activation"]
    elif kind == "Dropout":
        c.update(rate=layer["rate"], noise_shape=None, seed=None)
    elif kind == "Flatten":
        c["data_format"] = "channels_last"
    return c


def wrap(layer, keras3, batch_shape=None):
    d = {"class_name": layer["class"], "config": layer_config(layer, keras3, batch_shape)}
    if keras3:
        d = {"module": "keras.layers", **d, "registered_name": None}
    return d


def model_config(layers, sample_shape, style):
    """style: 'keras2-list' (Keras <= 2.2.2), 'keras2' (2.2.3+, InputLayer), 'keras3'."""
    batch_shape = [None] + list(sample_shape)
    if style == "keras2-list":
        configs = [wrap(layers[0], False, batch_shape)] + [wrap(l, False) for l in layers[1:]]
        return {"class_name": "Sequential", "config": configs}
    keras3 = style == "keras3"
    inp = {"class_name": "InputLayer",
           "config": ({"batch_shape": batch_shape, "dtype": "float32", "sparse": False, "name": "input_layer"} if keras3
                      else {"batch_input_shape": batch_shape, "dtype": "float32", "sparse": False, "name": "input_1"})}
    if keras3:
        inp = {"module": "keras.layers", **inp, "registered_name": None}
    cfg = {"name": "sequential", "layers": [inp] + [wrap(l, keras3) for l in layers]}
    if keras3:
        cfg["build_input_shape"] = batch_shape
        return {"module": "keras", "class_name": "Sequential", "config": cfg, "registered_name": None}
    return {"class_name": "Sequential", "config": cfg}


# ---------------------------------------------------------------- writers

WEIGHT_NAMES = {"SimpleRNN": ["kernel", "recurrent_kernel", "bias"], "LSTM": ["kernel", "recurrent_kernel", "bias"],
                "GRU": ["kernel", "recurrent_kernel", "bias"], "Dense": ["kernel", "bias"], "Embedding": ["embeddings"]}


def legacy_weight_names(layer, keras3):
    """(relative dataset path, array) per weight, as the legacy writers name them."""
    out = []
    for leaf in weighted_leaves(layer):
        if layer["class"] == "Bidirectional":
            prefix = layer["name"] + "/" + ("backward_" if leaf.get("go_backwards") else "forward_") + layer["forward"]["name"]
        else:
            prefix = layer["name"]
        if keras3:
            prefix = "sequential/" + prefix
        if leaf["class"] in GATES:
            prefix += "/" + leaf["class"].lower().replace("simplernn", "simple_rnn") + "_cell"
        for wname, arr in zip(WEIGHT_NAMES[leaf["class"]], leaf["weights"]):
            out.append((prefix + "/" + wname + ("" if keras3 else ":0"), arr))
    return out


def string_array(names, keras3):
    if keras3:
        return np.array(names, dtype=h5py.string_dtype())
    return np.array([n.encode("utf8") for n in names]) if names else np.asarray([])


def write_legacy(path, layers, sample_shape, version, style, weights_only=False):
    keras3 = style == "keras3"
    with h5py.File(path, "w") as f:
        text = lambda s: s if keras3 else s.encode("utf8")
        f.attrs["keras_version"] = text(version)
        f.attrs["backend"] = text("tensorflow")
        if weights_only:
            root = f
        else:
            f.attrs["model_config"] = text(json.dumps(model_config(layers, sample_shape, style)))
            root = f.create_group("model_weights")
            root.attrs["keras_version"] = text(version)
        root.attrs["layer_names"] = string_array([l["name"] for l in layers], keras3)
        for layer in layers:
            g = root.create_group(layer["name"])
            weights = legacy_weight_names(layer, keras3)
            g.attrs["weight_names"] = string_array([n for n, _ in weights], keras3)
            for name, arr in weights:
                g.create_dataset(name, data=arr)


def write_v3_weights(f, layers):
    """The Keras 3 weights layout: layers/<name>/[cell/]vars/<i>, wrappers by attribute name."""
    lg = f.create_group("layers")
    for layer in layers:
        g = lg.create_group(layer["name"])
        write_v3_layer(g, layer)
    f.create_group("vars")


def write_v3_layer(g, layer):
    own = g.create_group("vars")                   # every layer has one, empty unless it owns weights directly
    if layer["class"] == "Bidirectional":
        write_v3_layer(g.create_group("forward_layer"), layer["forward"])
        write_v3_layer(g.create_group("backward_layer"), layer["backward"])
    elif layer["class"] == "TimeDistributed":
        write_v3_layer(g.create_group("layer"), layer["layer"])
    elif "weights" in layer:
        target = g.create_group("cell").create_group("vars") if layer["class"] in GATES else own
        for i, arr in enumerate(layer["weights"]):
            target.create_dataset(str(i), data=arr)


def write_keras_archive(path, layers, sample_shape, version):
    buf = io.BytesIO()
    with h5py.File(buf, "w") as f:
        write_v3_weights(f, layers)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as z:
        z.writestr("metadata.json", json.dumps({"keras_version": version, "date_saved": "2024-01-01@00:00:00"}))
        z.writestr("config.json", json.dumps(model_config(layers, sample_shape, "keras3")))
        z.writestr("model.weights.h5", buf.getvalue())


def write_expected(path, x, y, notes):
    with open(path, "w") as f:
        json.dump({"input": {"shape": list(x.shape), "data": [float(v) for v in x.ravel()]},
                   "output": {"shape": list(y.shape), "data": [float(v) for v in y.ravel()]},
                   "notes": notes}, f)
        f.write("\n")


# ---------------------------------------------------------------- the fixtures

def masked_input(rng, shape, masked, value, lo=-1.0, hi=1.0):
    """Uniform float32 input with whole time steps set to the mask value: masked = [(sample, step), ...]."""
    x = rng.uniform(lo, hi, size=shape).astype(np.float32)
    for n, t in masked:
        x[n, t, :] = value
    return x


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    made = []

    def save(stem, layers, x, km, notes):
        y = reference.forward(layers, x, km)
        write_expected(os.path.join(out_dir, stem + ".expected.json"), x, y, notes)
        made.append((stem, y))
        return y

    # A. Keras 2 legacy file: GRU reset_after=false with Keras 2 hard_sigmoid, TimeDistributed(Dense), Activation softmax.
    rng = np.random.default_rng(101)
    layers = [rnn("GRU", 4, name="gru_1", reset_after=False, recurrent_activation="hard_sigmoid", return_sequences=True),
              {"class": "TimeDistributed", "name": "time_distributed_1",
               "layer": {"class": "Dense", "name": "dense_1", "units": 3, "activation": "linear"}},
              {"class": "Activation", "name": "activation_1", "activation": "softmax"}]
    build(layers, [6, 3], rng, 0.8)
    write_legacy(os.path.join(out_dir, "synthetic_k2_gru_reset_before.h5"), layers, [6, 3], "2.4.0", "keras2")
    save("synthetic_k2_gru_reset_before", layers, rng.uniform(-1, 1, size=(2, 6, 3)).astype(np.float32), 2,
         "Keras 2.4 legacy layout; GRU reset_after=false, hard_sigmoid = clip(0.2x+0.5); TimeDistributed Dense; softmax Activation")

    # B. tf.keras 2 legacy file: Masking(-1), Bidirectional LSTM (concat, sequences), Bidirectional SimpleRNN relu (sum).
    rng = np.random.default_rng(202)
    layers = [{"class": "Masking", "name": "masking", "mask_value": -1.0},
              {"class": "Bidirectional", "name": "bidirectional", "merge_mode": "concat",
               "forward": rnn("LSTM", 3, name="lstm", return_sequences=True)},
              {"class": "Bidirectional", "name": "bidirectional_1", "merge_mode": "sum",
               "forward": rnn("SimpleRNN", 2, name="simple_rnn", activation="relu")},
              {"class": "Dense", "name": "dense", "units": 2, "activation": "linear"},
              {"class": "Activation", "name": "activation", "activation": "tanh"}]
    build(layers, [7, 2], rng, 0.7)
    write_legacy(os.path.join(out_dir, "synthetic_k2_bidirectional_masking.h5"), layers, [7, 2], "2.10.0", "keras2")
    x = masked_input(rng, (3, 7, 2), [(0, 0), (0, 1), (1, 3), (2, 5), (2, 6)], -1.0)
    save("synthetic_k2_bidirectional_masking", layers, x, 2,
         "tf.keras 2.10 legacy layout; mask value -1: sample 0 pre-padded, sample 1 a masked middle step, sample 2 post-padded")

    # C. Keras 3 archive: Bidirectional GRU reset_after=false (ave), TimeDistributed Dense relu, Flatten, Dense sigmoid.
    rng = np.random.default_rng(303)
    layers = [{"class": "Bidirectional", "name": "bidirectional", "merge_mode": "ave",
               "forward": rnn("GRU", 3, name="gru", reset_after=False, return_sequences=True)},
              {"class": "TimeDistributed", "name": "time_distributed",
               "layer": {"class": "Dense", "name": "dense", "units": 2, "activation": "relu"}},
              {"class": "Flatten", "name": "flatten"},
              {"class": "Dense", "name": "dense_1", "units": 1, "activation": "sigmoid"}]
    build(layers, [5, 3], rng, 0.9)
    write_keras_archive(os.path.join(out_dir, "synthetic_k3_bidirectional.keras"), layers, [5, 3], "3.3.3")
    save("synthetic_k3_bidirectional", layers, rng.uniform(-1, 1, size=(2, 5, 3)).astype(np.float32), 3,
         "Keras 3 .keras archive; weights under forward_layer/backward_layer and layer/ paths")

    # D. Keras 3 archive: Embedding mask_zero, SimpleRNN relu (sequences), Dropout, SimpleRNN tanh, Dense.
    rng = np.random.default_rng(404)
    layers = [{"class": "Embedding", "name": "embedding", "input_dim": 7, "output_dim": 3, "mask_zero": True},
              rnn("SimpleRNN", 4, name="simple_rnn", activation="relu", return_sequences=True),
              {"class": "Dropout", "name": "dropout", "rate": 0.5},
              rnn("SimpleRNN", 2, name="simple_rnn_1"),
              {"class": "Dense", "name": "dense", "units": 1, "activation": "linear"}]
    build(layers, [6], rng, 0.9)
    write_keras_archive(os.path.join(out_dir, "synthetic_k3_embedding_mask.keras"), layers, [6], "3.3.3")
    ids = np.array([[0, 0, 3, 1, 6, 2], [4, 5, 0, 2, 1, 3], [1, 2, 3, 4, 0, 0]], dtype=np.float32)
    save("synthetic_k3_embedding_mask", layers, ids, 3, "Keras 3 .keras archive; id 0 masked (pre, middle, post)")

    # E. One model, one set of weights, written by 'Keras 2' and by 'Keras 3': hard_sigmoid differs between them.
    outputs = []
    for stem, version, style, km in [("synthetic_hard_sigmoid_k2", "2.2.4", "keras2-list", 2),
                                     ("synthetic_hard_sigmoid_k3", "3.3.3", "keras3", 3)]:
        rng = np.random.default_rng(505)
        layers = [rnn("LSTM", 4, name="lstm", recurrent_activation="hard_sigmoid", return_sequences=True),
                  rnn("GRU", 3, name="gru", recurrent_activation="hard_sigmoid"),
                  {"class": "Dense", "name": "dense", "units": 1, "activation": "linear"}]
        build(layers, [5, 3], rng, 1.0)
        write_legacy(os.path.join(out_dir, stem + ".h5"), layers, [5, 3], version, style)
        x = rng.uniform(-2, 2, size=(2, 5, 3)).astype(np.float32)
        outputs.append(save(stem, layers, x, km, "keras_version " + version + ": hard_sigmoid as Keras " + str(km) + " defines it"))
    print("hard_sigmoid Keras 2 vs Keras 3 outputs differ by", np.abs(outputs[0] - outputs[1]).max())

    # F. Keras 3 weights-only file (.weights.h5): Masking, Bidirectional LSTM (concat, last output), Dense softmax.
    rng = np.random.default_rng(606)
    layers = [{"class": "Masking", "name": "masking", "mask_value": 0.0},
              {"class": "Bidirectional", "name": "bidirectional", "merge_mode": "concat", "forward": rnn("LSTM", 3, name="lstm")},
              {"class": "Dense", "name": "dense", "units": 2, "activation": "softmax"}]
    build(layers, [4, 2], rng, 0.8)
    with h5py.File(os.path.join(out_dir, "synthetic_k3_weights_only.weights.h5"), "w") as f:
        write_v3_weights(f, layers)
    x = masked_input(rng, (2, 4, 2), [(0, 0), (1, 3)], 0.0)
    save("synthetic_k3_weights_only.weights", layers, x, 3, "Keras 3 save_weights layout; no configuration")

    for stem, y in made:
        print(stem, "output", list(y.shape))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
