// The frnn_cuda C ABI for whole-sequence recurrent layers (see include/fusedrnn/frnn.h): every argument
// is checked (device memory included, mask values on the device) before anything is written, then
// core/rnn_cuda.cu runs the call.
#include <initializer_list>

#include "api_cuda_checks.h"
#include "core/activations.h"
#include "core/cuda_context.h"
#include "core/rnn_cuda.h"
#include "ops/ops_cuda.h"

namespace {

using namespace frnn::cuda::api;

const char* cell_name(int cell) {
    return cell == FRNN_CELL_LSTM ? "LSTM" : cell == FRNN_CELL_GRU ? "GRU" : "SimpleRNN";
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
                 frnn::activation_name(d->activation), relu_ok ? " or FRNN_ACT_RELU (3)" : "");
    const int ra = d->recurrent_activation;
    FRNN_REQUIRE(ra == FRNN_ACT_SIGMOID || ra == FRNN_ACT_HARD_SIGMOID_KERAS2 || ra == FRNN_ACT_HARD_SIGMOID_KERAS3,
                 "%s: desc.recurrent_activation = %d (%s); expected 2, 4 or 5", name, ra, frnn::activation_name(ra));
    for (int32_t f : {d->reset_after, d->go_backwards, d->return_sequences, d->zero_output_for_mask})
        FRNN_REQUIRE(f == 0 || f == 1, "%s: a flag of desc is %d; expected 0 or 1", name, f);
}

void check_shape(const frnn_rnn_desc* d, int32_t batch, int32_t time) {
    const char* name = cell_name(d->cell);
    FRNN_REQUIRE(batch >= 1 && time >= 1, "%s: batch N = %d and time T = %d; expected both >= 1", name, batch, time);
    const int64_t gh = int64_t{frnn::cuda::rnn_gates(d->cell)} * d->units;
    const int64_t widest = gh > d->input_size ? gh : d->input_size;
    count_of(name, count_of(name, int64_t{batch} * (int64_t{time} + 1), widest), 4);
    count_of(name, gh, d->units > d->input_size ? d->units : d->input_size);
}

struct Arg {
    const char* name;
    const void* ptr;
    int64_t floats;
    bool written;
};

// Device memory for every given pointer; no written range overlaps any other range.
void check_args(const char* name, std::initializer_list<Arg> args) {
    for (const Arg& a : args) require_device(a.name, a.ptr);
    for (const Arg& a : args)
        for (const Arg& b : args)
            if (&a < &b && (a.written || b.written))
                FRNN_REQUIRE(!overlap(a.ptr, a.floats, b.ptr, b.floats),
                             "%s: %s and %s overlap; %s must not overlap any other tensor of the call", name, a.name,
                             b.name, a.written ? a.name : b.name);
}

void require(const char* name, const char* tensor, const void* p) {
    FRNN_REQUIRE(p != nullptr, "%s: %s is required, got NULL", name, tensor);
}

void lstm_only(const frnn_rnn_desc* d, const char* tensor, const void* p) {
    FRNN_REQUIRE(p == nullptr || d->cell == FRNN_CELL_LSTM,
                 "%s: %s given, but only LSTM has a cell state; pass NULL", cell_name(d->cell), tensor);
}

// The forward's tensors as check_args entries.
struct Sizes {
    int64_t N, T, C, H, GH, bias, out, tape;
};

Sizes sizes(const frnn_rnn_desc& d, const frnn_rnn_tensors& t) {
    Sizes s{};
    s.N = t.batch;
    s.T = t.time;
    s.C = d.input_size;
    s.H = d.units;
    s.GH = frnn::cuda::rnn_gates(d.cell) * s.H;
    s.bias = (d.cell == FRNN_CELL_GRU && d.reset_after ? 2 : 1) * s.GH;
    s.out = d.return_sequences ? s.N * s.T * s.H : s.N * s.H;
    s.tape = frnn::cuda::rnn_tape_floats(d, s.N, s.T);
    return s;
}

void check_forward(frnn_cuda_context* ctx, const frnn_rnn_desc* d, const frnn_rnn_tensors* t) {
    require_context(ctx);
    check_desc(d);
    const char* name = cell_name(d->cell);
    FRNN_REQUIRE(t != nullptr, "%s: tensors is NULL; pass a frnn_rnn_tensors", name);
    check_shape(d, t->batch, t->time);
    require(name, "x [N, T, C]", t->x);
    require(name, "kernel [C, G*H]", t->kernel);
    require(name, "recurrent_kernel [H, G*H]", t->recurrent_kernel);
    require(name, "bias", t->bias);
    require(name, "output", t->output);
    lstm_only(d, "c0", t->c0);
    lstm_only(d, "c_last", t->c_last);
}

// Mask values 0 or 1, checked on the device (after every pointer is known to be device memory).
void check_mask(frnn_cuda_context* ctx, const frnn_rnn_desc* d, const frnn_rnn_tensors* t) {
    if (t->mask == nullptr) return;
    const int64_t n = int64_t{t->batch} * t->time;
    const int64_t bad = frnn::cuda::ops::first_bad(ctx, frnn::cuda::ops::Check::kMask01, t->mask, n, 0);
    if (bad < 0) return;
    const float v = frnn::cuda::ops::read_float(ctx, t->mask + bad);
    FRNN_FAIL(FRNN_ERR_ARGUMENT, "%s: mask [N, T] must hold 1 (valid) or 0 (masked), got %g at sample %lld, step %lld",
              cell_name(d->cell), static_cast<double>(v), (ll)(bad / t->time), (ll)(bad % t->time));
}

}  // namespace

extern "C" {

int64_t frnn_cuda_rnn_tape_floats(const frnn_rnn_desc* desc, int32_t batch, int32_t time) {
    int64_t floats = -1;
    const frnn_status status = frnn::guarded("frnn_cuda_rnn_tape_floats", [&] {
        check_desc(desc);
        check_shape(desc, batch, time);
        floats = frnn::cuda::rnn_tape_floats(*desc, batch, time);
    });
    return status == FRNN_OK ? floats : -1;
}

frnn_status frnn_cuda_rnn_forward(frnn_cuda_context* ctx, const frnn_rnn_desc* desc, const frnn_rnn_tensors* t,
                                  float* tape) {
    return frnn::guarded("frnn_cuda_rnn_forward", [&] {
        check_forward(ctx, desc, t);
        const Sizes s = sizes(*desc, *t);
        check_args(cell_name(desc->cell), {{"x", t->x, s.N * s.T * s.C, false},
                                           {"mask", t->mask, s.N * s.T, false},
                                           {"h0", t->h0, s.N * s.H, false},
                                           {"c0", t->c0, s.N * s.H, false},
                                           {"kernel", t->kernel, s.C * s.GH, false},
                                           {"recurrent_kernel", t->recurrent_kernel, s.H * s.GH, false},
                                           {"bias", t->bias, s.bias, false},
                                           {"input_dropout", t->input_dropout, s.N * s.C, false},
                                           {"recurrent_dropout", t->recurrent_dropout, s.N * s.H, false},
                                           {"output", t->output, s.out, true},
                                           {"h_last", t->h_last, s.N * s.H, true},
                                           {"c_last", t->c_last, s.N * s.H, true},
                                           {"tape", tape, s.tape, true}});
        check_mask(ctx, desc, t);
        frnn::cuda::rnn_forward(ctx, *desc, *t, tape);
    });
}

frnn_status frnn_cuda_rnn_backward(frnn_cuda_context* ctx, const frnn_rnn_desc* desc, const frnn_rnn_tensors* t,
                                   const float* tape, const frnn_rnn_grads* g) {
    return frnn::guarded("frnn_cuda_rnn_backward", [&] {
        check_forward(ctx, desc, t);
        const char* name = cell_name(desc->cell);
        require(name, "tape (filled by frnn_cuda_rnn_forward)", tape);
        FRNN_REQUIRE(g != nullptr, "%s: grads is NULL; pass a frnn_rnn_grads", name);
        require(name, "d_output", g->d_output);
        require(name, "d_kernel", g->d_kernel);
        require(name, "d_recurrent_kernel", g->d_recurrent_kernel);
        require(name, "d_bias", g->d_bias);
        lstm_only(desc, "d_c_last", g->d_c_last);
        lstm_only(desc, "dc0", g->dc0);
        const Sizes s = sizes(*desc, *t);
        // The forward's outputs are not read by backward, so they may overlap the gradients.
        check_args(name, {{"x", t->x, s.N * s.T * s.C, false},
                          {"mask", t->mask, s.N * s.T, false},
                          {"h0", t->h0, s.N * s.H, false},
                          {"c0", t->c0, s.N * s.H, false},
                          {"kernel", t->kernel, s.C * s.GH, false},
                          {"recurrent_kernel", t->recurrent_kernel, s.H * s.GH, false},
                          {"bias", t->bias, s.bias, false},
                          {"input_dropout", t->input_dropout, s.N * s.C, false},
                          {"recurrent_dropout", t->recurrent_dropout, s.N * s.H, false},
                          {"tape", tape, s.tape, false},
                          {"d_output", g->d_output, s.out, false},
                          {"d_h_last", g->d_h_last, s.N * s.H, false},
                          {"d_c_last", g->d_c_last, s.N * s.H, false},
                          {"dx", g->dx, s.N * s.T * s.C, true},
                          {"d_kernel", g->d_kernel, s.C * s.GH, true},
                          {"d_recurrent_kernel", g->d_recurrent_kernel, s.H * s.GH, true},
                          {"d_bias", g->d_bias, s.bias, true},
                          {"dh0", g->dh0, s.N * s.H, true},
                          {"dc0", g->dc0, s.N * s.H, true}});
        check_mask(ctx, desc, t);
        frnn::cuda::rnn_backward(ctx, *desc, *t, tape, *g);
    });
}

}  // extern "C"
