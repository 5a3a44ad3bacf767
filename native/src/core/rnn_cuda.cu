// The recurrent sequence driver of the CUDA backend (see rnn_cuda.h): workspace, input gathering, the
// whole-sequence GEMMs, the time loops over the cells' steps, and the deterministic bias gradient.
#include "core/rnn_cuda.h"

#include "core/cuda_context.h"
#include "core/cuda_status.h"
#include "core/error.h"
#include "core/gemm_cuda.h"

namespace frnn::cuda {
namespace {

Seq make_seq(const frnn_rnn_desc& d, const frnn_rnn_tensors& t) {
    Seq q{};
    q.N = t.batch;
    q.T = t.time;
    q.C = d.input_size;
    q.H = d.units;
    q.G = rnn_gates(d.cell);
    q.GH = q.G * q.H;
    q.act = d.activation;
    q.ract = d.recurrent_activation;
    q.reset_after = d.cell == FRNN_CELL_GRU && d.reset_after != 0;
    q.go_backwards = d.go_backwards != 0;
    q.return_sequences = d.return_sequences != 0;
    q.zero_output = d.zero_output_for_mask != 0;
    q.x = t.x;
    q.mask = t.mask;
    q.bias = t.bias;
    q.recurrent_kernel = t.recurrent_kernel;
    q.input_dropout = t.input_dropout;
    q.recurrent_dropout = t.recurrent_dropout;
    q.output = t.output;
    return q;
}

// The tape's views: every step has its own slot.
void tape_views(Seq& q, float* tape, int cell) {
    const int64_t nh = q.N * q.H, ng = q.N * q.GH, T = q.T;
    q.pre = {tape, T, ng};
    q.act_v = {tape + T * ng, T, ng};
    q.h = {tape + 2 * T * ng, T + 1, nh};
    float* next = tape + 2 * T * ng + (T + 1) * nh;
    if (cell == FRNN_CELL_LSTM) {
        q.c = {next, T + 1, nh};
        next += (T + 1) * nh;
    }
    if (cell == FRNN_CELL_GRU) q.aux = {next, T, nh};
}

// xs [T, N, C] in processing order: x_t times the input dropout mask.
__global__ void gather_inputs_kernel(Seq q, float* xs) {
    FRNN_GRID_LOOP(i, q.T * q.N * q.C) {
        const int64_t s = i / (q.N * q.C), n = i / q.C % q.N, k = i % q.C;
        const float v = q.x[(n * q.T + q.input_time(s)) * q.C + k];
        xs[i] = q.input_dropout != nullptr ? v * q.input_dropout[n * q.C + k] : v;
    }
}

// dx[n, input_time(s), k] = dxs[s, n, k] times the input dropout mask.
__global__ void scatter_dx_kernel(Seq q, const float* dxs, float* dx) {
    FRNN_GRID_LOOP(i, q.T * q.N * q.C) {
        const int64_t s = i / (q.N * q.C), n = i / q.C % q.N, k = i % q.C;
        const float v = dxs[i];
        dx[(n * q.T + q.input_time(s)) * q.C + k] = q.input_dropout != nullptr ? v * q.input_dropout[n * q.C + k] : v;
    }
}

// Initial states h(0), c(0) (zeros when not given), h_rec(0), and prev_out = 0.
__global__ void initial_state_kernel(Seq q, const float* h0, const float* c0) {
    FRNN_GRID_LOOP(i, q.N * q.H) {
        const float h = h0 != nullptr ? h0[i] : 0.0f;
        q.h.at(0)[i] = h;
        if (q.G == 4) q.c.at(0)[i] = c0 != nullptr ? c0[i] : 0.0f;
        if (q.recurrent_dropout != nullptr) q.hrec.at(0)[i] = h * q.recurrent_dropout[i];
        q.prev_out[i] = 0.0f;
    }
}

// Backward's initial gradients: dh = d_h_last, dc = d_c_last (zeros when not given), repeats = 0.
__global__ void initial_grad_kernel(Seq q, SeqGrad g, const float* d_h_last, const float* d_c_last) {
    FRNN_GRID_LOOP(i, q.N * q.H) {
        g.dh[i] = d_h_last != nullptr ? d_h_last[i] : 0.0f;
        g.dc[i] = d_c_last != nullptr ? d_c_last[i] : 0.0f;
        q.prev_out[i] = 0.0f;
    }
}

// dh += rec * recurrent dropout.
__global__ void add_scaled_kernel(Seq q, SeqGrad g) {
    FRNN_GRID_LOOP(e, q.N * q.H) {
        g.dh[e] += q.recurrent_dropout != nullptr ? q.rec[e] * q.recurrent_dropout[e] : q.rec[e];
    }
}

// h_rec of every step [T*N, H]: the tape's entering states times the recurrent dropout mask.
__global__ void dropped_states_kernel(Seq q, const float* h, float* out) {
    FRNN_GRID_LOOP(i, q.T * q.N * q.H) out[i] = h[i] * q.recurrent_dropout[i % (q.N * q.H)];
}

// db[j] = sum over rows r (in increasing order) of src_j[r]: column j < GH from dpre, j >= GH (GRU
// reset_after's recurrent bias row) from drec. One thread per column: fixed order, no atomics.
__global__ void bias_grad_kernel(int64_t rows, int64_t GH, int64_t cols, const float* dpre, const float* drec,
                                 float* d_bias) {
    FRNN_GRID_LOOP(j, cols) {
        const float* src = j < GH ? dpre + j : drec + (j - GH);
        float acc = 0.0f;
        for (int64_t r = 0; r < rows; r++) acc += src[r * GH];
        d_bias[j] = acc;
    }
}

void check_launch() { FRNN_CUDA_CHECK(cudaGetLastError()); }

}  // namespace

int rnn_gates(int cell) { return cell == FRNN_CELL_LSTM ? 4 : cell == FRNN_CELL_GRU ? 3 : 1; }

int64_t rnn_tape_floats(const frnn_rnn_desc& d, int64_t batch, int64_t time) {
    const int64_t nh = batch * d.units, ng = nh * rnn_gates(d.cell);
    int64_t floats = 2 * time * ng + (time + 1) * nh;
    if (d.cell == FRNN_CELL_LSTM) floats += (time + 1) * nh;
    if (d.cell == FRNN_CELL_GRU) floats += time * nh;
    return floats;
}

void add_recurrent_gradient(const Seq& q, const SeqGrad& g, int64_t s, cudaStream_t stream) {
    // rec [N, H] = drec(s) [N, GH] x U^T [GH, H]
    gemm(stream, false, true, q.N, q.H, q.GH, 1.0f, g.drec + s * q.N * q.GH, q.GH, q.recurrent_kernel, q.GH, 0.0f,
         q.rec, q.H);
    FRNN_LAUNCH(blocks_for(q.N * q.H), kThreads, stream, add_scaled_kernel)(q, g);
    check_launch();
}

void rnn_forward(frnn_cuda_context* ctx, const frnn_rnn_desc& d, const frnn_rnn_tensors& t, float* tape) {
    Seq q = make_seq(d, t);
    const int64_t N = q.N, T = q.T, H = q.H, nh = N * H, ng = N * q.GH;
    const bool lstm = d.cell == FRNN_CELL_LSTM, gru = d.cell == FRNN_CELL_GRU;
    cudaStream_t stream = ctx->stream;
    float* xs = nullptr;
    auto layout = [&](float* base) {
        Carver w(base);
        xs = w.take(T * N * q.C);
        if (tape != nullptr) {
            tape_views(q, tape, d.cell);
        } else {  // inference: rotating slots (pre keeps every step: the projection fills it at once)
            q.pre = {w.take(T * ng), T, ng};
            q.act_v = {w.take(ng), 1, ng};
            q.h = {w.take(2 * nh), 2, nh};
            if (lstm) q.c = {w.take(2 * nh), 2, nh};
            if (gru) q.aux = {w.take(nh), 1, nh};
        }
        if (t.recurrent_dropout != nullptr) q.hrec = {w.take(2 * nh), 2, nh};
        q.rec = w.take(ng);
        q.prev_out = w.take(nh);
        return w.used();
    };
    layout(ctx->reserve(layout(nullptr)));

    // The input projection of every step at once: pre = xs W, [T*N, C] x [C, GH].
    FRNN_LAUNCH(blocks_for(T * N * q.C), kThreads, stream, gather_inputs_kernel)(q, xs);
    check_launch();
    gemm(stream, false, false, T * N, q.GH, q.C, 1.0f, xs, q.C, t.kernel, q.GH, 0.0f, q.pre.at(0), q.GH);
    FRNN_LAUNCH(blocks_for(nh), kThreads, stream, initial_state_kernel)(q, t.h0, t.c0);
    check_launch();
    for (int64_t s = 0; s < T; s++) {
        if (lstm) lstm_step_forward(q, s, stream);
        else if (gru) gru_step_forward(q, s, stream);
        else simple_rnn_step_forward(q, s, stream);
    }
    const size_t bytes = static_cast<size_t>(nh) * sizeof(float);
    if (t.h_last != nullptr)
        FRNN_CUDA_CHECK(cudaMemcpyAsync(t.h_last, q.h.at(T), bytes, cudaMemcpyDeviceToDevice, stream));
    if (t.c_last != nullptr)
        FRNN_CUDA_CHECK(cudaMemcpyAsync(t.c_last, q.c.at(T), bytes, cudaMemcpyDeviceToDevice, stream));
}

void rnn_backward(frnn_cuda_context* ctx, const frnn_rnn_desc& d, const frnn_rnn_tensors& t, const float* tape,
                  const frnn_rnn_grads& gr) {
    Seq q = make_seq(d, t);
    const int64_t N = q.N, T = q.T, H = q.H, C = q.C, GH = q.GH, nh = N * H, rows = T * N;
    const bool lstm = d.cell == FRNN_CELL_LSTM, gru = d.cell == FRNN_CELL_GRU;
    const bool split_reset = gru && !q.reset_after;  // GRU's candidate reads (r h_rec) U_h
    cudaStream_t stream = ctx->stream;
    tape_views(q, const_cast<float*>(tape), d.cell);  // read only below
    SeqGrad g{};
    g.d_output = gr.d_output;
    float* xs = nullptr;
    auto layout = [&](float* base) {
        Carver w(base);
        xs = w.take(rows * (C > H ? C : H));  // xs [T*N, C]; before that h_rec of all steps [T*N, H]
        g.dpre = w.take(rows * GH);
        g.drec = q.reset_after ? w.take(rows * GH) : g.dpre;
        g.dh = w.take(nh);
        g.dc = w.take(nh);
        g.scratch = w.take(nh);
        g.scratch2 = w.take(nh);
        q.prev_out = w.take(nh);
        q.rec = w.take(nh);
        return w.used();
    };
    layout(ctx->reserve(layout(nullptr)));

    FRNN_LAUNCH(blocks_for(nh), kThreads, stream, initial_grad_kernel)(q, g, gr.d_h_last, lstm ? gr.d_c_last : nullptr);
    check_launch();
    for (int64_t s = T - 1; s >= 0; s--) {
        if (lstm) lstm_step_backward(q, g, s, stream);
        else if (gru) gru_step_backward(q, g, s, stream);
        else simple_rnn_step_backward(q, g, s, stream);
    }
    const size_t bytes = static_cast<size_t>(nh) * sizeof(float);
    if (gr.dh0 != nullptr) FRNN_CUDA_CHECK(cudaMemcpyAsync(gr.dh0, g.dh, bytes, cudaMemcpyDeviceToDevice, stream));
    if (gr.dc0 != nullptr) FRNN_CUDA_CHECK(cudaMemcpyAsync(gr.dc0, g.dc, bytes, cudaMemcpyDeviceToDevice, stream));

    // dU = h_rec^T drec over all steps, [H, T*N] x [T*N, GH]; the tape's h rows 0..T-1 are the states
    // entering each step, times the recurrent dropout mask when there is one.
    const float* hr = q.h.at(0);
    if (t.recurrent_dropout != nullptr) {
        FRNN_LAUNCH(blocks_for(rows * H), kThreads, stream, dropped_states_kernel)(q, hr, xs);
        check_launch();
        hr = xs;
    }
    if (split_reset) {
        gemm(stream, true, false, H, 2 * H, rows, 1.0f, hr, H, g.dpre, GH, 0.0f, gr.d_recurrent_kernel, GH);
        gemm(stream, true, false, H, H, rows, 1.0f, q.aux.at(0), H, g.dpre + 2 * H, GH, 0.0f,
             gr.d_recurrent_kernel + 2 * H, GH);
    } else {
        gemm(stream, true, false, H, GH, rows, 1.0f, hr, H, g.drec, GH, 0.0f, gr.d_recurrent_kernel, GH);
    }

    // dW = xs^T dpre, [C, T*N] x [T*N, GH]; then dx = dpre W^T, [T*N, GH] x [GH, C], reusing xs.
    FRNN_LAUNCH(blocks_for(rows * C), kThreads, stream, gather_inputs_kernel)(q, xs);
    check_launch();
    gemm(stream, true, false, C, GH, rows, 1.0f, xs, C, g.dpre, GH, 0.0f, gr.d_kernel, GH);
    if (gr.dx != nullptr) {
        gemm(stream, false, true, rows, C, GH, 1.0f, g.dpre, GH, t.kernel, GH, 0.0f, xs, C);
        FRNN_LAUNCH(blocks_for(rows * C), kThreads, stream, scatter_dx_kernel)(q, xs, gr.dx);
        check_launch();
    }
    const int64_t bias_cols = (q.reset_after ? 2 : 1) * GH;
    FRNN_LAUNCH(blocks_for(bias_cols), kThreads, stream, bias_grad_kernel)(rows, GH, bias_cols, g.dpre, g.drec,
                                                                          gr.d_bias);
    check_launch();
}

}  // namespace frnn::cuda
