// GRU: the equations and the pointwise forward and backward, the single C++ home of the cell's math
// (mirrors dev.fusedrnn.reference.GruRef). Keras gate order z, r, h (G = 3); sigma the recurrent
// activation, act = tanh. With reset_after (bias [2, 3H]: input row b, recurrent row rb):
//   z = sigma(x W_z + b_z + h U_z + rb_z)     r = sigma(x W_r + b_r + h U_r + rb_r)
//   hu = h U_h + rb_h                          hh = act(x W_h + b_h + r hu)
// without (bias [3H]): z, r as above with one bias, rh = r h, hh = act(x W_h + rh U_h + b_h);
// then in both h_t = z h_{t-1} + (1 - z) hh.
// Here h is h_rec (h_{t-1} times the recurrent dropout mask), but z h_{t-1} uses the undropped state,
// as Keras 3's GRUCell does. Written once over a vector policy P (core/simd.h).
#pragma once

#include <cstdint>

#include "core/simd.h"

namespace frnn::gru {

constexpr int kGates = 3;

// The update and reset gates: z = sigma(pre_z), r = sigma(pre_r) (the caller sums products and biases).
template <class P, class V = typename P::V>
FRNN_HD inline void gates_forward(int ract, V pre_z, V pre_r, V* z, V* r) {
    *z = P::act(ract, pre_z);
    *r = P::act(ract, pre_r);
}

// The candidate's pre-activation with reset_after: xw_h + b_h + r hu, where hu = h_rec U_h + rb_h.
template <class P, class V = typename P::V>
FRNN_HD inline V candidate_pre_reset_after(V xw_h, V b_h, V r, V hu) {
    return xw_h + b_h + r * hu;
}

// The candidate and the new state from the candidate's pre-activation: hh = act(pre_h),
// h_t = z h_{t-1} + (1 - z) hh.
template <class P, class V = typename P::V>
FRNN_HD inline V state_forward(int act, V pre_h, V z, V h_prev, V* hh) {
    *hh = P::act(act, pre_h);
    return z * h_prev + (1.0f - z) * *hh;
}

// Backward through state_forward and z's activation given dh = dL/dh_t: the gradients of the z and
// candidate pre-activations, and (returned) dL/dh_{t-1} through z h_{t-1}.
template <class P, class V = typename P::V>
FRNN_HD inline V state_backward(int ract, int act, V pre_z, V z, V pre_h, V hh, V h_prev, V dh, V* dpre_z, V* dpre_h) {
    *dpre_z = dh * (h_prev - hh) * P::deriv(ract, pre_z, z);
    *dpre_h = dh * (1.0f - z) * P::deriv(act, pre_h, hh);
    return dh * z;
}

// reset_after: r hu enters the candidate, so the reset gate's pre-activation gradient is
// dpre_h hu sigma'(pre_r), and the recurrent product's candidate column gets *drec_h = dpre_h r.
template <class P, class V = typename P::V>
FRNN_HD inline V reset_backward_after(int ract, V pre_r, V r, V hu, V dpre_h, V* drec_h) {
    *drec_h = dpre_h * r;
    return dpre_h * hu * P::deriv(ract, pre_r, r);
}

// Without reset_after: given d_rh = dL/d(r h_rec), the reset gate's pre-activation gradient is
// d_rh h_rec sigma'(pre_r), and h_rec gets *dh_rec = d_rh r.
template <class P, class V = typename P::V>
FRNN_HD inline V reset_backward_before(int ract, V pre_r, V r, V h_rec, V d_rh, V* dh_rec) {
    *dh_rec = d_rh * r;
    return d_rh * h_rec * P::deriv(ract, pre_r, r);
}

// Units [u0, u1) of one row, reset_after: pre holds x W on entry ([3H]); rec = h_rec U; bias [2, 3H];
// writes pre, a, aux = hu, h1.
template <class P>
void forward_row_after(int ract, int act, int64_t H, int64_t u0, int64_t u1, float* pre, const float* rec,
                       const float* bias, float* a, float* aux, const float* h0, float* h1) {
    using V = typename P::V;
    const float* rb = bias + 3 * H;
    for (int64_t k = u0; k < u1; k += P::W) {
        const int n = lanes<P>(k, u1);
        const int64_t jz = k, jr = H + k, jh = 2 * H + k;
        const V pz = P::load(pre + jz, n) + P::load(rec + jz, n) + (P::load(bias + jz, n) + P::load(rb + jz, n));
        const V pr = P::load(pre + jr, n) + P::load(rec + jr, n) + (P::load(bias + jr, n) + P::load(rb + jr, n));
        V z, r;
        gates_forward<P>(ract, pz, pr, &z, &r);
        const V hu = P::load(rec + jh, n) + P::load(rb + jh, n);
        const V ph = candidate_pre_reset_after<P>(P::load(pre + jh, n), P::load(bias + jh, n), r, hu);
        V hh;
        const V h = state_forward<P>(act, ph, z, P::load(h0 + k, n), &hh);
        P::store(pre + jz, pz, n);
        P::store(pre + jr, pr, n);
        P::store(pre + jh, ph, n);
        P::store(a + jz, z, n);
        P::store(a + jr, r, n);
        P::store(a + jh, hh, n);
        P::store(aux + k, hu, n);
        P::store(h1 + k, h, n);
    }
}

// Without reset_after, first half: the z and r gates and aux = rh = r h_rec (h_rec [H] of this row).
template <class P>
void forward_row_gates(int ract, int64_t H, int64_t u0, int64_t u1, float* pre, const float* rec, const float* bias,
                       float* a, float* aux, const float* h_rec) {
    using V = typename P::V;
    for (int64_t k = u0; k < u1; k += P::W) {
        const int n = lanes<P>(k, u1);
        const int64_t jz = k, jr = H + k;
        const V pz = P::load(pre + jz, n) + P::load(rec + jz, n) + P::load(bias + jz, n);
        const V pr = P::load(pre + jr, n) + P::load(rec + jr, n) + P::load(bias + jr, n);
        V z, r;
        gates_forward<P>(ract, pz, pr, &z, &r);
        P::store(pre + jz, pz, n);
        P::store(pre + jr, pr, n);
        P::store(a + jz, z, n);
        P::store(a + jr, r, n);
        P::store(aux + k, r * P::load(h_rec + k, n), n);
    }
}

// Without reset_after, second half (rec's candidate columns now hold rh U_h): the candidate and h_t.
template <class P>
void forward_row_candidate(int act, int64_t H, int64_t u0, int64_t u1, float* pre, const float* rec,
                           const float* bias, float* a, const float* h0, float* h1) {
    using V = typename P::V;
    for (int64_t k = u0; k < u1; k += P::W) {
        const int n = lanes<P>(k, u1);
        const int64_t jh = 2 * H + k;
        const V ph = P::load(pre + jh, n) + P::load(rec + jh, n) + P::load(bias + jh, n);
        V hh;
        const V h = state_forward<P>(act, ph, P::load(a + k, n), P::load(h0 + k, n), &hh);
        P::store(pre + jh, ph, n);
        P::store(a + jh, hh, n);
        P::store(h1 + k, h, n);
    }
}

// Backward, units [u0, u1) of one row: dpre's z and candidate columns, dh <- z dh. With reset_after also
// dpre_r and drec (the recurrent product's column gradients: z, r as dpre, candidate dpre_h r).
template <class P>
void backward_row_state(int ract, int act, bool reset_after, int64_t H, int64_t u0, int64_t u1, const float* pre,
                        const float* a, const float* aux, const float* h0, float* dh, float* dpre, float* drec) {
    using V = typename P::V;
    for (int64_t k = u0; k < u1; k += P::W) {
        const int n = lanes<P>(k, u1);
        const int64_t jz = k, jr = H + k, jh = 2 * H + k;
        V dz, dhh;
        const V dprev = state_backward<P>(ract, act, P::load(pre + jz, n), P::load(a + jz, n), P::load(pre + jh, n),
                                          P::load(a + jh, n), P::load(h0 + k, n), P::load(dh + k, n), &dz, &dhh);
        P::store(dh + k, dprev, n);
        P::store(dpre + jz, dz, n);
        P::store(dpre + jh, dhh, n);
        if (reset_after) {
            V drec_h;
            const V dr = reset_backward_after<P>(ract, P::load(pre + jr, n), P::load(a + jr, n), P::load(aux + k, n), dhh,
                                                 &drec_h);
            P::store(dpre + jr, dr, n);
            P::store(drec + jz, dz, n);
            P::store(drec + jr, dr, n);
            P::store(drec + jh, drec_h, n);
        }
    }
}

// Without reset_after, given d_rh [H] = dL/d(rh): dpre_r, and dh_rec [H] <- d_rh r. h_rec = h0 keep (keep
// the recurrent dropout row, or NULL).
template <class P>
void backward_row_reset(int ract, int64_t H, int64_t u0, int64_t u1, const float* pre, const float* a,
                        const float* h0, const float* keep, const float* d_rh, float* dpre, float* dh_rec) {
    using V = typename P::V;
    for (int64_t k = u0; k < u1; k += P::W) {
        const int n = lanes<P>(k, u1);
        const V h_rec = P::load(h0 + k, n) * load_or_one<P>(keep != nullptr ? keep + k : nullptr, n);
        V dhr;
        P::store(dpre + H + k, reset_backward_before<P>(ract, P::load(pre + H + k, n), P::load(a + H + k, n), h_rec,
                                                        P::load(d_rh + k, n), &dhr), n);
        P::store(dh_rec + k, dhr, n);
    }
}

struct RowFns {
    decltype(&forward_row_after<ScalarPolicy>) forward_after;
    decltype(&forward_row_gates<ScalarPolicy>) forward_gates;
    decltype(&forward_row_candidate<ScalarPolicy>) forward_candidate;
    decltype(&backward_row_state<ScalarPolicy>) backward_state;
    decltype(&backward_row_reset<ScalarPolicy>) backward_reset;
};
template <class P>
constexpr RowFns row_fns() {
    return {&forward_row_after<P>, &forward_row_gates<P>, &forward_row_candidate<P>, &backward_row_state<P>,
            &backward_row_reset<P>};
}
extern const RowFns kRowsAvx2, kRowsAvx512;  // cells_avx2.cpp, cells_avx512.cpp

}  // namespace frnn::gru
