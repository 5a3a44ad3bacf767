// GRU on CUDA (reset_after true and false): one step forward and backward; the sequence loop and the
// whole-sequence GEMMs are in core/rnn_cuda.cu, the math in gru.h. Without reset_after the candidate's
// product reads r h_rec, which needs every unit's r: the step runs two products with a pointwise kernel
// before each of them (forward), or three (backward).
#include "core/cuda_context.h"
#include "core/cuda_status.h"
#include "core/gemm_cuda.h"
#include "core/rnn_cuda.h"
#include "gru/gru.h"

namespace frnn::cuda {
namespace {

// reset_after: z, r, the candidate and h_t of element (n, k), then masking and outputs. Without
// reset_after (first of two kernels): z, r and rh = r h_rec only.
__global__ void gates_kernel(Seq q, int64_t s) {
    FRNN_GRID_LOOP(i, q.N * q.H) {
        const int64_t n = i / q.H, k = i % q.H, H = q.H, GH = q.GH;
        float* aux = q.aux.at(s) + n * H;
        if (!q.valid(n, s)) {
            // rh of a masked row enters the candidate product and dU: keep it finite (zero).
            if (!q.reset_after) aux[k] = 0.0f;
            else finish_point(q, s, n, k);
            continue;
        }
        const float* b = q.bias;  // [3H], or [2, 3H] with reset_after (input row, recurrent row)
        float* pre = q.pre.at(s) + n * GH;  // holds x W on entry
        float* act = q.act_v.at(s) + n * GH;
        const float* rec = q.rec + n * GH;
        const int64_t jz = k, jr = H + k, jh = 2 * H + k;
        pre[jz] = pre[jz] + rec[jz] + (q.reset_after ? b[jz] + b[GH + jz] : b[jz]);
        pre[jr] = pre[jr] + rec[jr] + (q.reset_after ? b[jr] + b[GH + jr] : b[jr]);
        gru::gates_forward<ScalarPolicy>(q.ract, pre[jz], pre[jr], &act[jz], &act[jr]);
        if (q.reset_after) {
            aux[k] = rec[jh] + b[GH + jh];  // hu
            pre[jh] = gru::candidate_pre_reset_after<ScalarPolicy>(pre[jh], b[jh], act[jr], aux[k]);
            q.h.at(s + 1)[n * H + k] = gru::state_forward<ScalarPolicy>(q.act, pre[jh], act[jz], q.h.at(s)[n * H + k], &act[jh]);
            finish_point(q, s, n, k);
        } else {
            aux[k] = act[jr] * q.h_rec(s)[n * H + k];  // rh
        }
    }
}

// Without reset_after (second kernel): the candidate from rec_h = (r h_rec) U_h, and h_t.
__global__ void candidate_kernel(Seq q, int64_t s) {
    FRNN_GRID_LOOP(i, q.N * q.H) {
        const int64_t n = i / q.H, k = i % q.H, H = q.H, jh = 2 * H + k;
        if (q.valid(n, s)) {
            float* pre = q.pre.at(s) + n * q.GH;
            float* act = q.act_v.at(s) + n * q.GH;
            pre[jh] = pre[jh] + q.rec[n * q.GH + jh] + q.bias[jh];
            q.h.at(s + 1)[n * H + k] = gru::state_forward<ScalarPolicy>(q.act, pre[jh], act[k], q.h.at(s)[n * H + k], &act[jh]);
        }
        finish_point(q, s, n, k);
    }
}

// Through h_t = z h + (1 - z) hh: dpre_z, dpre_h, dh = z dh; with reset_after also dpre_r and drec.
__global__ void state_backward_kernel(Seq q, SeqGrad g, int64_t s) {
    FRNN_GRID_LOOP(i, q.N * q.H) {
        const int64_t n = i / q.H, k = i % q.H, H = q.H, GH = q.GH;
        if (!backward_prologue(q, g, s, n, k)) continue;
        const float* pre = q.pre.at(s) + n * GH;
        const float* act = q.act_v.at(s) + n * GH;
        float* dpre = g.dpre + (s * q.N + n) * GH;
        float* drec = g.drec + (s * q.N + n) * GH;
        const int64_t jz = k, jr = H + k, jh = 2 * H + k, e = n * H + k;
        g.dh[e] = gru::state_backward<ScalarPolicy>(q.ract, q.act, pre[jz], act[jz], pre[jh], act[jh], q.h.at(s)[e], g.dh[e],
                                      &dpre[jz], &dpre[jh]);
        if (q.reset_after) {
            dpre[jr] = gru::reset_backward_after<ScalarPolicy>(q.ract, pre[jr], act[jr], q.aux.at(s)[e], dpre[jh], &drec[jh]);
            drec[jz] = dpre[jz];
            drec[jr] = dpre[jr];
        }
    }
}

// Without reset_after: dpre_r from d(rh) = dpre_h U_h^T (in g.scratch); g.scratch2 = the part of
// dL/dh_rec through r h_rec.
__global__ void reset_backward_kernel(Seq q, SeqGrad g, int64_t s) {
    FRNN_GRID_LOOP(i, q.N * q.H) {
        const int64_t n = i / q.H, k = i % q.H, H = q.H, e = n * H + k;
        float dh_rec = 0.0f;
        if (q.valid(n, s)) {
            const float* pre = q.pre.at(s) + n * q.GH;
            const float* act = q.act_v.at(s) + n * q.GH;
            const float h = q.h.at(s)[e];
            const float h_rec = q.recurrent_dropout != nullptr ? h * q.recurrent_dropout[e] : h;
            g.dpre[(s * q.N + n) * q.GH + H + k] =
                gru::reset_backward_before<ScalarPolicy>(q.ract, pre[H + k], act[H + k], h_rec, g.scratch[e], &dh_rec);
        }
        g.scratch2[e] = dh_rec;
    }
}

// Without reset_after: dh += (dpre_zr U_zr^T + d(rh) r) * recurrent dropout; q.rec holds the product.
__global__ void add_dh_kernel(Seq q, SeqGrad g) {
    FRNN_GRID_LOOP(e, q.N * q.H) {
        const float d = q.rec[e] + g.scratch2[e];
        g.dh[e] += q.recurrent_dropout != nullptr ? d * q.recurrent_dropout[e] : d;
    }
}

}  // namespace

void gru_step_forward(const Seq& q, int64_t s, cudaStream_t stream) {
    const unsigned blocks = blocks_for(q.N * q.H);
    const int64_t H = q.H, GH = q.GH;
    const float* U = q.recurrent_kernel;
    // reset_after: all three gates' product at once; else z and r first, the candidate's after rh.
    gemm(stream, false, false, q.N, q.reset_after ? GH : 2 * H, H, 1.0f, q.h_rec(s), H, U, GH, 0.0f, q.rec, GH);
    FRNN_LAUNCH(blocks, kThreads, stream, gates_kernel)(q, s);
    FRNN_CUDA_CHECK(cudaGetLastError());
    if (q.reset_after) return;
    gemm(stream, false, false, q.N, H, H, 1.0f, q.aux.at(s), H, U + 2 * H, GH, 0.0f, q.rec + 2 * H, GH);
    FRNN_LAUNCH(blocks, kThreads, stream, candidate_kernel)(q, s);
    FRNN_CUDA_CHECK(cudaGetLastError());
}

void gru_step_backward(const Seq& q, const SeqGrad& g, int64_t s, cudaStream_t stream) {
    const unsigned blocks = blocks_for(q.N * q.H);
    FRNN_LAUNCH(blocks, kThreads, stream, state_backward_kernel)(q, g, s);
    FRNN_CUDA_CHECK(cudaGetLastError());
    if (q.reset_after) {
        add_recurrent_gradient(q, g, s, stream);
        return;
    }
    const int64_t H = q.H, GH = q.GH;
    const float* U = q.recurrent_kernel;
    float* dpre_s = g.dpre + s * q.N * GH;
    // d(rh) = dpre_h U_h^T, [N, H] x [H, H]; U_h^T(p, j) = U[j, 2H + p].
    gemm(stream, false, true, q.N, H, H, 1.0f, dpre_s + 2 * H, GH, U + 2 * H, GH, 0.0f, g.scratch, H);
    FRNN_LAUNCH(blocks, kThreads, stream, reset_backward_kernel)(q, g, s);
    FRNN_CUDA_CHECK(cudaGetLastError());
    // dpre_zr U_zr^T, [N, 2H] x [2H, H].
    gemm(stream, false, true, q.N, H, 2 * H, 1.0f, dpre_s, GH, U, GH, 0.0f, q.rec, H);
    FRNN_LAUNCH(blocks, kThreads, stream, add_dh_kernel)(q, g);
    FRNN_CUDA_CHECK(cudaGetLastError());
}

}  // namespace frnn::cuda
