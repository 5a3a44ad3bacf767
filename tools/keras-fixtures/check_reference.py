"""Checks reference.py against the real Keras fixtures, whose outputs were computed and cross-checked
independently: run from the repository root as
    /usr/bin/python3 tools/keras-fixtures/check_reference.py java/src/test/resources/keras
"""
import json
import os
import sys

import h5py
import numpy as np

import reference

# The architectures of the real files (see PROVENANCE.md), with their weights' dataset paths.
LSTM_HS = {"class": "LSTM", "units": None, "activation": "tanh", "recurrent_activation": "hard_sigmoid"}
CASES = {
    "keras2_lstm_dense_timeseries.h5": (2, [
        dict(LSTM_HS, units=30, w="model_weights/lstm_1/lstm_1/{}:0"),
        {"class": "Dense", "activation": "linear", "w": "model_weights/dense_1/dense_1/{}:0"}]),
    "keras2_embedding_lstm_sequential.h5": (2, [
        {"class": "Embedding", "w": "model_weights/embedding_6/embedding_6/{}:0"},
        dict(LSTM_HS, units=64, w="model_weights/lstm_6/lstm_6/{}:0"),
        {"class": "Dense", "activation": "sigmoid", "w": "model_weights/dense_6/dense_6/{}:0"}]),
    "keras3_gru_legacy_h5_format.h5": (3, [
        {"class": "GRU", "units": 64, "activation": "tanh", "recurrent_activation": "sigmoid", "reset_after": True,
         "w": "model_weights/gru/sequential/gru/gru_cell/{}"},
        {"class": "Dense", "activation": "linear", "w": "model_weights/dense/sequential/dense/{}"}]),
}
NAMES = {"LSTM": ["kernel", "recurrent_kernel", "bias"], "GRU": ["kernel", "recurrent_kernel", "bias"],
         "Dense": ["kernel", "bias"], "Embedding": ["embeddings"]}


def main(folder):
    worst = 0.0
    for file, (km, layers) in CASES.items():
        with h5py.File(os.path.join(folder, file), "r") as f:
            for layer in layers:
                layer["weights"] = [f[layer["w"].format(n)][()] for n in NAMES[layer["class"]]]
        stem = file[:file.rindex(".")]
        with open(os.path.join(folder, stem + ".expected.json")) as fx:
            fixture = json.load(fx)
        x = np.array(fixture["input"]["data"], dtype=np.float32).reshape(fixture["input"]["shape"])
        want = np.array(fixture["output"]["data"]).reshape(fixture["output"]["shape"])
        diff = np.abs(reference.forward(layers, x, km) - want).max()
        print(file, "max |reference - fixture| =", diff)
        worst = max(worst, diff)
    if worst > 1e-12:
        sys.exit("reference.py disagrees with the real fixtures")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
