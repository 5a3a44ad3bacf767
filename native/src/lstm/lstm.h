// LSTM: the equations and the scalar pointwise forward and backward, the single C++ home of the cell's
// math (mirrors dev.fusedrnn.reference.LstmRef). Keras gate order i, f, c, o (G = 4); sigma the
// recurrent activation, act = tanh:
//   i = sigma(x W_i + h U_i + b_i)    f = sigma(x W_f + h U_f + b_f)
//   g = act(x W_c + h U_c + b_c)      o = sigma(x W_o + h U_o + b_o)
//   c_t = f c_{t-1} + i g             h_t = o act(c_t)
// where h is h_rec (h_{t-1} after recurrent dropout); c_{t-1} is never dropped.
#pragma once

#include "core/activations.h"

namespace frnn::lstm {

constexpr int kGates = 4;

// One unit of one sample. pre[4] holds the pre-activations (i, f, c, o), a[4] receives the activations.
inline void forward_point(int ract, int act, const float pre[4], float c_prev, float a[4], float* c_new,
                          float* h_new) {
    a[0] = activation_forward(ract, pre[0]);
    a[1] = activation_forward(ract, pre[1]);
    a[2] = activation_forward(act, pre[2]);
    a[3] = activation_forward(ract, pre[3]);
    const float c = a[1] * c_prev + a[0] * a[2];
    *c_new = c;
    *h_new = a[3] * activation_forward(act, c);
}

// Backward of forward_point given dh = dL/dh_t and dc = dL/dc_t (from the next step): writes dpre[4] and
// returns dL/dc_{t-1}. c_t is recomputed with the forward's expression, so it is bit-identical.
inline float backward_point(int ract, int act, const float pre[4], const float a[4], float c_prev, float dh,
                            float dc, float dpre[4]) {
    const float c = a[1] * c_prev + a[0] * a[2];
    const float tc = activation_forward(act, c);
    const float dct = dc + dh * a[3] * activation_derivative(act, c, tc);
    dpre[0] = dct * a[2] * activation_derivative(ract, pre[0], a[0]);
    dpre[1] = dct * c_prev * activation_derivative(ract, pre[1], a[1]);
    dpre[2] = dct * a[0] * activation_derivative(act, pre[2], a[2]);
    dpre[3] = dh * tc * activation_derivative(ract, pre[3], a[3]);
    return dct * a[1];
}

}  // namespace frnn::lstm
