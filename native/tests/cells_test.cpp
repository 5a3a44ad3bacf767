// The fused CPU recurrent layers (frnn_rnn_forward / frnn_rnn_backward) against a plain double-precision
// evaluation (cells_reference.h), for every cell and option, forward and every gradient; bit-identical
// results for 1, 2 and 3 threads and for 8 concurrent callers. ctest runs this once per ISA path with
// FRNN_CPU_ISA set (the argument names the expected path; 77 = skipped when this CPU lacks it).
//
// Tolerance (float32 error analysis, u = 2^-24): a pre-activation is a float32 sum of K = C + H + 2 terms
// with error <= K u sum|a_i b_i|; inputs lie in [-1, 1] and each weight column has sum|w| <= 4 here, so
// sum|a_i b_i| <= 4 and a step adds at most 4 K u (+ a few u from the activations, 1-Lipschitz or less).
// Errors of earlier steps pass through with gain <= 1 + 4 (the recurrent Jacobian's bound), but the tested
// sequences are short, so we allow T times the per-step bound times a factor 4 for the pass count
// (forward; backward's pointwise pass, product and the weight-gradient sums over T*N rows):
//   tol = 16 u T (K + N) in the scaled metric max|got - ref| / max(1, max|ref|).
// A wrong index or a missing term gives errors of order 1e-2 and fails it.
#include <stdlib.h>
#include <string.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "cells_reference.h"
#include "check.h"

namespace {

using cellref::Vec;

struct Options {
    const char* name;
    bool seq = true, back = false, mask = false, zero_out = false, init = false, in_drop = false, rec_drop = false;
};

const Options kOptions[] = {
    {"base"},
    {"last output", false},
    {"go_backwards", true, true},
    {"mask", true, false, true},
    {"mask, zero output", true, false, true, true},
    {"mask, last output, go_backwards", false, true, true},
    {"initial states", true, false, false, false, true},
    {"input dropout", true, false, false, false, false, true},
    {"recurrent dropout", true, false, false, false, false, false, true},
    {"everything", true, true, true, false, true, true, true},
};

std::vector<float> to_f(const Vec& v) { return std::vector<float>(v.begin(), v.end()); }
float* ptr(std::vector<float>& v) { return v.empty() ? nullptr : v.data(); }

// Uniform in [-a, a], rounded to float so the reference sees exactly the float inputs.
Vec random_vec(std::mt19937& rng, size_t n, double a) {
    std::uniform_real_distribution<float> dist(static_cast<float>(-a), static_cast<float>(a));
    Vec v(n);
    for (double& x : v) x = dist(rng);
    return v;
}

// Dropout keep-masks: 0 or 1/(1-p), with p = 0.25.
Vec keep_mask(std::mt19937& rng, size_t n) {
    Vec v(n);
    for (double& x : v) x = (rng() % 4 == 0) ? 0.0 : static_cast<double>(1.0f / 0.75f);
    return v;
}

cellref::Problem make_problem(int cell, int act, int ract, bool reset_after, const Options& o, int N, int T, int C,
                              int H, unsigned seed) {
    std::mt19937 rng(seed);
    cellref::Problem p;
    const int G = cellref::gates(cell), GH = G * H;
    p.d = {cell, C, H, act, ract, reset_after ? 1 : 0, o.back ? 1 : 0, o.seq ? 1 : 0, o.zero_out ? 1 : 0};
    p.N = N;
    p.T = T;
    p.x = random_vec(rng, size_t(N) * T * C, 1.0);
    p.W = random_vec(rng, size_t(C) * GH, 4.0 / C);   // sum_c |W[c, j]| <= 4
    p.U = random_vec(rng, size_t(H) * GH, 4.0 / H);
    p.b = random_vec(rng, size_t(cell == FRNN_CELL_GRU && reset_after ? 2 : 1) * GH, 0.5);
    if (o.mask) {
        // Sample 0 all valid, 1 masked at the first two steps, 2 in the middle, 3 everywhere, others random.
        p.mask.assign(size_t(N) * T, 1.0);
        for (int n = 1; n < N; n++)
            for (int t = 0; t < T; t++) {
                bool m = n == 1 ? t < 2 : n == 2 ? (t == T / 2) : n == 3 ? true : (rng() % 3 == 0);
                p.mask[size_t(n) * T + t] = m ? 0.0 : 1.0;
            }
    }
    if (o.init) {
        p.h0 = random_vec(rng, size_t(N) * H, 1.0);
        if (cell == FRNN_CELL_LSTM) p.c0 = random_vec(rng, size_t(N) * H, 1.0);
        p.d_h_last = random_vec(rng, size_t(N) * H, 1.0);
        if (cell == FRNN_CELL_LSTM) p.d_c_last = random_vec(rng, size_t(N) * H, 1.0);
    }
    if (o.in_drop) p.in_drop = keep_mask(rng, size_t(N) * C);
    if (o.rec_drop) p.rec_drop = keep_mask(rng, size_t(N) * H);
    p.d_out = random_vec(rng, o.seq ? size_t(N) * T * H : size_t(N) * H, 1.0);
    return p;
}

struct Native {
    std::vector<float> out, h_last, c_last, dx, dW, dU, db, dh0, dc0;
    bool operator==(const Native& o) const {
        auto same = [](const std::vector<float>& a, const std::vector<float>& b) {
            // An empty vector's data() may be null, and memcmp with a null pointer is undefined even for 0 bytes.
            return a.size() == b.size() && (a.empty() || memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
        };
        return same(out, o.out) && same(h_last, o.h_last) && same(c_last, o.c_last) && same(dx, o.dx) &&
               same(dW, o.dW) && same(dU, o.dU) && same(db, o.db) && same(dh0, o.dh0) && same(dc0, o.dc0);
    }
};

// Forward (training) and backward through the ABI with a context of `threads` threads.
bool run_native(const cellref::Problem& p, int threads, Native& r) {
    const int N = p.N, T = p.T, C = p.d.input_size, H = p.d.units, GH = cellref::gates(p.d.cell) * H;
    const bool lstm = p.d.cell == FRNN_CELL_LSTM;
    frnn_context* ctx = nullptr;
    if (!CHECK(frnn_context_create(threads, &ctx) == FRNN_OK)) return false;
    std::vector<float> x = to_f(p.x), mask = to_f(p.mask), h0 = to_f(p.h0), c0 = to_f(p.c0), W = to_f(p.W),
                       U = to_f(p.U), b = to_f(p.b), ind = to_f(p.in_drop), recd = to_f(p.rec_drop),
                       dout = to_f(p.d_out), dhl = to_f(p.d_h_last), dcl = to_f(p.d_c_last);
    r.out.assign(p.d.return_sequences ? size_t(N) * T * H : size_t(N) * H, NAN);
    r.h_last.assign(size_t(N) * H, NAN);
    if (lstm) r.c_last.assign(size_t(N) * H, NAN);
    r.dx.assign(size_t(N) * T * C, NAN);
    r.dW.assign(size_t(C) * GH, NAN);
    r.dU.assign(size_t(H) * GH, NAN);
    r.db.assign(b.size(), NAN);
    r.dh0.assign(size_t(N) * H, NAN);
    if (lstm) r.dc0.assign(size_t(N) * H, NAN);
    const int64_t tape_floats = frnn_rnn_tape_floats(&p.d, N, T);
    CHECK(tape_floats > 0);
    std::vector<float> tape(static_cast<size_t>(tape_floats), NAN);
    frnn_rnn_tensors t = {N, T, x.data(), ptr(mask), ptr(h0), ptr(c0), W.data(), U.data(), b.data(), ptr(ind),
                          ptr(recd), r.out.data(), r.h_last.data(), ptr(r.c_last)};
    bool ok = CHECK(frnn_rnn_forward(ctx, &p.d, &t, tape.data()) == FRNN_OK);
    if (!ok) fprintf(stderr, "    %s\n", frnn_last_error());
    frnn_rnn_grads g = {dout.data(), ptr(dhl), ptr(dcl), r.dx.data(), r.dW.data(), r.dU.data(), r.db.data(),
                        r.dh0.data(), ptr(r.dc0)};
    if (ok) ok = CHECK(frnn_rnn_backward(ctx, &p.d, &t, tape.data(), &g) == FRNN_OK);
    if (!ok) fprintf(stderr, "    %s\n", frnn_last_error());
    // Inference (no tape) gives the same forward results.
    std::vector<float> out2(r.out.size()), h2(r.h_last.size()), c2(r.c_last.size());
    frnn_rnn_tensors t2 = t;
    t2.output = out2.data();
    t2.h_last = h2.data();
    t2.c_last = ptr(c2);
    if (ok) ok = CHECK(frnn_rnn_forward(ctx, &p.d, &t2, nullptr) == FRNN_OK);
    if (ok) CHECK(out2 == r.out && h2 == r.h_last && c2 == r.c_last);
    frnn_context_destroy(ctx);
    return ok;
}

double scaled_error(const std::vector<float>& got, const Vec& want) {
    if (got.size() != want.size()) return INFINITY;
    double err = 0, scale = 1;
    for (size_t i = 0; i < want.size(); i++) {
        err = std::fmax(err, std::fabs(got[i] - want[i]));  // NaN in got propagates through fmax as "not larger"
        if (std::isnan(got[i])) err = INFINITY;
        scale = std::fmax(scale, std::fabs(want[i]));
    }
    return err / scale;
}

void compare(const char* what, const std::string& label, const std::vector<float>& got, const Vec& want, double tol) {
    const double e = scaled_error(got, want);
    if (!check::record(e <= tol, __FILE__, __LINE__, what))
        fprintf(stderr, "    %s: %s scaled error %.3g > tol %.3g\n", label.c_str(), what, e, tol);
}

void run_case(int cell, int act, int ract, bool reset_after, const Options& o, int N, int T, int C, int H) {
    static unsigned seed = 1;
    const cellref::Problem p = make_problem(cell, act, ract, reset_after, o, N, T, C, H, seed++);
    const std::string label = std::string(cell == FRNN_CELL_LSTM ? "LSTM" : cell == FRNN_CELL_GRU ? "GRU" : "SimpleRNN") +
                              (cell == FRNN_CELL_GRU ? (reset_after ? " reset_after" : " reset_before") : "") +
                              " act " + std::to_string(act) + " ract " + std::to_string(ract) + " " + o.name +
                              " N" + std::to_string(N) + " T" + std::to_string(T) + " C" + std::to_string(C) +
                              " H" + std::to_string(H);
    const cellref::Result want = cellref::run(p);
    Native r1, r2, r3;
    if (!run_native(p, 1, r1) || !run_native(p, 2, r2) || !run_native(p, 3, r3)) return;
    if (!check::record(r1 == r2 && r1 == r3, __FILE__, __LINE__, "identical bits for 1, 2 and 3 threads"))
        fprintf(stderr, "    %s\n", label.c_str());
    const double u = std::ldexp(1.0, -24);
    const double tol = 16 * u * T * (C + H + 2 + N);
    compare("output", label, r1.out, want.out, tol);
    compare("h_last", label, r1.h_last, want.h_last, tol);
    compare("dx", label, r1.dx, want.dx, tol);
    compare("d_kernel", label, r1.dW, want.dW, tol);
    compare("d_recurrent_kernel", label, r1.dU, want.dU, tol);
    compare("d_bias", label, r1.db, want.db, tol);
    compare("dh0", label, r1.dh0, want.dh0, tol);
    if (cell == FRNN_CELL_LSTM) {
        compare("c_last", label, r1.c_last, want.c_last, tol);
        compare("dc0", label, r1.dc0, want.dc0, tol);
    }
}

// 8 callers at once, each with its own 2-thread context, on a machine with fewer cores: the spinning
// workers must fall back to blocking, and every caller gets the single caller's bits.
void concurrent_callers() {
    const cellref::Problem p = make_problem(FRNN_CELL_LSTM, FRNN_ACT_TANH, FRNN_ACT_SIGMOID, false, kOptions[9], 6, 9,
                                            11, 40, 99);
    Native alone;
    if (!run_native(p, 2, alone)) return;
    std::vector<Native> results(8);
    std::vector<int> oks(8, 0);
    std::vector<std::thread> callers;
    for (int i = 0; i < 8; i++)
        callers.emplace_back([&, i] {
            for (int rep = 0; rep < 3; rep++) oks[i] = run_native(p, 2, results[i]) ? 1 : 0;
        });
    for (std::thread& c : callers) c.join();
    for (int i = 0; i < 8; i++) CHECK(oks[i] == 1 && results[i] == alone);
}

}  // namespace

int main(int argc, char** argv) {
    // argv[1]: the ISA path this run must be on (ctest sets FRNN_CPU_ISA to the same name).
    const char* want_isa = argc > 1 ? argv[1] : nullptr;
    if (want_isa != nullptr && strcmp(frnn_cpu_isa(), want_isa) != 0) {
        // FRNN_CPU_ISA caps a path this CPU lacks to the best one it has: then there is nothing to test here.
        const int f = frnn_cpu_features();
        const bool avx2 = (f & FRNN_CPU_AVX2) && (f & FRNN_CPU_FMA);
        const int avx512_bits = FRNN_CPU_AVX512F | FRNN_CPU_AVX512BW | FRNN_CPU_AVX512DQ | FRNN_CPU_AVX512VL;
        const bool lacking = (strcmp(want_isa, "avx2") == 0 && !avx2) ||
                             (strcmp(want_isa, "avx512") == 0 && (!avx2 || (f & avx512_bits) != avx512_bits));
        if (lacking) {
            printf("cells_test: this CPU has no %s path; skipped\n", want_isa);
            return 77;
        }
        fprintf(stderr, "cells_test: expected ISA path %s (FRNN_CPU_ISA), running %s\n", want_isa, frnn_cpu_isa());
        return 1;
    }
    printf("cells_test: ISA path %s\n", frnn_cpu_isa());
    const int ract_all[] = {FRNN_ACT_SIGMOID, FRNN_ACT_HARD_SIGMOID_KERAS2, FRNN_ACT_HARD_SIGMOID_KERAS3};
    struct CellKind {
        int cell, act;
        bool reset_after;
    } kinds[] = {{FRNN_CELL_SIMPLE_RNN, FRNN_ACT_TANH, false}, {FRNN_CELL_SIMPLE_RNN, FRNN_ACT_RELU, false},
                 {FRNN_CELL_LSTM, FRNN_ACT_TANH, false},       {FRNN_CELL_GRU, FRNN_ACT_TANH, true},
                 {FRNN_CELL_GRU, FRNN_ACT_TANH, false}};
    for (const CellKind& k : kinds) {
        for (const Options& o : kOptions) run_case(k.cell, k.act, FRNN_ACT_SIGMOID, k.reset_after, o, 5, 6, 7, 13);
        if (k.cell != FRNN_CELL_SIMPLE_RNN)
            for (int ract : ract_all) run_case(k.cell, k.act, ract, k.reset_after, kOptions[9], 5, 6, 7, 13);
        // More units than one micro-kernel panel (two or more unit blocks: the threads split them), and the
        // smallest shapes.
        run_case(k.cell, k.act, FRNN_ACT_SIGMOID, k.reset_after, kOptions[9], 7, 5, 9, 37);
        run_case(k.cell, k.act, FRNN_ACT_HARD_SIGMOID_KERAS3, k.reset_after, kOptions[0], 13, 3, 3, 70);
        run_case(k.cell, k.act, FRNN_ACT_SIGMOID, k.reset_after, kOptions[0], 1, 1, 1, 1);
        // Enough units that one thread's panels exceed the size up to which a forward step multiplies and
        // finishes one row block at a time (the driver then multiplies all rows first); the cases above
        // have few enough for the fused order with 2 and 3 threads.
        run_case(k.cell, k.act, FRNN_ACT_SIGMOID, k.reset_after, kOptions[9], 8, 2, 3, 300);
        run_case(k.cell, k.act, FRNN_ACT_SIGMOID, k.reset_after, kOptions[3], 4, 1, 2, 3);
    }
    concurrent_callers();
    return check::report("cells_test");
}
