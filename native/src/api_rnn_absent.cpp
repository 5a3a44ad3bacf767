// The recurrent entry points of frnn.h for a build without the recurrent CPU kernels (the cells'
// sources and cmake/FrnnCpuCells.cmake are absent): every call reports that, so the library links and
// loads, and the Java side shows the reason instead of crashing on a missing symbol. A build with the
// kernels compiles their own api instead of this file (see cmake/FrnnCpuOps.cmake).
#include "core/error.h"
#include "fusedrnn/frnn.h"

namespace {

const char* const kAbsent =
    "this build of frnn_cpu has no recurrent CPU kernels (cmake/FrnnCpuCells.cmake was not found when it was "
    "configured); rebuild from a complete source tree, or use the reference backend";

}  // namespace

extern "C" {

int64_t frnn_rnn_tape_floats(const frnn_rnn_desc*, int32_t, int32_t) {
    frnn::guarded("frnn_rnn_tape_floats", [] { FRNN_FAIL(FRNN_ERR_UNSUPPORTED, "%s", kAbsent); });
    return -1;
}

frnn_status frnn_rnn_forward(frnn_context*, const frnn_rnn_desc*, const frnn_rnn_tensors*, float*) {
    return frnn::guarded("frnn_rnn_forward", [] { FRNN_FAIL(FRNN_ERR_UNSUPPORTED, "%s", kAbsent); });
}

frnn_status frnn_rnn_backward(frnn_context*, const frnn_rnn_desc*, const frnn_rnn_tensors*, const float*,
                              const frnn_rnn_grads*) {
    return frnn::guarded("frnn_rnn_backward", [] { FRNN_FAIL(FRNN_ERR_UNSUPPORTED, "%s", kAbsent); });
}

}  // extern "C"
