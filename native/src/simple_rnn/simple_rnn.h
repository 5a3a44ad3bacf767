// SimpleRNN: the equations and the scalar pointwise forward and backward, the single C++ home of the
// cell's math (mirrors dev.fusedrnn.reference.SimpleRnnRef). G = 1, act tanh or relu:
//   pre = x_t W + h_rec U + b        h_t = act(pre)
// where h_rec is h_{t-1} times the recurrent dropout mask and x_t already carries the input dropout.
#pragma once

#include "core/activations.h"

namespace frnn::simple_rnn {

constexpr int kGates = 1;

// One unit of one sample. xw = (x_t W)_k, hu = (h_rec U)_k. Writes the pre-activation and h_t.
inline void forward_point(int act, float xw, float hu, float b, float* pre, float* h_new) {
    const float p = xw + hu + b;
    *pre = p;
    *h_new = activation_forward(act, p);
}

// Backward of forward_point given dh = dL/dh_t: returns dL/dpre (the gradient of every product and the bias).
inline float backward_point(int act, float pre, float h_new, float dh) {
    return dh * activation_derivative(act, pre, h_new);
}

}  // namespace frnn::simple_rnn
