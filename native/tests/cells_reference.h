// A plain double-precision evaluation of the recurrent layers for the cell tests: the per-step math of
// simple_rnn.h, lstm.h and gru.h written out again in double, and the time loop (masks, dropout,
// go_backwards, outputs, initial states) as the Java reference's RecurrentRef. Slow and obvious on
// purpose: per sample, per step, per gate column.
#pragma once

#include <cmath>
#include <vector>

#include "fusedrnn/frnn.h"

namespace cellref {

using Vec = std::vector<double>;

inline double act_f(int a, double x) {
    switch (a) {
        case FRNN_ACT_TANH: return std::tanh(x);
        case FRNN_ACT_SIGMOID: return 1.0 / (1.0 + std::exp(-x));
        case FRNN_ACT_RELU: return x > 0 ? x : 0.0;
        case FRNN_ACT_HARD_SIGMOID_KERAS2: return std::fmin(1.0, std::fmax(0.0, 0.2 * x + 0.5));
        case FRNN_ACT_HARD_SIGMOID_KERAS3: return std::fmin(1.0, std::fmax(0.0, x / 6.0 + 0.5));
        default: return x;
    }
}

inline double act_d(int a, double x, double y) {
    switch (a) {
        case FRNN_ACT_TANH: return 1.0 - y * y;
        case FRNN_ACT_SIGMOID: return y * (1.0 - y);
        case FRNN_ACT_RELU: return x > 0 ? 1.0 : 0.0;
        case FRNN_ACT_HARD_SIGMOID_KERAS2: return (x > -2.5 && x < 2.5) ? 0.2 : 0.0;
        case FRNN_ACT_HARD_SIGMOID_KERAS3: return (x > -3.0 && x < 3.0) ? 1.0 / 6.0 : 0.0;
        default: return 1.0;
    }
}

struct Problem {
    frnn_rnn_desc d;
    int N, T;
    // Inputs (empty = not given).
    Vec x, mask, h0, c0, W, U, b, in_drop, rec_drop;
    // Upstream gradients.
    Vec d_out, d_h_last, d_c_last;
};

struct Result {
    Vec out, h_last, c_last;
    Vec dx, dW, dU, db, dh0, dc0;
};

inline int gates(int cell) { return cell == FRNN_CELL_LSTM ? 4 : cell == FRNN_CELL_GRU ? 3 : 1; }

// One sample's step: inputs xd [C] (dropped), hr [H] (h_rec), hp [H] (undropped h_{t-1}), cp [H].
struct Step {
    Vec pre, a, aux, h, c;  // records and new states
};

inline Step step_forward(const Problem& p, const Vec& xd, const Vec& hr, const Vec& hp, const Vec& cp) {
    const int C = p.d.input_size, H = p.d.units, G = gates(p.d.cell), GH = G * H, cell = p.d.cell;
    const bool ra = cell == FRNN_CELL_GRU && p.d.reset_after;
    const int act = p.d.activation, ract = p.d.recurrent_activation;
    Step st{Vec(GH), Vec(GH), Vec(H), Vec(H), Vec(H)};
    auto xdot = [&](int j) { double s = 0; for (int c = 0; c < C; c++) s += xd[c] * p.W[c * GH + j]; return s; };
    auto hdot = [&](const Vec& v, int j) { double s = 0; for (int k = 0; k < H; k++) s += v[k] * p.U[k * GH + j]; return s; };
    if (cell == FRNN_CELL_SIMPLE_RNN) {
        for (int k = 0; k < H; k++) {
            st.pre[k] = xdot(k) + hdot(hr, k) + p.b[k];
            st.a[k] = st.h[k] = act_f(act, st.pre[k]);
        }
    } else if (cell == FRNN_CELL_LSTM) {
        for (int j = 0; j < GH; j++) {
            st.pre[j] = xdot(j) + hdot(hr, j) + p.b[j];
            st.a[j] = act_f(j >= 2 * H && j < 3 * H ? act : ract, st.pre[j]);
        }
        for (int k = 0; k < H; k++) {
            st.c[k] = st.a[H + k] * cp[k] + st.a[k] * st.a[2 * H + k];
            st.h[k] = st.a[3 * H + k] * act_f(act, st.c[k]);
        }
    } else {
        for (int j = 0; j < 2 * H; j++) {
            st.pre[j] = xdot(j) + hdot(hr, j) + p.b[j] + (ra ? p.b[GH + j] : 0.0);
            st.a[j] = act_f(ract, st.pre[j]);
        }
        Vec rh(H);
        for (int k = 0; k < H; k++) rh[k] = st.a[H + k] * hr[k];
        for (int k = 0; k < H; k++) {
            const int j = 2 * H + k;
            if (ra) {
                st.aux[k] = hdot(hr, j) + p.b[GH + j];
                st.pre[j] = xdot(j) + p.b[j] + st.a[H + k] * st.aux[k];
            } else {
                st.aux[k] = rh[k];
                st.pre[j] = xdot(j) + hdot(rh, j) + p.b[j];
            }
            st.a[j] = act_f(act, st.pre[j]);
            st.h[k] = st.a[k] * hp[k] + (1 - st.a[k]) * st.a[j];
        }
    }
    return st;
}

// Backward of step_forward for one sample: accumulates dW, dU, db; returns dx [C], and writes
// dhr = dL/dh_rec, dhp = dL/dh_{t-1} through paths without dropout, dcp = dL/dc_{t-1}.
inline Vec step_backward(const Problem& p, const Step& st, const Vec& xd, const Vec& hr, const Vec& hp,
                         const Vec& cp, const Vec& dh, const Vec& dc, Result& r, Vec& dhr, Vec& dhp, Vec& dcp) {
    const int C = p.d.input_size, H = p.d.units, G = gates(p.d.cell), GH = G * H, cell = p.d.cell;
    const bool ra = cell == FRNN_CELL_GRU && p.d.reset_after;
    const int act = p.d.activation, ract = p.d.recurrent_activation;
    Vec dpre(GH, 0.0), drec(GH, 0.0), dx(C, 0.0);
    dhr.assign(H, 0.0);
    dhp.assign(H, 0.0);
    dcp.assign(H, 0.0);
    // dpre[j] feeds W[:, j] from xd and b[j]; drec[j] feeds U[:, j] from `src` and the recurrent bias.
    auto back_input = [&](int j, double g) {
        for (int c = 0; c < C; c++) {
            r.dW[c * GH + j] += xd[c] * g;
            dx[c] += p.W[c * GH + j] * g;
        }
        r.db[j] += g;
    };
    auto back_rec = [&](const Vec& src, int j, double g, Vec& dsrc) {
        for (int k = 0; k < H; k++) {
            r.dU[k * GH + j] += src[k] * g;
            dsrc[k] += p.U[k * GH + j] * g;
        }
    };
    if (cell == FRNN_CELL_SIMPLE_RNN) {
        for (int k = 0; k < H; k++) dpre[k] = dh[k] * act_d(act, st.pre[k], st.a[k]);
        for (int j = 0; j < GH; j++) { back_input(j, dpre[j]); back_rec(hr, j, dpre[j], dhr); }
    } else if (cell == FRNN_CELL_LSTM) {
        for (int k = 0; k < H; k++) {
            const double i = st.a[k], f = st.a[H + k], g = st.a[2 * H + k], o = st.a[3 * H + k];
            const double tc = act_f(act, st.c[k]);
            const double dct = dc[k] + dh[k] * o * act_d(act, st.c[k], tc);
            dpre[k] = dct * g * act_d(ract, st.pre[k], i);
            dpre[H + k] = dct * cp[k] * act_d(ract, st.pre[H + k], f);
            dpre[2 * H + k] = dct * i * act_d(act, st.pre[2 * H + k], g);
            dpre[3 * H + k] = dh[k] * tc * act_d(ract, st.pre[3 * H + k], o);
            dcp[k] = dct * f;
        }
        for (int j = 0; j < GH; j++) { back_input(j, dpre[j]); back_rec(hr, j, dpre[j], dhr); }
    } else {
        for (int k = 0; k < H; k++) {
            const double z = st.a[k], hh = st.a[2 * H + k];
            dpre[k] = dh[k] * (hp[k] - hh) * act_d(ract, st.pre[k], z);
            dpre[2 * H + k] = dh[k] * (1 - z) * act_d(act, st.pre[2 * H + k], hh);
            dhp[k] = dh[k] * z;
        }
        if (ra) {
            for (int k = 0; k < H; k++)
                dpre[H + k] = dpre[2 * H + k] * st.aux[k] * act_d(ract, st.pre[H + k], st.a[H + k]);
            for (int j = 0; j < GH; j++) {
                back_input(j, dpre[j]);
                const double g = j < 2 * H ? dpre[j] : dpre[j] * st.a[H + j - 2 * H];
                r.db[GH + j] += g;
                back_rec(hr, j, g, dhr);
            }
        } else {
            Vec drh(H, 0.0);
            for (int j = 2 * H; j < GH; j++) { back_input(j, dpre[j]); back_rec(st.aux, j, dpre[j], drh); }
            for (int k = 0; k < H; k++) {
                dpre[H + k] = drh[k] * hr[k] * act_d(ract, st.pre[H + k], st.a[H + k]);
                dhr[k] += drh[k] * st.a[H + k];
            }
            for (int j = 0; j < 2 * H; j++) { back_input(j, dpre[j]); back_rec(hr, j, dpre[j], dhr); }
        }
    }
    return dx;
}

// The whole sequence, forward and backward (RecurrentRef's loop).
inline Result run(const Problem& p) {
    const int N = p.N, T = p.T, C = p.d.input_size, H = p.d.units, GH = gates(p.d.cell) * H;
    const bool lstm = p.d.cell == FRNN_CELL_LSTM, seq = p.d.return_sequences;
    Result r;
    r.out.assign(seq ? N * T * H : N * H, 0.0);
    r.dx.assign(N * T * C, 0.0);
    r.dW.assign(C * GH, 0.0);
    r.dU.assign(H * GH, 0.0);
    r.db.assign(p.b.size(), 0.0);
    auto t_of = [&](int s) { return p.d.go_backwards ? T - 1 - s : s; };
    auto valid = [&](int n, int s) { return p.mask.empty() || p.mask[n * T + t_of(s)] != 0; };
    std::vector<Vec> hs(T + 1, Vec(N * H, 0.0)), cs(T + 1, Vec(N * H, 0.0));
    if (!p.h0.empty()) hs[0] = p.h0;
    if (!p.c0.empty()) cs[0] = p.c0;
    std::vector<std::vector<Step>> rec(T, std::vector<Step>(N));
    std::vector<Vec> xds(T, Vec()), hrs(T, Vec());
    auto inputs = [&](int n, int s, Vec& xd, Vec& hr, Vec& hp, Vec& cp) {
        xd.assign(C, 0.0); hr.assign(H, 0.0); hp.assign(H, 0.0); cp.assign(H, 0.0);
        for (int c = 0; c < C; c++)
            xd[c] = p.x[(n * T + t_of(s)) * C + c] * (p.in_drop.empty() ? 1.0 : p.in_drop[n * C + c]);
        for (int k = 0; k < H; k++) {
            hp[k] = hs[s][n * H + k];
            hr[k] = hp[k] * (p.rec_drop.empty() ? 1.0 : p.rec_drop[n * H + k]);
            cp[k] = cs[s][n * H + k];
        }
    };
    Vec prev(N * H, 0.0);
    for (int s = 0; s < T; s++) {
        hs[s + 1] = hs[s];
        cs[s + 1] = cs[s];
        for (int n = 0; n < N; n++) {
            Vec xd, hr, hp, cp;
            const double* src = nullptr;
            Vec zeros(H, 0.0);
            if (valid(n, s)) {
                inputs(n, s, xd, hr, hp, cp);
                rec[s][n] = step_forward(p, xd, hr, hp, cp);
                for (int k = 0; k < H; k++) {
                    hs[s + 1][n * H + k] = prev[n * H + k] = rec[s][n].h[k];
                    if (lstm) cs[s + 1][n * H + k] = rec[s][n].c[k];
                }
                src = &prev[n * H];
            } else {
                src = p.d.zero_output_for_mask ? zeros.data() : &prev[n * H];
            }
            if (seq) for (int k = 0; k < H; k++) r.out[(n * T + s) * H + k] = src[k];
            else if (s == T - 1) for (int k = 0; k < H; k++) r.out[n * H + k] = src[k];
        }
    }
    r.h_last = hs[T];
    r.c_last = cs[T];
    // Backward.
    Vec dh = p.d_h_last.empty() ? Vec(N * H, 0.0) : p.d_h_last;
    Vec dc = p.d_c_last.empty() ? Vec(N * H, 0.0) : p.d_c_last;
    Vec drep(N * H, 0.0);
    for (int s = T - 1; s >= 0; s--) {
        for (int n = 0; n < N; n++) {
            Vec dout(H);
            for (int k = 0; k < H; k++) {
                const double up = seq ? p.d_out[(n * T + s) * H + k] : s == T - 1 ? p.d_out[n * H + k] : 0.0;
                dout[k] = up + drep[n * H + k];
            }
            if (!valid(n, s)) {
                if (!p.d.zero_output_for_mask) for (int k = 0; k < H; k++) drep[n * H + k] = dout[k];
                continue;
            }
            Vec xd, hr, hp, cp, dhn(H), dcn(H), dhr, dhp, dcp;
            inputs(n, s, xd, hr, hp, cp);
            for (int k = 0; k < H; k++) {
                dhn[k] = dh[n * H + k] + dout[k];
                dcn[k] = dc[n * H + k];
                drep[n * H + k] = 0;
            }
            Vec dx = step_backward(p, rec[s][n], xd, hr, hp, cp, dhn, dcn, r, dhr, dhp, dcp);
            for (int k = 0; k < H; k++) {
                dh[n * H + k] = dhp[k] + dhr[k] * (p.rec_drop.empty() ? 1.0 : p.rec_drop[n * H + k]);
                dc[n * H + k] = dcp[k];
            }
            for (int c = 0; c < C; c++)
                r.dx[(n * T + t_of(s)) * C + c] = dx[c] * (p.in_drop.empty() ? 1.0 : p.in_drop[n * C + c]);
        }
    }
    r.dh0 = dh;
    r.dc0 = dc;
    return r;
}

}  // namespace cellref
