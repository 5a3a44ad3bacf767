// Parity cases of format keras-rnn-reference/1 (cli/src/main/resources/parity/*/FORMAT.md), read for the
// native parity driver: the layer cases' inputs, expected forward values, upstream gradients and expected
// gradients, as float64 arrays. The Java reader is dev.fusedrnn.cli.parity.ParityCase; absent keys take
// the same defaults (tanh and sigmoid, no mask, zero initial state, GRU reset_after true).
#pragma once

#include <map>
#include <string>
#include <vector>

namespace parity {

// One {"shape": [...], "data": [...]} array, data row-major.
struct Array {
    std::vector<int> shape;
    std::vector<double> data;
};

// A case file. Only layer cases are parsed beyond their kind and name; `kind` is the file's top-level kind.
struct Case {
    std::string file;   // the path it was read from, for messages
    std::string error;  // why the file could not be read as a case; nothing else is set then
    std::string kind;  // "layer", "training", ...
    std::string name;
    std::string cell;  // "simple_rnn", "lstm", "gru"
    std::string activation = "tanh";
    std::string recurrent_activation = "sigmoid";
    bool return_sequences = false, return_state = false, go_backwards = false;
    bool masked = false, initial_state_given = false, reset_after = true;
    int batch = 0, time = 0, input = 0, units = 0, gates = 0;
    // Keyed as in the file without the group: inputs["x"], forward["sequence"], upstream["d_output"],
    // gradients["recurrent_kernel"], ...
    std::map<std::string, Array> inputs, forward, upstream, gradients;
};

// The .json files directly in `dir` whose top-level kind is a string (parity cases of any kind; index.json
// and other files are left out), in file-name order; a layer case fully parsed. A file that cannot be read
// or is malformed gives a Case holding only its file and error, so that the others still run.
// Throws std::runtime_error when `dir` is not a directory.
std::vector<Case> load_directory(const std::string& dir);

}  // namespace parity
