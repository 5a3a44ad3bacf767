#include "core/activations_cpu.h"

#include "core/activations.h"

namespace frnn {

// Scalar loop over the shared math of activations.h. The switch is hoisted out of the loop by
// passing a constant id to an inlined helper per case, so the compiler can vectorise the simple ones.
template <int kActivation>
static void apply_all(int64_t n, const float* x, float* y) {
    for (int64_t i = 0; i < n; ++i) y[i] = activation_forward(kActivation, x[i]);
}

void activation_forward_cpu(int activation, int64_t n, const float* x, float* y) {
    switch (activation) {
        case FRNN_ACT_LINEAR: apply_all<FRNN_ACT_LINEAR>(n, x, y); break;
        case FRNN_ACT_TANH: apply_all<FRNN_ACT_TANH>(n, x, y); break;
        case FRNN_ACT_SIGMOID: apply_all<FRNN_ACT_SIGMOID>(n, x, y); break;
        case FRNN_ACT_RELU: apply_all<FRNN_ACT_RELU>(n, x, y); break;
        case FRNN_ACT_HARD_SIGMOID_KERAS2: apply_all<FRNN_ACT_HARD_SIGMOID_KERAS2>(n, x, y); break;
        case FRNN_ACT_HARD_SIGMOID_KERAS3: apply_all<FRNN_ACT_HARD_SIGMOID_KERAS3>(n, x, y); break;
        default: break;  // unreachable: the ABI layer rejects unknown ids
    }
}

}  // namespace frnn
