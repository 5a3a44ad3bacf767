// The frnn_cuda C ABI for whole-sequence recurrent layers (see include/fusedrnn/frnn.h): every argument
// is checked (device memory included, mask values on the device) before anything is written, then
// core/rnn_cuda.cu runs the call.
#include "api_cuda_checks.h"
#include "core/cuda_context.h"
#include "core/rnn_checks.h"
#include "core/rnn_cuda.h"
#include "ops/ops_cuda.h"

namespace {

using namespace frnn::cuda::api;
using frnn::checks::cell_name;
using frnn::checks::RnnArg;
using frnn::checks::RnnSizes;

void check_forward(frnn_cuda_context* ctx, const frnn_rnn_desc* d, const frnn_rnn_tensors* t) {
    require_context(ctx);
    frnn::checks::check_rnn_tensors(d, t, frnn::cuda::rnn_gates);
}

RnnSizes sizes(const frnn_rnn_desc& d, const frnn_rnn_tensors& t) {
    return frnn::checks::rnn_sizes(d, t, frnn::cuda::rnn_gates, frnn::cuda::rnn_tape_floats);
}

// Every given pointer is device memory (checked before any overlap, and before the mask is read).
void device_arg(const RnnArg& a) { require_device(a.name, a.ptr); }

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
        frnn::checks::check_rnn_desc(desc);
        frnn::checks::check_rnn_shape(desc, batch, time, frnn::cuda::rnn_gates(desc->cell));
        floats = frnn::cuda::rnn_tape_floats(*desc, batch, time);
    });
    return status == FRNN_OK ? floats : -1;
}

frnn_status frnn_cuda_rnn_forward(frnn_cuda_context* ctx, const frnn_rnn_desc* desc, const frnn_rnn_tensors* t,
                                  float* tape) {
    return frnn::guarded("frnn_cuda_rnn_forward", [&] {
        check_forward(ctx, desc, t);
        frnn::checks::check_rnn_forward_args(cell_name(desc->cell), *t, tape, sizes(*desc, *t), device_arg);
        check_mask(ctx, desc, t);
        frnn::cuda::rnn_forward(ctx, *desc, *t, tape);
    });
}

frnn_status frnn_cuda_rnn_backward(frnn_cuda_context* ctx, const frnn_rnn_desc* desc, const frnn_rnn_tensors* t,
                                   const float* tape, const frnn_rnn_grads* g) {
    return frnn::guarded("frnn_cuda_rnn_backward", [&] {
        check_forward(ctx, desc, t);
        frnn::checks::check_rnn_grads(desc, tape, g, "frnn_cuda_rnn_forward");
        frnn::checks::check_rnn_backward_args(cell_name(desc->cell), *t, tape, *g, sizes(*desc, *t), device_arg);
        check_mask(ctx, desc, t);
        frnn::cuda::rnn_backward(ctx, *desc, *t, tape, *g);
    });
}

}  // extern "C"
