// The parity cases (cli/src/main/resources/parity/) run through the C ABI, without Java:
//   parity_driver <cpu|cuda_emu> <case directory>...
// Every layer case (SimpleRNN, LSTM, GRU with their options) runs a training forward pass and the backward
// pass with the case's upstream gradients, on frnn_cpu (frnn_rnn_*) or on the host emulation of the CUDA
// backend (frnn_cuda_emu_rnn_*, device memory through its malloc and copies). Compared, as the Java
// LayerCaseRunner does: the output (the sequence, or its last step), the final states, dx and the weight
// gradients, and dh0/dc0 when the case gives an initial state (with initial_state "zeros" the layer has no
// initial-state tensor: h0 is NULL, Keras's default state). Upstream d_last_h/d_last_c only with
// return_state. Cases of other kinds (training runs: a whole model fit, not one ABI call) are skipped and
// listed by kind. Prints "N passed, M failed, K skipped"; exits 1 on any failure or when nothing ran, 77
// (skipped by ctest) when FRNN_CPU_ISA asks for an ISA path this CPU lacks.
//
// Bound: the float32 bound of dev.fusedrnn.cli.parity.Tolerance, 1e-5 on the scaled error
// max|a - ref| / max(1, max|ref|) of each tensor: ~4x the random-walk round-off estimate for the longest
// bundled case, sqrt(100 * (5 + 10) + 200) * 2^-24 = 2.5e-6, and FORMAT.md's float32 calibration (2.4e-6).
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <exception>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "fusedrnn/frnn.h"
#include "parity_case.h"
#include "parity_memory.h"

namespace {

constexpr double kFloat32Bound = 1e-5;

using parity::Array;
using parity::Case;

int activation_id(const std::string& name, const Case& c) {
    static const std::map<std::string, int> ids = {
        {"linear", FRNN_ACT_LINEAR}, {"tanh", FRNN_ACT_TANH}, {"sigmoid", FRNN_ACT_SIGMOID}, {"relu", FRNN_ACT_RELU},
        {"hard_sigmoid_keras2", FRNN_ACT_HARD_SIGMOID_KERAS2}, {"hard_sigmoid_keras3", FRNN_ACT_HARD_SIGMOID_KERAS3}};
    const auto it = ids.find(name);
    if (it == ids.end()) throw std::runtime_error(c.name + ": unknown activation '" + name + "'");
    return it->second;
}

frnn_rnn_desc describe(const Case& c) {
    frnn_rnn_desc d{};
    static const std::map<std::string, std::pair<int, int>> cells = {
        {"simple_rnn", {FRNN_CELL_SIMPLE_RNN, 1}}, {"lstm", {FRNN_CELL_LSTM, 4}}, {"gru", {FRNN_CELL_GRU, 3}}};
    const auto it = cells.find(c.cell);
    if (it == cells.end()) throw std::runtime_error(c.name + ": unknown cell '" + c.cell + "'");
    if (c.gates != it->second.second)
        throw std::runtime_error(c.name + ": dims.gates is " + std::to_string(c.gates) + ", but " + c.cell + " has " +
                                 std::to_string(it->second.second) + " gates");
    d.cell = it->second.first;
    d.input_size = c.input;
    d.units = c.units;
    d.activation = activation_id(c.activation, c);
    d.recurrent_activation = activation_id(c.recurrent_activation, c);
    d.reset_after = d.cell == FRNN_CELL_GRU && c.reset_after;
    d.go_backwards = c.go_backwards;
    d.return_sequences = c.return_sequences;
    d.zero_output_for_mask = 0;  // FORMAT.md: Keras's default
    return d;
}

// group[key] after checking its shape; `label` is e.g. "inputs.x".
const Array& tensor(const Case& c, const std::map<std::string, Array>& group, const std::string& label,
                    std::vector<int> shape) {
    const auto it = group.find(label.substr(label.find('.') + 1));
    if (it == group.end()) throw std::runtime_error(c.name + ": the case has no " + label);
    if (it->second.shape != shape) {
        std::string want, got;
        for (int s : shape) want += (want.empty() ? "" : ", ") + std::to_string(s);
        for (int s : it->second.shape) got += (got.empty() ? "" : ", ") + std::to_string(s);
        throw std::runtime_error(c.name + ": " + label + " has shape [" + got + "], expected [" + want + "]");
    }
    return it->second;
}

// max|a - ref| / max(1, max|ref|); NaN when a holds a NaN (fmax would drop it).
double scaled_error(const std::vector<float>& a, const std::vector<double>& ref) {
    if (a.size() != ref.size()) return NAN;
    double max_diff = 0, max_ref = 0;
    for (size_t i = 0; i < ref.size(); i++) {
        const double diff = fabs(static_cast<double>(a[i]) - ref[i]);
        if (isnan(diff)) return NAN;
        if (diff > max_diff) max_diff = diff;
        if (fabs(ref[i]) > max_ref) max_ref = fabs(ref[i]);
    }
    return max_diff / (max_ref > 1 ? max_ref : 1);
}

// The last step [N, H] of a sequence [N, T, H].
std::vector<double> last_step(const Array& seq) {
    const int n = seq.shape[0], t = seq.shape[1], h = seq.shape[2];
    std::vector<double> out(static_cast<size_t>(n) * h);
    for (int b = 0; b < n; b++)
        for (int j = 0; j < h; j++) out[size_t(b) * h + j] = seq.data[(size_t(b) * t + (t - 1)) * h + j];
    return out;
}

// Runs one layer case; returns tensor name -> scaled error, in LayerCaseRunner's order.
std::vector<std::pair<std::string, double>> run_layer(const Case& c, parity::Memory& m) {
    const frnn_rnn_desc d = describe(c);
    const int n = c.batch, t = c.time, ch = c.input, h = c.units, gh = c.gates * c.units;
    const bool lstm = d.cell == FRNN_CELL_LSTM, given = c.initial_state_given;
    const std::vector<int> bias_shape = d.reset_after ? std::vector<int>{2, gh} : std::vector<int>{gh};
    const Array& seq = tensor(c, c.forward, "forward.sequence", {n, t, h});
    const std::vector<double> want_out = c.return_sequences ? seq.data : last_step(seq);

    frnn_rnn_tensors x{};
    x.batch = n;
    x.time = t;
    x.x = m.upload(tensor(c, c.inputs, "inputs.x", {n, t, ch}));
    x.mask = c.masked ? m.upload(tensor(c, c.inputs, "inputs.mask", {n, t})) : nullptr;
    x.h0 = given ? m.upload(tensor(c, c.inputs, "inputs.h0", {n, h})) : nullptr;
    x.c0 = given && lstm ? m.upload(tensor(c, c.inputs, "inputs.c0", {n, h})) : nullptr;
    x.kernel = m.upload(tensor(c, c.inputs, "inputs.kernel", {ch, gh}));
    x.recurrent_kernel = m.upload(tensor(c, c.inputs, "inputs.recurrent_kernel", {h, gh}));
    x.bias = m.upload(tensor(c, c.inputs, "inputs.bias", bias_shape));
    x.output = m.allocate(static_cast<int64_t>(want_out.size()));
    x.h_last = m.allocate(int64_t(n) * h);
    x.c_last = lstm ? m.allocate(int64_t(n) * h) : nullptr;
    const int64_t tape_floats = m.tape_floats(d, n, t);
    if (tape_floats < 0) throw std::runtime_error(c.name + ": tape_floats: " + m.last_error());
    float* tape = m.allocate(tape_floats);
    m.check(m.forward(d, x, tape), "forward");

    std::vector<std::pair<std::string, double>> errors;
    errors.emplace_back("output", scaled_error(m.download(x.output, int64_t(want_out.size())), want_out));
    errors.emplace_back("last_h", scaled_error(m.download(x.h_last, int64_t(n) * h),
                                               tensor(c, c.forward, "forward.last_h", {n, h}).data));
    if (lstm)
        errors.emplace_back("last_c", scaled_error(m.download(x.c_last, int64_t(n) * h),
                                                   tensor(c, c.forward, "forward.last_c", {n, h}).data));

    frnn_rnn_grads g{};
    g.d_output = m.upload(c.return_sequences ? tensor(c, c.upstream, "upstream.d_output", {n, t, h})
                                             : tensor(c, c.upstream, "upstream.d_output", {n, h}));
    g.d_h_last = c.return_state ? m.upload(tensor(c, c.upstream, "upstream.d_last_h", {n, h})) : nullptr;
    g.d_c_last = c.return_state && lstm ? m.upload(tensor(c, c.upstream, "upstream.d_last_c", {n, h})) : nullptr;
    g.dx = m.allocate(int64_t(n) * t * ch);
    g.d_kernel = m.allocate(int64_t(ch) * gh);
    g.d_recurrent_kernel = m.allocate(int64_t(h) * gh);
    g.d_bias = m.allocate(int64_t(gh) * (d.reset_after ? 2 : 1));
    g.dh0 = given ? m.allocate(int64_t(n) * h) : nullptr;
    g.dc0 = given && lstm ? m.allocate(int64_t(n) * h) : nullptr;
    m.check(m.backward(d, x, tape, g), "backward");

    auto compare = [&](const char* name, const float* got, const char* label, std::vector<int> shape) {
        const Array& ref = tensor(c, c.gradients, label, shape);
        errors.emplace_back(name, scaled_error(m.download(got, int64_t(ref.data.size())), ref.data));
    };
    compare("d_x", g.dx, "gradients.x", {n, t, ch});
    compare("d_kernel", g.d_kernel, "gradients.kernel", {ch, gh});
    compare("d_recurrent_kernel", g.d_recurrent_kernel, "gradients.recurrent_kernel", {h, gh});
    compare("d_bias", g.d_bias, "gradients.bias", bias_shape);
    if (given) compare("d_h0", g.dh0, "gradients.h0", {n, h});
    if (given && lstm) compare("d_c0", g.dc0, "gradients.c0", {n, h});
    return errors;
}

struct Worst {  // the largest error seen on one tensor name, and where
    double error = 0;
    std::string where;
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: parity_driver <cpu|cuda_emu> <case directory>...\n");
        return 2;
    }
    const std::string abi = argv[1];
    std::unique_ptr<parity::Memory> memory;
    try {
        memory = parity::Memory::open(abi);
    } catch (const std::exception& e) {
        fprintf(stderr, "parity_driver: %s\n", e.what());
        return 1;
    }
    const char* forced = getenv("FRNN_CPU_ISA");
    if (abi == "cpu" && forced != nullptr && *forced != '\0' && std::string(forced) != frnn_cpu_isa()) {
        printf("parity_driver: FRNN_CPU_ISA=%s, but this CPU runs %s: skipped\n", forced, frnn_cpu_isa());
        return 77;
    }
    printf("parity_driver: ABI %s%s%s, bound %g on the scaled error\n", abi.c_str(), abi == "cpu" ? ", ISA " : "",
           abi == "cpu" ? frnn_cpu_isa() : "", kFloat32Bound);

    int passed = 0, failed = 0, skipped = 0;
    std::map<std::string, std::vector<std::string>> skipped_by_kind;
    std::map<std::string, Worst> worst;
    for (int a = 2; a < argc; a++) {
        std::vector<Case> cases;
        try {
            cases = parity::load_directory(argv[a]);
        } catch (const std::exception& e) {
            fprintf(stderr, "FAILED to load cases: %s\n", e.what());
            failed++;
            continue;
        }
        for (const Case& c : cases) {
            if (!c.error.empty()) {
                failed++;
                fprintf(stderr, "FAILED %s: %s\n", c.file.c_str(), c.error.c_str());
                continue;
            }
            if (c.kind != "layer") {
                skipped++;
                skipped_by_kind[c.kind].push_back(c.name);
                continue;
            }
            std::vector<std::pair<std::string, double>> errors;
            std::string reason;
            try {
                memory->begin_case();
                errors = run_layer(c, *memory);
            } catch (const std::exception& e) {
                reason = e.what();
            }
            memory->end_case();
            bool ok = reason.empty() && !errors.empty();
            for (const auto& [name, e] : errors) {
                ok &= e <= kFloat32Bound;  // false for NaN
                Worst& w = worst[name];
                if (!(e <= w.error)) w = {e, c.name};
            }
            if (ok) {
                passed++;
                continue;
            }
            failed++;
            fprintf(stderr, "FAILED %s (%s)%s%s\n", c.name.c_str(), c.file.c_str(), reason.empty() ? "" : ": ",
                    reason.c_str());
            for (const auto& [name, e] : errors)
                if (!(e <= kFloat32Bound)) fprintf(stderr, "    %s: scaled error %.3g > %g\n", name.c_str(), e, kFloat32Bound);
        }
    }
    printf("largest scaled error per tensor:\n");
    for (const auto& [name, w] : worst) printf("  %-20s %.3g  (%s)\n", name.c_str(), w.error, w.where.c_str());
    for (const auto& [kind, names] : skipped_by_kind) {
        printf("skipped %zu case(s) of kind '%s'%s:", names.size(), kind.c_str(),
               kind == "training" ? " (a whole-model fit: layer, Dense head, loss, optimizer; not one ABI call)" : "");
        for (const std::string& s : names) printf(" %s", s.c_str());
        printf("\n");
    }
    printf("parity_driver %s: %d passed, %d failed, %d skipped\n", abi.c_str(), passed, failed, skipped);
    if (passed + failed == 0) {
        fprintf(stderr, "parity_driver: no layer case was found in the given directories\n");
        return 1;
    }
    return failed == 0 ? 0 : 1;
}
