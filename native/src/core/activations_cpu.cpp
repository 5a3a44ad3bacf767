#include "core/activations_cpu.h"

#include "core/activations.h"

namespace frnn {

// Scalar loop over the shared math of activations.h. Each case instantiates the loop with a constant
// id, so the switch inside activation_forward folds away and the simple activations vectorise.
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
