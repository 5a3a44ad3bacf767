// GRU: the equations and the scalar pointwise forward and backward, the single C++ home of the cell's
// math (mirrors dev.fusedrnn.reference.GruRef). Keras gate order z, r, h (G = 3); sigma the recurrent
// activation, act = tanh. With reset_after (bias [2, 3H]: input row b, recurrent row rb):
//   z = sigma(x W_z + b_z + h U_z + rb_z)     r = sigma(x W_r + b_r + h U_r + rb_r)
//   hu = h U_h + rb_h                          hh = act(x W_h + b_h + r hu)
// without (bias [3H]): z, r as above with one bias, rh = r h, hh = act(x W_h + rh U_h + b_h);
// then in both h_t = z h_{t-1} + (1 - z) hh.
// Here h is h_rec (h_{t-1} times the recurrent dropout mask), but z h_{t-1} uses the undropped state,
// as Keras 3's GRUCell does.
#pragma once

#include "core/activations.h"

namespace frnn::gru {

constexpr int kGates = 3;

// The update and reset gates of one unit: pre = x W + h U + bias (the caller sums the biases).
inline void gates_forward(int ract, float pre_z, float pre_r, float* z, float* r) {
    *z = activation_forward(ract, pre_z);
    *r = activation_forward(ract, pre_r);
}

// The candidate's pre-activation with reset_after: xw_h + b_h + r hu, hu = (h U_h + rb_h).
inline float candidate_pre_reset_after(float xw_h, float b_h, float r, float hu) { return xw_h + b_h + r * hu; }

// The candidate and the new state of one unit from the candidate's pre-activation.
inline void state_forward(int act, float pre_h, float z, float h_prev, float* hh, float* h_new) {
    *hh = activation_forward(act, pre_h);
    *h_new = z * h_prev + (1.0f - z) * *hh;
}

// Backward through state_forward and the gate activations of one unit given dh = dL/dh_t: writes the
// gradients of the z and candidate pre-activations and returns dL/dh_{t-1} through z h_{t-1}.
inline float state_backward(int ract, int act, float pre_z, float z, float pre_h, float hh, float h_prev, float dh,
                            float* dpre_z, float* dpre_h) {
    *dpre_z = dh * (h_prev - hh) * activation_derivative(ract, pre_z, z);
    *dpre_h = dh * (1.0f - z) * activation_derivative(act, pre_h, hh);
    return dh * z;
}

// reset_after: the reset gate's pre-activation gradient, and the gradient of the recurrent product's
// candidate column (r hu enters the candidate, so it is dpre_h scaled by r).
inline float reset_backward_after(int ract, float pre_r, float r, float hu, float dpre_h, float* drec_h) {
    *drec_h = dpre_h * r;
    return dpre_h * hu * activation_derivative(ract, pre_r, r);
}

// Without reset_after: given d_rh = dL/d(r h_rec) for one unit, the reset gate's pre-activation gradient;
// *dh_rec receives the part of dL/dh_rec through r h_rec.
inline float reset_backward_before(int ract, float pre_r, float r, float h_rec, float d_rh, float* dh_rec) {
    *dh_rec = d_rh * r;
    return d_rh * h_rec * activation_derivative(ract, pre_r, r);
}

}  // namespace frnn::gru
