// Argument checks shared by the frnn_cpu and frnn_cuda entry points of whole-sequence recurrent layers
// (api_rnn.cpp, api_cuda_rnn.cpp): the descriptor, shapes, required and LSTM-only pointers, and overlaps.
// Each backend adds where the memory must live and how the mask values are read. Every check throws
// frnn::Error (FRNN_ERR_ARGUMENT) with a message naming the cell and the argument.
#pragma once

#include <stdint.h>

#include <array>
#include <cstddef>
#include <initializer_list>

#include "core/activations.h"
#include "core/error.h"
#include "core/ops_checks.h"
#include "fusedrnn/frnn.h"

namespace frnn::checks {

inline const char* cell_name(int cell) {
    return cell == FRNN_CELL_LSTM ? "LSTM" : cell == FRNN_CELL_GRU ? "GRU" : "SimpleRNN";
}

inline void check_rnn_desc(const frnn_rnn_desc* d) {
    FRNN_REQUIRE(d != nullptr, "desc is NULL; pass a frnn_rnn_desc");
    FRNN_REQUIRE(d->cell >= FRNN_CELL_SIMPLE_RNN && d->cell <= FRNN_CELL_GRU,
                 "desc.cell = %d is unknown; expected 0 (SimpleRNN), 1 (LSTM) or 2 (GRU)", d->cell);
    const char* name = cell_name(d->cell);
    FRNN_REQUIRE(d->input_size >= 1, "%s: desc.input_size C = %d; expected C >= 1", name, d->input_size);
    FRNN_REQUIRE(d->units >= 1, "%s: desc.units H = %d; expected H >= 1", name, d->units);
    const bool relu_ok = d->cell == FRNN_CELL_SIMPLE_RNN;
    FRNN_REQUIRE(d->activation == FRNN_ACT_TANH || (relu_ok && d->activation == FRNN_ACT_RELU),
                 "%s: desc.activation = %d (%s); expected FRNN_ACT_TANH (1)%s", name, d->activation,
                 activation_name(d->activation), relu_ok ? " or FRNN_ACT_RELU (3)" : "");
    const int ra = d->recurrent_activation;
    FRNN_REQUIRE(ra == FRNN_ACT_SIGMOID || ra == FRNN_ACT_HARD_SIGMOID_KERAS2 || ra == FRNN_ACT_HARD_SIGMOID_KERAS3,
                 "%s: desc.recurrent_activation = %d (%s); expected FRNN_ACT_SIGMOID (2), "
                 "FRNN_ACT_HARD_SIGMOID_KERAS2 (4) or FRNN_ACT_HARD_SIGMOID_KERAS3 (5)",
                 name, ra, activation_name(ra));
    const struct {
        const char* field;
        int32_t value;
    } flags[] = {{"reset_after", d->reset_after},
                 {"go_backwards", d->go_backwards},
                 {"return_sequences", d->return_sequences},
                 {"zero_output_for_mask", d->zero_output_for_mask}};
    for (const auto& f : flags)
        FRNN_REQUIRE(f.value == 0 || f.value == 1, "%s: desc.%s = %d; expected 0 or 1", name, f.field, f.value);
}

// N and T of a checked desc; every tensor of the call (the widest row is G*H or C floats, N*(T+1) rows at
// most, in bytes) and every weight matrix must be addressable. `gates` is the backend's rnn_gates(cell).
inline void check_rnn_shape(const frnn_rnn_desc* d, int32_t batch, int32_t time, int gates) {
    const char* name = cell_name(d->cell);
    FRNN_REQUIRE(batch >= 1 && time >= 1, "%s: batch N = %d and time T = %d; expected both >= 1", name, batch, time);
    const int64_t gh = int64_t{gates} * d->units;  // >= H
    const int64_t widest = gh > d->input_size ? gh : d->input_size;
    const int64_t rows = int64_t{batch} * (int64_t{time} + 1);
    const auto fits = [](int64_t a, int64_t b) { return b <= INT64_MAX / 8 / a; };  // a, b >= 1
    FRNN_REQUIRE(fits(rows, widest) && fits(rows * widest, 4) && fits(gh, d->units) && fits(gh, d->input_size),
                 "%s: N = %d, T = %d, C = %d, H = %d give tensors too large to address", name, batch, time,
                 d->input_size, d->units);
}

inline void require_tensor(const char* name, const char* tensor, const char* shape, const void* p) {
    FRNN_REQUIRE(p != nullptr, "%s: %s %s is required, got NULL", name, tensor, shape);
}

inline void lstm_only(const frnn_rnn_desc* d, const char* tensor, const void* p) {
    FRNN_REQUIRE(p == nullptr || d->cell == FRNN_CELL_LSTM,
                 "%s: %s given, but only LSTM has a cell state; pass NULL", cell_name(d->cell), tensor);
}

// The forward's descriptor, shapes and pointers (backward reads the same tensors and checks them too);
// the mask values are the backend's to check.
inline void check_rnn_tensors(const frnn_rnn_desc* d, const frnn_rnn_tensors* t, int (*gates)(int)) {
    check_rnn_desc(d);
    const char* name = cell_name(d->cell);
    FRNN_REQUIRE(t != nullptr, "%s: tensors is NULL; pass a frnn_rnn_tensors", name);
    check_rnn_shape(d, t->batch, t->time, gates(d->cell));
    require_tensor(name, "x", "[N, T, C]", t->x);
    require_tensor(name, "kernel", "[C, G*H]", t->kernel);
    require_tensor(name, "recurrent_kernel", "[H, G*H]", t->recurrent_kernel);
    require_tensor(name, "bias", "[G*H] (GRU reset_after: [2, 3H])", t->bias);
    require_tensor(name, "output", d->return_sequences ? "[N, T, H]" : "[N, H]", t->output);
    lstm_only(d, "c0", t->c0);
    lstm_only(d, "c_last", t->c_last);
}

// Backward's own pointers, after check_rnn_tensors. `forward` names the entry point that fills the tape.
inline void check_rnn_grads(const frnn_rnn_desc* d, const float* tape, const frnn_rnn_grads* g, const char* forward) {
    const char* name = cell_name(d->cell);
    FRNN_REQUIRE(tape != nullptr, "%s: tape is NULL; pass the tape filled by %s", name, forward);
    FRNN_REQUIRE(g != nullptr, "%s: grads is NULL; pass a frnn_rnn_grads", name);
    require_tensor(name, "d_output", d->return_sequences ? "[N, T, H]" : "[N, H]", g->d_output);
    require_tensor(name, "d_kernel", "[C, G*H]", g->d_kernel);
    require_tensor(name, "d_recurrent_kernel", "[H, G*H]", g->d_recurrent_kernel);
    require_tensor(name, "d_bias", "[G*H] (GRU reset_after: [2, 3H])", g->d_bias);
    lstm_only(d, "d_c_last", g->d_c_last);
    lstm_only(d, "dc0", g->dc0);
}

// A tensor argument: name, shape for messages, pointer, length in floats, and whether it is written.
struct RnnArg {
    const char* name;
    const char* shape;
    const void* ptr;
    int64_t floats;
    bool written;
};

constexpr int kRnnInputs = 9;   // x, mask, h0, c0, kernel, recurrent_kernel, bias, input_dropout, recurrent_dropout
constexpr int kRnnOwnMax = 10;  // the most a pass adds: backward's tape, 3 incoming and 6 outgoing gradients

// `each` (the backend's memory-space check, or nothing) for every argument (the inputs, then the pass's
// own), then: no written range overlaps any other range.
template <class EachArg>
void check_rnn_args(const char* name, const std::array<RnnArg, kRnnInputs>& inputs, std::initializer_list<RnnArg> own,
                    EachArg each) {
    if (own.size() > static_cast<size_t>(kRnnOwnMax)) FRNN_FAIL(FRNN_ERR_INTERNAL, "%s: too many tensors to check", name);
    RnnArg args[kRnnInputs + kRnnOwnMax]{};
    int n = 0;
    for (const RnnArg& a : inputs) args[n++] = a;
    for (const RnnArg& a : own) args[n++] = a;
    for (int i = 0; i < n; i++) each(args[i]);
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            if (args[i].written || args[j].written)
                FRNN_REQUIRE(!overlap(args[i].ptr, args[i].floats, args[j].ptr, args[j].floats),
                             "%s: %s %s and %s %s overlap; %s must not overlap any other tensor of the call", name,
                             args[i].name, args[i].shape, args[j].name, args[j].shape,
                             args[i].written ? args[i].name : args[j].name);
}

// The floats of each tensor of a checked call. `gates` and `tape_floats` are the backend's.
struct RnnSizes {
    int64_t N, T, C, H, GH, bias, out, tape;
};

inline RnnSizes rnn_sizes(const frnn_rnn_desc& d, const frnn_rnn_tensors& t, int (*gates)(int),
                          int64_t (*tape_floats)(const frnn_rnn_desc&, int64_t, int64_t)) {
    RnnSizes s{};
    s.N = t.batch;
    s.T = t.time;
    s.C = d.input_size;
    s.H = d.units;
    s.GH = gates(d.cell) * s.H;
    s.bias = (d.cell == FRNN_CELL_GRU && d.reset_after ? 2 : 1) * s.GH;
    s.out = d.return_sequences ? s.N * s.T * s.H : s.N * s.H;
    s.tape = tape_floats(d, s.N, s.T);
    return s;
}

// The forward's inputs, read by both passes.
inline std::array<RnnArg, kRnnInputs> rnn_input_args(const frnn_rnn_tensors& t, const RnnSizes& s) {
    return {{{"x", "[N, T, C]", t.x, s.N * s.T * s.C, false},
             {"mask", "[N, T]", t.mask, s.N * s.T, false},
             {"h0", "[N, H]", t.h0, s.N * s.H, false},
             {"c0", "[N, H]", t.c0, s.N * s.H, false},
             {"kernel", "[C, G*H]", t.kernel, s.C * s.GH, false},
             {"recurrent_kernel", "[H, G*H]", t.recurrent_kernel, s.H * s.GH, false},
             {"bias", "[G*H]", t.bias, s.bias, false},
             {"input_dropout", "[N, C]", t.input_dropout, s.N * s.C, false},
             {"recurrent_dropout", "[N, H]", t.recurrent_dropout, s.N * s.H, false}}};
}

// Both passes read the forward's inputs; forward writes output, h_last, c_last and the tape, backward the
// gradients (the forward's outputs are not read by backward, so they may overlap the gradients).
template <class EachArg>
void check_rnn_forward_args(const char* name, const frnn_rnn_tensors& t, const float* tape, const RnnSizes& s,
                            EachArg each) {
    check_rnn_args(name, rnn_input_args(t, s),
                   {{"output", "[N, T, H] or [N, H]", t.output, s.out, true},
                    {"h_last", "[N, H]", t.h_last, s.N * s.H, true},
                    {"c_last", "[N, H]", t.c_last, s.N * s.H, true},
                    {"tape", "[frnn_rnn_tape_floats]", tape, s.tape, true}},
                   each);
}

template <class EachArg>
void check_rnn_backward_args(const char* name, const frnn_rnn_tensors& t, const float* tape,
                             const frnn_rnn_grads& g, const RnnSizes& s, EachArg each) {
    check_rnn_args(name, rnn_input_args(t, s),
                   {{"tape", "[frnn_rnn_tape_floats]", tape, s.tape, false},
                    {"d_output", "[N, T, H] or [N, H]", g.d_output, s.out, false},
                    {"d_h_last", "[N, H]", g.d_h_last, s.N * s.H, false},
                    {"d_c_last", "[N, H]", g.d_c_last, s.N * s.H, false},
                    {"dx", "[N, T, C]", g.dx, s.N * s.T * s.C, true},
                    {"d_kernel", "[C, G*H]", g.d_kernel, s.C * s.GH, true},
                    {"d_recurrent_kernel", "[H, G*H]", g.d_recurrent_kernel, s.H * s.GH, true},
                    {"d_bias", "[G*H]", g.d_bias, s.bias, true},
                    {"dh0", "[N, H]", g.dh0, s.N * s.H, true},
                    {"dc0", "[N, H]", g.dc0, s.N * s.H, true}},
                   each);
}

}  // namespace frnn::checks
