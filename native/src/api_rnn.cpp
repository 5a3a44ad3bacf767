// The frnn_cpu C ABI for whole-sequence recurrent layers (see include/fusedrnn/frnn.h): every argument
// is checked before anything is written, then core/rnn_cpu.cpp runs the call.
#include <cstdint>
#include <initializer_list>

#include "core/activations.h"
#include "core/context.h"
#include "core/error.h"
#include "core/fp_mode.h"
#include "core/rnn_cpu.h"
#include "fusedrnn/frnn.h"

namespace frnn {
namespace {

const char* cell_name(int cell) {
    return cell == FRNN_CELL_LSTM ? "LSTM" : cell == FRNN_CELL_GRU ? "GRU" : "SimpleRNN";
}

// a * b, or -1 when it would not fit comfortably in int64 (sizes in floats, later also in bytes).
int64_t mul(int64_t a, int64_t b) {
    if (a < 0 || b < 0) return -1;
    if (a != 0 && b > (INT64_MAX / 8) / a) return -1;
    return a * b;
}

void check_desc(const frnn_rnn_desc* d) {
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
    FRNN_REQUIRE(mul(d->input_size, 4) > 0 && mul(d->units, 4) > 0, "%s: sizes too large", name);
}

void check_shape(const frnn_rnn_desc* d, int32_t batch, int32_t time) {
    const char* name = cell_name(d->cell);
    FRNN_REQUIRE(batch >= 1 && time >= 1, "%s: batch N = %d and time T = %d; expected both >= 1", name, batch, time);
    const int64_t gh = int64_t{rnn_gates(d->cell)} * d->units;
    const int64_t widest = gh > d->input_size ? (gh > d->units ? gh : d->units) : d->input_size;
    FRNN_REQUIRE(mul(mul(int64_t{batch} * (int64_t{time} + 1), widest), 4) > 0 && mul(gh, d->units) > 0 &&
                     mul(gh, d->input_size) > 0,
                 "%s: N = %d, T = %d, C = %d, H = %d give tensors too large to address", name, batch, time,
                 d->input_size, d->units);
}

// A tensor argument: name, shape for messages, pointer, length in floats, and whether it is written.
struct Arg {
    const char* name;
    const char* shape;
    const void* ptr;
    int64_t floats;
    bool written;
};

// Required/optional/forbidden pointers, then no written range overlaps any other range.
void check_args(const char* name, std::initializer_list<Arg> args) {
    for (const Arg& a : args) {
        for (const Arg& b : args) {
            if (&a == &b || a.ptr == nullptr || b.ptr == nullptr || !(a.written || b.written) || &b < &a) continue;
            const auto a0 = reinterpret_cast<uintptr_t>(a.ptr), b0 = reinterpret_cast<uintptr_t>(b.ptr);
            const bool overlap = a0 < b0 + b.floats * sizeof(float) && b0 < a0 + a.floats * sizeof(float);
            FRNN_REQUIRE(!overlap, "%s: %s %s and %s %s overlap; %s must not overlap any other tensor of the call",
                         name, a.name, a.shape, b.name, b.shape, a.written ? a.name : b.name);
        }
    }
}

void require(const char* name, const char* tensor, const char* shape, const void* p) {
    FRNN_REQUIRE(p != nullptr, "%s: %s %s is required, got NULL", name, tensor, shape);
}

void lstm_only(const frnn_rnn_desc* d, const char* tensor, const void* p) {
    FRNN_REQUIRE(p == nullptr || d->cell == FRNN_CELL_LSTM,
                 "%s: %s given, but only LSTM has a cell state; pass NULL", cell_name(d->cell), tensor);
}

// The forward arguments (also checked again by backward, which reads the same tensors).
void check_forward(frnn_context* ctx, const frnn_rnn_desc* d, const frnn_rnn_tensors* t) {
    FRNN_REQUIRE(ctx != nullptr, "ctx is NULL; create one with frnn_context_create");
    check_desc(d);
    FRNN_REQUIRE(t != nullptr, "%s: tensors is NULL; pass a frnn_rnn_tensors", cell_name(d->cell));
    check_shape(d, t->batch, t->time);
    const char* name = cell_name(d->cell);
    require(name, "x", "[N, T, C]", t->x);
    require(name, "kernel", "[C, G*H]", t->kernel);
    require(name, "recurrent_kernel", "[H, G*H]", t->recurrent_kernel);
    require(name, "bias", "[G*H] (GRU reset_after: [2, 3H])", t->bias);
    require(name, "output", d->return_sequences ? "[N, T, H]" : "[N, H]", t->output);
    lstm_only(d, "c0", t->c0);
    lstm_only(d, "c_last", t->c_last);
    const int64_t N = t->batch, T = t->time;
    if (t->mask != nullptr) {
        for (int64_t i = 0; i < N * T; i++)
            FRNN_REQUIRE(t->mask[i] == 0.0f || t->mask[i] == 1.0f,
                         "%s: mask [N, T] must hold 1 (valid) or 0 (masked), got %g at sample %lld, step %lld", name,
                         static_cast<double>(t->mask[i]), static_cast<long long>(i / T), static_cast<long long>(i % T));
    }
}

}  // namespace
}  // namespace frnn

using frnn::Arg;

extern "C" {

int64_t frnn_rnn_tape_floats(const frnn_rnn_desc* desc, int32_t batch, int32_t time) {
    int64_t floats = -1;
    const frnn_status status = frnn::guarded("frnn_rnn_tape_floats", [&] {
        frnn::check_desc(desc);
        frnn::check_shape(desc, batch, time);
        floats = frnn::rnn_tape_floats(*desc, batch, time);
    });
    return status == FRNN_OK ? floats : -1;
}

frnn_status frnn_rnn_forward(frnn_context* ctx, const frnn_rnn_desc* desc, const frnn_rnn_tensors* t, float* tape) {
    return frnn::guarded("frnn_rnn_forward", [&] {
        frnn::check_forward(ctx, desc, t);
        const frnn_rnn_desc& d = *desc;
        const int64_t N = t->batch, T = t->time, C = d.input_size, H = d.units;
        const int64_t GH = frnn::rnn_gates(d.cell) * H, bias = (d.cell == FRNN_CELL_GRU && d.reset_after ? 2 : 1) * GH;
        const int64_t out = d.return_sequences ? N * T * H : N * H;
        frnn::check_args(frnn::cell_name(d.cell),
                         {{"x", "[N, T, C]", t->x, N * T * C, false},
                          {"mask", "[N, T]", t->mask, N * T, false},
                          {"h0", "[N, H]", t->h0, N * H, false},
                          {"c0", "[N, H]", t->c0, N * H, false},
                          {"kernel", "[C, G*H]", t->kernel, C * GH, false},
                          {"recurrent_kernel", "[H, G*H]", t->recurrent_kernel, H * GH, false},
                          {"bias", "[G*H]", t->bias, bias, false},
                          {"input_dropout", "[N, C]", t->input_dropout, N * C, false},
                          {"recurrent_dropout", "[N, H]", t->recurrent_dropout, N * H, false},
                          {"output", "[N, T, H] or [N, H]", t->output, out, true},
                          {"h_last", "[N, H]", t->h_last, N * H, true},
                          {"c_last", "[N, H]", t->c_last, N * H, true},
                          {"tape", "[frnn_rnn_tape_floats]", tape, frnn::rnn_tape_floats(d, N, T), true}});
        frnn::FlushSubnormals ftz;
        frnn::rnn_forward(ctx, d, *t, tape);
    });
}

frnn_status frnn_rnn_backward(frnn_context* ctx, const frnn_rnn_desc* desc, const frnn_rnn_tensors* t,
                              const float* tape, const frnn_rnn_grads* g) {
    return frnn::guarded("frnn_rnn_backward", [&] {
        frnn::check_forward(ctx, desc, t);
        const frnn_rnn_desc& d = *desc;
        const char* name = frnn::cell_name(d.cell);
        FRNN_REQUIRE(tape != nullptr, "%s: tape is NULL; pass the tape filled by frnn_rnn_forward", name);
        FRNN_REQUIRE(g != nullptr, "%s: grads is NULL; pass a frnn_rnn_grads", name);
        frnn::require(name, "d_output", d.return_sequences ? "[N, T, H]" : "[N, H]", g->d_output);
        frnn::require(name, "d_kernel", "[C, G*H]", g->d_kernel);
        frnn::require(name, "d_recurrent_kernel", "[H, G*H]", g->d_recurrent_kernel);
        frnn::require(name, "d_bias", "[G*H] (GRU reset_after: [2, 3H])", g->d_bias);
        frnn::lstm_only(&d, "d_c_last", g->d_c_last);
        frnn::lstm_only(&d, "dc0", g->dc0);
        const int64_t N = t->batch, T = t->time, C = d.input_size, H = d.units;
        const int64_t GH = frnn::rnn_gates(d.cell) * H, bias = (d.cell == FRNN_CELL_GRU && d.reset_after ? 2 : 1) * GH;
        const int64_t out = d.return_sequences ? N * T * H : N * H;
        // The forward's outputs are not read by backward, so they may overlap the gradients.
        frnn::check_args(name, {{"x", "[N, T, C]", t->x, N * T * C, false},
                                {"mask", "[N, T]", t->mask, N * T, false},
                                {"h0", "[N, H]", t->h0, N * H, false},
                                {"c0", "[N, H]", t->c0, N * H, false},
                                {"kernel", "[C, G*H]", t->kernel, C * GH, false},
                                {"recurrent_kernel", "[H, G*H]", t->recurrent_kernel, H * GH, false},
                                {"bias", "[G*H]", t->bias, bias, false},
                                {"input_dropout", "[N, C]", t->input_dropout, N * C, false},
                                {"recurrent_dropout", "[N, H]", t->recurrent_dropout, N * H, false},
                                {"tape", "[frnn_rnn_tape_floats]", tape, frnn::rnn_tape_floats(d, N, T), false},
                                {"d_output", "[N, T, H] or [N, H]", g->d_output, out, false},
                                {"d_h_last", "[N, H]", g->d_h_last, N * H, false},
                                {"d_c_last", "[N, H]", g->d_c_last, N * H, false},
                                {"dx", "[N, T, C]", g->dx, N * T * C, true},
                                {"d_kernel", "[C, G*H]", g->d_kernel, C * GH, true},
                                {"d_recurrent_kernel", "[H, G*H]", g->d_recurrent_kernel, H * GH, true},
                                {"d_bias", "[G*H]", g->d_bias, bias, true},
                                {"dh0", "[N, H]", g->dh0, N * H, true},
                                {"dc0", "[N, H]", g->dc0, N * H, true}});
        frnn::FlushSubnormals ftz;
        frnn::rnn_backward(ctx, d, *t, tape, *g);
    });
}

}  // extern "C"
