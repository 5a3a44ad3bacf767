#include "core/rnn_cpu.h"

#include <algorithm>
#include <cstring>

namespace frnn {
namespace {

// Carves consecutive 64-byte aligned regions out of one workspace buffer.
class Carver {
public:
    explicit Carver(float* base) : base_(base) {}
    float* take(int64_t n) {
        float* p = base_ ? base_ + used_ : nullptr;
        used_ += (n + 15) / 16 * 16;
        return p;
    }
    int64_t used() const { return used_; }

private:
    float* base_;
    int64_t used_ = 0;
};

Seq make_seq(frnn_context* ctx, const frnn_rnn_desc& d, const frnn_rnn_tensors& t) {
    Seq q;
    q.N = t.batch;
    q.T = t.time;
    q.C = d.input_size;
    q.H = d.units;
    q.G = rnn_gates(d.cell);
    q.GH = q.G * q.H;
    q.cell = d.cell;
    q.act = d.activation;
    q.ract = d.recurrent_activation;
    q.reset_after = d.cell == FRNN_CELL_GRU && d.reset_after != 0;
    q.go_backwards = d.go_backwards != 0;
    q.return_sequences = d.return_sequences != 0;
    q.zero_output = d.zero_output_for_mask != 0;
    q.t = &t;
    q.isa = ctx->isa;
    q.ki = kernel_info(ctx->isa);
    q.pool = &ctx->pool;
    return q;
}

// The tape's views (training): every step has its own slot.
void tape_views(Seq& q, float* tape) {
    const int64_t nh = q.N * q.H, ng = q.N * q.GH, T = q.T;
    q.pre = {tape, T, ng};
    q.act_v = {tape + T * ng, T, ng};
    q.h = {tape + 2 * T * ng, T + 1, nh};
    float* next = tape + 2 * T * ng + (T + 1) * nh;
    if (q.cell == FRNN_CELL_LSTM) {
        q.c = {next, T + 1, nh};
        next += (T + 1) * nh;
    }
    if (q.cell == FRNN_CELL_GRU) q.aux = {next, T, nh};
}

// x_t times the input dropout mask, time-major in processing order: xs [T, N, C].
void gather_inputs(const Seq& q, float* xs) {
    const frnn_rnn_tensors& t = *q.t;
    for (int64_t s = 0; s < q.T; s++) {
        for (int64_t n = 0; n < q.N; n++) {
            const float* src = t.x + (n * q.T + q.input_time(s)) * q.C;
            float* dst = xs + (s * q.N + n) * q.C;
            if (t.input_dropout == nullptr) {
                std::memcpy(dst, src, q.C * sizeof(float));
            } else {
                const float* keep = t.input_dropout + n * q.C;
                for (int64_t k = 0; k < q.C; k++) dst[k] = src[k] * keep[k];
            }
        }
    }
}

// After a step's cell math on units [u0, u1): masked rows carry the state, every row writes its output
// and the h_rec of the next step.
void finish_step(const Seq& q, int64_t s, int64_t u0, int64_t u1) {
    const frnn_rnn_tensors& t = *q.t;
    const int64_t H = q.H;
    for (int64_t n = 0; n < q.N; n++) {
        float* h1 = q.h.at(s + 1) + n * H;
        float* prev = q.prev_out + n * H;
        const bool valid = q.valid(n, s);
        if (valid) {
            if (t.mask != nullptr)  // only masked steps repeat it
                for (int64_t k = u0; k < u1; k++) prev[k] = h1[k];
        } else {
            const float* h0 = q.h.at(s) + n * H;
            for (int64_t k = u0; k < u1; k++) h1[k] = h0[k];
            if (q.cell == FRNN_CELL_LSTM) {
                const float* c0 = q.c.at(s) + n * H;
                float* c1 = q.c.at(s + 1) + n * H;
                for (int64_t k = u0; k < u1; k++) c1[k] = c0[k];
            }
        }
        if (q.return_sequences || s == q.T - 1) {
            float* out = t.output + (q.return_sequences ? (n * q.T + s) * H : n * H);
            const float* src = valid ? h1 : prev;
            for (int64_t k = u0; k < u1; k++) out[k] = (valid || !q.zero_output) ? src[k] : 0.0f;
        }
        if (t.recurrent_dropout != nullptr) {
            const float* keep = t.recurrent_dropout + n * H;
            float* hr = q.hrec.at(s + 1) + n * H;
            for (int64_t k = u0; k < u1; k++) hr[k] = h1[k] * keep[k];
        }
    }
}

// Thread tid's unit blocks.
Range my_blocks(const Seq& q, int tid) { return split(q.blocks(), 1, tid, q.pool->size()); }

}  // namespace

int rnn_gates(int cell) { return cell == FRNN_CELL_LSTM ? 4 : cell == FRNN_CELL_GRU ? 3 : 1; }

int64_t rnn_tape_floats(const frnn_rnn_desc& d, int64_t batch, int64_t time) {
    const int64_t nh = batch * d.units, ng = nh * rnn_gates(d.cell);
    int64_t floats = 2 * time * ng + (time + 1) * nh;
    if (d.cell == FRNN_CELL_LSTM) floats += (time + 1) * nh;
    if (d.cell == FRNN_CELL_GRU) floats += time * nh;
    return floats;
}

void step_product(const Seq& q, const float* a, int64_t lda, int64_t k, const float* packed, int gates, int g0,
                  int g1, int64_t b0, int64_t b1, float* c, int64_t ldc, int64_t n_begin, int64_t n_end) {
    // Panel by panel (each read once from wherever it lives), row block by row block (A stays in L1/L2).
    const int MR = q.ki.mr, NR = q.ki.nr;
    for (int64_t b = b0; b < b1; b++) {
        const int width = static_cast<int>(std::min<int64_t>(NR, q.H - b * NR));
        for (int g = g0; g < g1; g++) {
            const float* panel = packed + (b * gates + g) * k * NR;
            for (int64_t n0 = n_begin; n0 < n_end; n0 += MR)
                q.ki.kernel(k, a + n0 * lda, lda, 1, static_cast<int>(std::min<int64_t>(MR, n_end - n0)), panel,
                            c + n0 * ldc + g * q.H + b * NR, ldc, width, 1.0f, 0.0f);
        }
    }
}

void pack_gate_panels(const Seq& q, bool trans, int64_t k0, int64_t k, int gates, int64_t b0, int64_t b1,
                      float* dst) {
    const int NR = q.ki.nr;
    for (int64_t b = b0; b < b1; b++) {
        const int width = static_cast<int>(std::min<int64_t>(NR, q.H - b * NR));
        for (int g = 0; g < gates; g++)
            pack_b_panel(trans, q.t->recurrent_kernel, q.GH, k0, k, g * q.H + b * NR, width, NR,
                         dst + (b * gates + g) * k * NR);
    }
}

void rnn_forward(frnn_context* ctx, const frnn_rnn_desc& d, const frnn_rnn_tensors& t, float* tape) {
    Seq q = make_seq(ctx, d, t);
    const int64_t N = q.N, T = q.T, H = q.H, nh = N * H, ng = N * q.GH;
    const bool lstm = q.cell == FRNN_CELL_LSTM, gru = q.cell == FRNN_CELL_GRU;
    // Workspace: xs, then (inference) the views' rotating slots, then rec, prev_out, packed U.
    auto layout = [&](float* base) {
        Carver w(base);
        float* xs = w.take(T * N * q.C);
        if (tape != nullptr) {
            tape_views(q, tape);
        } else {
            q.pre = {w.take(T * ng), T, ng};
            q.act_v = {w.take(ng), 1, ng};
            q.h = {w.take(2 * nh), 2, nh};
            if (lstm) q.c = {w.take(2 * nh), 2, nh};
            if (gru) q.aux = {w.take(nh), 1, nh};
        }
        if (t.recurrent_dropout != nullptr) q.hrec = {w.take(2 * nh), 2, nh};
        q.rec = w.take(ng);
        q.prev_out = w.take(nh);
        q.packed = w.take(q.blocks() * q.G * H * q.ki.nr);
        return std::make_pair(xs, w.used());
    };
    const int64_t floats = layout(nullptr).second;
    float* xs = layout(ctx->rnn_workspace.get(static_cast<size_t>(floats))).first;
    // Fuse the product with the pointwise pass per row block only while a thread's panels stay in L1 (32 KiB
    // of the 48 KiB of current cores): fusing re-reads them for every row block, whereas multiplying all
    // rows panel by panel reads each panel once and re-reads only h (N x H), far less traffic beyond L1.
    const int64_t blocks_per_thread = (q.blocks() + q.pool->size() - 1) / q.pool->size();
    q.fuse_rows = blocks_per_thread * q.G * H * q.ki.nr * int64_t{sizeof(float)} <= (int64_t{32} << 10);

    // The input projection of every step at once: pre = xs W, [T*N, C] x [C, GH].
    gather_inputs(q, xs);
    gemm(ctx, false, false, T * N, q.GH, q.C, 1.0f, xs, q.C, t.kernel, q.GH, 0.0f, q.pre.at(0), q.GH);

    // Initial states.
    float* h0 = q.h.at(0);
    for (int64_t i = 0; i < nh; i++) h0[i] = t.h0 != nullptr ? t.h0[i] : 0.0f;
    if (lstm)
        for (int64_t i = 0; i < nh; i++) q.c.at(0)[i] = t.c0 != nullptr ? t.c0[i] : 0.0f;
    if (t.recurrent_dropout != nullptr)
        for (int64_t i = 0; i < nh; i++) q.hrec.at(0)[i] = h0[i] * t.recurrent_dropout[i];
    std::fill(q.prev_out, q.prev_out + nh, 0.0f);

    // Steps of blocks [b0, b1).
    auto step = [&](int64_t s, int64_t b0, int64_t b1) {
        if (lstm) lstm_step_forward(q, s, b0, b1);
        else if (gru) gru_step_forward(q, s, b0, b1);
        else simple_rnn_step_forward(q, s, b0, b1);
        finish_step(q, s, q.unit_at(b0), q.unit_at(b1));
    };
    // With several threads each step is a task over unit blocks that any thread may take (StepTasks), except
    // for GRU without reset_after, whose step synchronizes inside and so keeps each thread on its own blocks.
    const bool tasks = q.pool->size() > 1 && !(gru && !q.reset_after);
    if (tasks) ctx->step_tasks.reset(q.blocks());
    // Each thread packs the panels it (usually) multiplies with, so they start out in its own cache.
    auto pack = [&](int64_t b0, int64_t b1) {
        pack_gate_panels(q, false, 0, H, static_cast<int>(q.G), b0, b1, q.packed);
    };
    auto loop = [&](int tid) {
        const Range b = my_blocks(q, tid);
        if (!tasks) {
            pack(b.begin, b.end);
            for (int64_t s = 0; s < T; s++) {
                step(s, b.begin, b.end);
                q.pool->barrier();
            }
            return;
        }
        // Task 0 packs, task s + 1 is step s: a thread that starts late finds its blocks done by the others.
        ctx->step_tasks.run(0, b.begin, b.end, [&](int64_t k) { pack(k, k + 1); });
        for (int64_t s = 0; s < T; s++)
            ctx->step_tasks.run(static_cast<uint32_t>(s + 1), b.begin, b.end, [&](int64_t k) { step(s, k, k + 1); });
    };
    if (tasks) q.pool->run_some(loop);  // a late worker finds every block done
    else q.pool->run(loop);

    if (t.h_last != nullptr) std::memcpy(t.h_last, q.h.at(T), nh * sizeof(float));
    if (t.c_last != nullptr) std::memcpy(t.c_last, q.c.at(T), nh * sizeof(float));
}

void rnn_backward(frnn_context* ctx, const frnn_rnn_desc& d, const frnn_rnn_tensors& t, const float* tape,
                  const frnn_rnn_grads& g) {
    Seq q = make_seq(ctx, d, t);
    const int64_t N = q.N, T = q.T, H = q.H, C = q.C, GH = q.GH, nh = N * H, rows = T * N;
    const bool lstm = q.cell == FRNN_CELL_LSTM, gru = q.cell == FRNN_CELL_GRU;
    const bool split_reset = gru && !q.reset_after;  // GRU's candidate reads (r h_rec) U_h
    tape_views(q, const_cast<float*>(tape));          // read only below
    SeqGrad gr;
    gr.g = &g;
    float* xs = nullptr;
    float* hrec_all = nullptr;
    float* db = nullptr;  // [bias_rows, GH]: the bias gradient, summed step by step
    auto layout = [&](float* base) {
        Carver w(base);
        xs = w.take(rows * C);  // xs [T*N, C], then dx in the same layout
        if (t.recurrent_dropout != nullptr) hrec_all = w.take(rows * H);  // h_rec of all steps [T*N, H]
        gr.dpre = w.take(rows * GH);
        gr.drec = q.reset_after ? w.take(rows * GH) : gr.dpre;
        gr.dh = w.take(nh);
        gr.dc = w.take(nh);
        gr.scratch = w.take(nh);
        gr.scratch2 = w.take(nh);
        q.prev_out = w.take(nh);  // the gradient that masked steps' repeated outputs pass back
        q.rec = w.take(nh);
        q.packed = w.take(q.blocks() * q.ki.nr * GH);
        db = w.take(2 * GH);
        return w.used();
    };
    const int64_t floats = layout(nullptr);
    layout(ctx->rnn_workspace.get(static_cast<size_t>(floats)));
    float* drepeat = q.prev_out;

    for (int64_t i = 0; i < nh; i++) gr.dh[i] = g.d_h_last != nullptr ? g.d_h_last[i] : 0.0f;
    for (int64_t i = 0; i < nh; i++) gr.dc[i] = lstm && g.d_c_last != nullptr ? g.d_c_last[i] : 0.0f;
    std::fill(drepeat, drepeat + nh, 0.0f);
    const int64_t bias_rows = q.reset_after ? 2 : 1;  // GRU reset_after: also the recurrent bias, from drec
    std::fill(db, db + bias_rows * GH, 0.0f);

    // Step s for blocks [b0, b1) in two phases. A: the output gradient joins dh at valid steps (masked steps
    // pass it on to the output they repeat), then the cell's backward writes dpre(s) and drec(s). B, once
    // every unit's drec(s) is there: dh += (drec(s) U^T) * recurrent dropout (all rows; masked rows add 0).
    auto phase_a = [&](int64_t s, int64_t b0, int64_t b1) {
        const int64_t u0 = q.unit_at(b0), u1 = q.unit_at(b1);
        float* dpre = gr.dpre + s * N * GH;
        float* drec = gr.drec + s * N * GH;
        for (int64_t n = 0; n < N; n++) {
            const float* dout = nullptr;
            if (q.return_sequences) dout = g.d_output + (n * T + s) * H;
            else if (s == T - 1) dout = g.d_output + n * H;
            float* dh = gr.dh + n * H;
            float* rep = drepeat + n * H;
            if (t.mask == nullptr) {  // nothing repeated
                if (dout != nullptr)
                    for (int64_t k = u0; k < u1; k++) dh[k] += dout[k];
            } else if (q.valid(n, s)) {
                for (int64_t k = u0; k < u1; k++) {
                    dh[k] += (dout != nullptr ? dout[k] : 0.0f) + rep[k];
                    rep[k] = 0.0f;
                }
            } else {
                if (!q.zero_output)
                    for (int64_t k = u0; k < u1; k++) rep[k] += dout != nullptr ? dout[k] : 0.0f;
                for (int64_t gi = 0; gi < q.G; gi++) {
                    std::fill(dpre + n * GH + gi * H + u0, dpre + n * GH + gi * H + u1, 0.0f);
                    if (drec != dpre) std::fill(drec + n * GH + gi * H + u0, drec + n * GH + gi * H + u1, 0.0f);
                }
            }
        }
        if (lstm) lstm_step_backward(q, gr, s, b0, b1);
        else if (gru) gru_step_backward(q, gr, s, b0, b1);
        else simple_rnn_step_backward(q, gr, s, b0, b1);
        // db += this step's column sums while dpre(s) is in cache: for each column, steps T-1 .. 0 and rows
        // 0 .. N-1 in that order (masked rows add zeros), whatever the thread that has the block.
        for (int64_t n = 0; n < N; n++) {
            for (int64_t gi = 0; gi < q.G; gi++) {
                const int64_t j0 = gi * H + u0, j1 = gi * H + u1;
                const float* dp = dpre + n * GH;
                for (int64_t j = j0; j < j1; j++) db[j] += dp[j];
                if (bias_rows == 2) {
                    const float* dr = drec + n * GH;
                    for (int64_t j = j0; j < j1; j++) db[GH + j] += dr[j];
                }
            }
        }
    };
    auto phase_b = [&](int64_t s, int64_t b0, int64_t b1) {
        const int64_t u0 = q.unit_at(b0), u1 = q.unit_at(b1);
        step_product(q, gr.drec + s * N * GH, GH, GH, q.packed, 1, 0, 1, b0, b1, q.rec, H);
        for (int64_t n = 0; n < N; n++) {
            const float* keep = t.recurrent_dropout != nullptr ? t.recurrent_dropout + n * H : nullptr;
            for (int64_t k = u0; k < u1; k++)
                gr.dh[n * H + k] += keep != nullptr ? q.rec[n * H + k] * keep[k] : q.rec[n * H + k];
        }
    };
    // Several threads: task 0 packs, task k + 1 is B of step T-k and then A of step T-1-k for each block (A of
    // a block needs only B of the same block; B needs A of every block), see the forward.
    const bool tasks = q.pool->size() > 1 && !split_reset;
    if (tasks) ctx->step_tasks.reset(q.blocks());
    // Panels of U^T for blocks [b0, b1) (GRU without reset_after: U_h^T, then U_zr^T).
    auto pack = [&](int64_t b0, int64_t b1) {
        if (split_reset) {
            pack_gate_panels(q, true, 2 * H, H, 1, b0, b1, q.packed);
            pack_gate_panels(q, true, 0, 2 * H, 1, b0, b1, q.packed + q.blocks() * q.ki.nr * H);
        } else {
            pack_gate_panels(q, true, 0, GH, 1, b0, b1, q.packed);
        }
    };
    auto loop = [&](int tid) {
        const Range b = my_blocks(q, tid);
        if (!tasks) {
            pack(b.begin, b.end);
            for (int64_t s = T - 1; s >= 0; s--) {
                phase_a(s, b.begin, b.end);
                if (split_reset) continue;  // the GRU step did its recurrent products and barriers
                q.pool->barrier();          // drec(s) complete for every unit
                phase_b(s, b.begin, b.end);
            }
            return;
        }
        ctx->step_tasks.run(0, b.begin, b.end, [&](int64_t blk) { pack(blk, blk + 1); });  // task 0 packs
        for (int64_t k = 0; k <= T; k++) {
            ctx->step_tasks.run(static_cast<uint32_t>(k + 1), b.begin, b.end, [&](int64_t blk) {
                if (k > 0) phase_b(T - k, blk, blk + 1);
                if (k < T) phase_a(T - 1 - k, blk, blk + 1);
            });
        }
    };
    if (tasks) q.pool->run_some(loop);  // a late worker finds every block done
    else q.pool->run(loop);

    if (g.dh0 != nullptr) std::memcpy(g.dh0, gr.dh, nh * sizeof(float));
    if (g.dc0 != nullptr) std::memcpy(g.dc0, gr.dc, nh * sizeof(float));

    // dU = h_rec^T drec over all steps, [H, T*N] x [T*N, GH]. The tape's h rows 0..T-1 are the states
    // entering each step; with recurrent dropout they are multiplied by the mask first.
    const float* hr = q.h.at(0);
    if (t.recurrent_dropout != nullptr) {
        for (int64_t s = 0; s < T; s++)
            for (int64_t i = 0; i < nh; i++) hrec_all[s * nh + i] = hr[s * nh + i] * t.recurrent_dropout[i];
        hr = hrec_all;
    }
    // dW = xs^T dpre, [C, T*N] x [T*N, GH]. Where dU's right operand is dpre too, one product packs dpre for
    // both: all of it (LSTM, SimpleRNN), or its z and r columns (GRU reset_after: drec differs from dpre only
    // in the candidate's columns).
    gather_inputs(q, xs);
    const GemmRows parts[2] = {{hr, H, 0, H, g.d_recurrent_kernel, GH}, {xs, C, 0, C, g.d_kernel, GH}};
    if (split_reset) {
        gemm(ctx, true, false, H, 2 * H, rows, 1.0f, hr, H, gr.dpre, GH, 0.0f, g.d_recurrent_kernel, GH);
        gemm(ctx, true, false, H, H, rows, 1.0f, q.aux.at(0), H, gr.dpre + 2 * H, GH, 0.0f,
             g.d_recurrent_kernel + 2 * H, GH);
        gemm(ctx, true, false, C, GH, rows, 1.0f, xs, C, gr.dpre, GH, 0.0f, g.d_kernel, GH);
    } else if (q.reset_after) {
        gemm_shared_b(ctx, true, false, parts, 2, 2 * H, rows, 1.0f, gr.dpre, GH, 0.0f);
        gemm(ctx, true, false, H, H, rows, 1.0f, hr, H, gr.drec + 2 * H, GH, 0.0f, g.d_recurrent_kernel + 2 * H, GH);
        gemm(ctx, true, false, C, H, rows, 1.0f, xs, C, gr.dpre + 2 * H, GH, 0.0f, g.d_kernel + 2 * H, GH);
    } else {
        gemm_shared_b(ctx, true, false, parts, 2, GH, rows, 1.0f, gr.dpre, GH, 0.0f);
    }
    // dx = dpre W^T, [T*N, GH] x [GH, C], into xs, then to dx's layout.
    if (g.dx != nullptr) {
        gemm(ctx, false, true, rows, C, GH, 1.0f, gr.dpre, GH, t.kernel, GH, 0.0f, xs, C);
        for (int64_t s = 0; s < T; s++) {
            for (int64_t n = 0; n < N; n++) {
                const float* src = xs + (s * N + n) * C;
                float* dst = g.dx + (n * T + q.input_time(s)) * C;
                for (int64_t k = 0; k < C; k++)
                    dst[k] = t.input_dropout != nullptr ? src[k] * t.input_dropout[n * C + k] : src[k];
            }
        }
    }

    std::memcpy(g.d_bias, db, bias_rows * GH * sizeof(float));
}

}  // namespace frnn
