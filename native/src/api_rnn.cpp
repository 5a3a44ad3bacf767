// The frnn_cpu C ABI for whole-sequence recurrent layers (see include/fusedrnn/frnn.h): every argument
// is checked before anything is written, then core/rnn_cpu.cpp runs the call.
#include <cstdint>

#include "core/context.h"
#include "core/error.h"
#include "core/fp_mode.h"
#include "core/rnn_checks.h"
#include "core/rnn_cpu.h"
#include "fusedrnn/frnn.h"

namespace {

using namespace frnn::checks;

// The forward's arguments (also checked again by backward, which reads the same tensors); mask values on
// the host.
void check_forward(frnn_context* ctx, const frnn_rnn_desc* d, const frnn_rnn_tensors* t) {
    FRNN_REQUIRE(ctx != nullptr, "ctx is NULL; create one with frnn_context_create");
    check_rnn_tensors(d, t, frnn::rnn_gates);
    const int64_t N = t->batch, T = t->time;
    if (t->mask != nullptr) {
        for (int64_t i = 0; i < N * T; i++)
            FRNN_REQUIRE(t->mask[i] == 0.0f || t->mask[i] == 1.0f,
                         "%s: mask [N, T] must hold 1 (valid) or 0 (masked), got %g at sample %lld, step %lld",
                         cell_name(d->cell), static_cast<double>(t->mask[i]), static_cast<long long>(i / T),
                         static_cast<long long>(i % T));
    }
}

// Host memory: nothing to check beyond the shared rules.
void host_arg(const RnnArg&) {}

}  // namespace

extern "C" {

int64_t frnn_rnn_tape_floats(const frnn_rnn_desc* desc, int32_t batch, int32_t time) {
    int64_t floats = -1;
    const frnn_status status = frnn::guarded("frnn_rnn_tape_floats", [&] {
        check_rnn_desc(desc);
        check_rnn_shape(desc, batch, time, frnn::rnn_gates(desc->cell));
        floats = frnn::rnn_tape_floats(*desc, batch, time);
    });
    return status == FRNN_OK ? floats : -1;
}

frnn_status frnn_rnn_forward(frnn_context* ctx, const frnn_rnn_desc* desc, const frnn_rnn_tensors* t, float* tape) {
    return frnn::guarded("frnn_rnn_forward", [&] {
        check_forward(ctx, desc, t);
        const RnnSizes s = rnn_sizes(*desc, *t, frnn::rnn_gates, frnn::rnn_tape_floats);
        check_rnn_forward_args(cell_name(desc->cell), *t, tape, s, host_arg);
        frnn::FlushSubnormals ftz;
        frnn::rnn_forward(ctx, *desc, *t, tape);
    });
}

frnn_status frnn_rnn_backward(frnn_context* ctx, const frnn_rnn_desc* desc, const frnn_rnn_tensors* t,
                              const float* tape, const frnn_rnn_grads* g) {
    return frnn::guarded("frnn_rnn_backward", [&] {
        check_forward(ctx, desc, t);
        check_rnn_grads(desc, tape, g, "frnn_rnn_forward");
        const RnnSizes s = rnn_sizes(*desc, *t, frnn::rnn_gates, frnn::rnn_tape_floats);
        check_rnn_backward_args(cell_name(desc->cell), *t, tape, *g, s, host_arg);
        frnn::FlushSubnormals ftz;
        frnn::rnn_backward(ctx, *desc, *t, tape, *g);
    });
}

}  // extern "C"
