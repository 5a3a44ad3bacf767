// The CUDA backend's own code run on the host (frnn_cuda_emu): the tiled GEMM kernel on odd shapes
// against a double-precision product, and every recurrent cell and option against frnn_cpu.
//
// Bounds. GEMM: a k-term float32 dot product computed with fused multiply-adds is within k·u·Σ|a·b| of
// the exact value (u = 2^-24), so |C - C_exact| <= (k + 1)·u·Σ|a·b| + u·|C| covers alpha and beta too.
// Recurrent layers: both libraries compute in float32 with the same per-element math (the cells' headers)
// but different summation orders; with N = 3, T = 7, C = 5, H = 6 every value is a chain of at most T steps
// of (C + H)-term sums plus ~10 pointwise operations, and the weight gradients add N·T terms:
// (T·(C + H + 10) + N·T)·u = 168·2^-24 ≈ 1.0e-5 scaled by max(1, max|ref|). Any defect gives 1e-3 or more.
#include "fusedrnn/frnn_cuda_emu.h"

#include <math.h>
#include <stdio.h>

#include <random>
#include <string>
#include <vector>

#include "check.h"
#include "fusedrnn/frnn.h"

namespace {

constexpr double kU = 1.0 / (1 << 24);
frnn_cuda_context* ctx = nullptr;

struct Dev {  // a device copy of a host vector
    float* p = nullptr;
    int64_t n = 0;
    explicit Dev(const std::vector<float>& v) : n(static_cast<int64_t>(v.size())) {
        CHECK(frnn_cuda_malloc(n, &p) == FRNN_OK);
        CHECK(frnn_cuda_copy_to_device(p, v.data(), n) == FRNN_OK);
    }
    ~Dev() { frnn_cuda_free(p); }
    std::vector<float> host() const {
        std::vector<float> v(static_cast<size_t>(n));
        CHECK(frnn_cuda_copy_to_host(v.data(), p, n) == FRNN_OK);
        return v;
    }
};

std::vector<float> random(std::mt19937& r, int64_t n, float scale) {
    std::uniform_real_distribution<float> u(-scale, scale);
    std::vector<float> v(static_cast<size_t>(n));
    for (float& x : v) x = u(r);
    return v;
}

void check_gemm(int64_t m, int64_t n, int64_t k, bool ta, bool tb, float alpha, float beta) {
    std::mt19937 r(static_cast<unsigned>(m * 131 + n * 17 + k + ta * 7 + tb * 3));
    const int64_t lda = (ta ? m : k) + 1, ldb = (tb ? k : n) + 2, ldc = n + 3;  // padded leading dimensions
    std::vector<float> a = random(r, (ta ? k : m) * lda, 1), b = random(r, (tb ? n : k) * ldb, 1);
    std::vector<float> c = random(r, m * ldc, 1);
    Dev da(a), db(b), dc(c);
    CHECK(frnn_cuda_gemm(ctx, ta, tb, m, n, k, alpha, da.p, lda, db.p, ldb, beta, dc.p, ldc) == FRNN_OK);
    const std::vector<float> got = dc.host();
    int bad = 0;
    for (int64_t i = 0; i < m; i++) {
        for (int64_t j = 0; j < ldc; j++) {
            const size_t at = static_cast<size_t>(i * ldc + j);
            if (j >= n) {  // padding untouched
                if (got[at] != c[at]) bad++;
                continue;
            }
            double exact = 0, mag = 0;
            for (int64_t p = 0; p < k; p++) {
                const double x = ta ? a[p * lda + i] : a[i * lda + p], y = tb ? b[j * ldb + p] : b[p * ldb + j];
                exact += x * y;
                mag += fabs(x * y);
            }
            const double want = alpha * exact + beta * c[at];
            const double bound = (k + 1) * kU * (fabs(alpha) * mag + fabs(beta * c[at])) + kU * fabs(want) + 1e-30;
            if (!(fabs(got[at] - want) <= bound)) bad++;
        }
    }
    if (!CHECK(bad == 0))
        fprintf(stderr, "    gemm m=%lld n=%lld k=%lld ta=%d tb=%d: %d elements off\n", (long long)m, (long long)n,
                (long long)k, ta, tb, bad);
}

// One recurrent configuration on both libraries; every output and gradient compared.
struct Case {
    int cell, act = FRNN_ACT_TANH, ract = FRNN_ACT_SIGMOID, reset_after = 0, backwards = 0, sequences = 1, zero = 0;
    bool mask = false, dropout = false, init = false, final_grads = false;
};

double scaled_error(const std::vector<float>& a, const std::vector<float>& r) {
    double diff = 0, max = 0;
    for (size_t i = 0; i < r.size(); i++) {
        diff = fmax(diff, fabs((double)a[i] - r[i]));
        if (std::isnan(a[i])) return NAN;
        max = fmax(max, fabs(r[i]));
    }
    return diff / fmax(1, max);
}

void check_rnn(const Case& c, const char* label) {
    const int N = 3, T = 7, C = 5, H = 6, G = c.cell == FRNN_CELL_LSTM ? 4 : c.cell == FRNN_CELL_GRU ? 3 : 1;
    const frnn_rnn_desc d{c.cell, C, H, c.act, c.ract, c.reset_after, c.backwards, c.sequences, c.zero};
    std::mt19937 r(static_cast<unsigned>(c.cell * 1000 + c.reset_after * 100 + c.backwards * 10 + c.mask));
    const int nh = N * H, out = c.sequences ? N * T * H : nh, bias = (c.reset_after ? 2 : 1) * G * H;
    const bool lstm = c.cell == FRNN_CELL_LSTM;
    std::vector<std::vector<float>> in = {random(r, N * T * C, 1), random(r, C * G * H, 0.6f),
                                          random(r, H * G * H, 0.6f), random(r, bias, 0.3f)};
    std::vector<float> mask, h0, c0, idrop, rdrop, dout = random(r, out, 1), dhl, dcl;
    if (c.mask)
        for (int n = 0; n < N; n++)
            for (int t = 0; t < T; t++) mask.push_back(n != 1 && (t + n) % 3 != 0 ? 1.0f : 0.0f);
    if (c.init) {
        h0 = random(r, nh, 1);
        if (lstm) c0 = random(r, nh, 1);
    }
    if (c.final_grads) {
        dhl = random(r, nh, 1);
        if (lstm) dcl = random(r, nh, 1);
    }
    if (c.dropout) {
        std::bernoulli_distribution keep(0.7);
        for (int i = 0; i < N * C; i++) idrop.push_back(keep(r) ? 1.0f / 0.7f : 0.0f);
        for (int i = 0; i < nh; i++) rdrop.push_back(keep(r) ? 1.0f / 0.7f : 0.0f);
    }
    // results[side][name]
    const char* names[] = {"output", "h_last", "c_last", "dx", "d_kernel", "d_recurrent_kernel", "d_bias", "dh0",
                           "dc0", "output_inference"};
    const int64_t sizes[] = {out, nh, nh, N * T * C, C * G * H, H * G * H, bias, nh, nh, out};
    std::vector<float> res[2][10];
    for (int side = 0; side < 2; side++) {
        const bool dev = side == 1;
        std::vector<std::vector<float>> buf(10);
        for (int i = 0; i < 10; i++) buf[i].assign(static_cast<size_t>(sizes[i]), NAN);
        std::vector<Dev*> owned;
        auto ptr = [&](std::vector<float>& v) -> float* {
            if (v.empty()) return nullptr;
            if (!dev) return v.data();
            owned.push_back(new Dev(v));
            return owned.back()->p;
        };
        std::vector<float*> p(10);
        for (int i = 0; i < 10; i++) p[i] = (i == 2 || i == 8) && !lstm ? nullptr : ptr(buf[i]);
        frnn_rnn_tensors t{N, T, ptr(in[0]), ptr(mask), ptr(h0), ptr(c0), ptr(in[1]), ptr(in[2]), ptr(in[3]),
                           ptr(idrop), ptr(rdrop), p[0], p[1], p[2]};
        frnn_rnn_grads g{ptr(dout), ptr(dhl), ptr(dcl), p[3], p[4], p[5], p[6], p[7], p[8]};
        const int64_t tape_n = dev ? frnn_cuda_rnn_tape_floats(&d, N, T) : frnn_rnn_tape_floats(&d, N, T);
        std::vector<float> tape_host(static_cast<size_t>(tape_n));
        float* tape = ptr(tape_host);
        frnn_context* cpu = nullptr;
        frnn_context_create(1, &cpu);
        CHECK((dev ? frnn_cuda_rnn_forward(ctx, &d, &t, tape) : frnn_rnn_forward(cpu, &d, &t, tape)) == FRNN_OK);
        CHECK((dev ? frnn_cuda_rnn_backward(ctx, &d, &t, tape, &g) : frnn_rnn_backward(cpu, &d, &t, tape, &g)) ==
              FRNN_OK);
        t.output = p[9];
        t.h_last = t.c_last = nullptr;
        CHECK((dev ? frnn_cuda_rnn_forward(ctx, &d, &t, nullptr) : frnn_rnn_forward(cpu, &d, &t, nullptr)) == FRNN_OK);
        if (dev) fprintf(stderr, "%s", frnn_cuda_last_error());
        frnn_context_destroy(cpu);
        for (int i = 0; i < 10; i++) {
            if (p[i] == nullptr) continue;
            if (dev) {
                std::vector<float> v(static_cast<size_t>(sizes[i]));
                frnn_cuda_copy_to_host(v.data(), p[i], sizes[i]);
                res[side][i] = v;
            } else {
                res[side][i] = buf[i];
            }
        }
        for (Dev* o : owned) delete o;
    }
    for (int i = 0; i < 10; i++) {
        if (res[0][i].empty()) continue;
        const double e = scaled_error(res[1][i], res[0][i]);
        if (!CHECK(e <= 1e-5)) fprintf(stderr, "    %s: %s scaled error %g\n", label, names[i], e);
    }
}

}  // namespace

int main() {
    if (frnn_cuda_context_create(&ctx) != FRNN_OK) {
        fprintf(stderr, "%s\n", frnn_cuda_last_error());
        return 1;
    }
    const int64_t shapes[] = {1, 7, 13, 129};
    for (int64_t m : shapes)
        for (int64_t n : shapes)
            for (int64_t k : shapes)
                for (int t = 0; t < 4; t++) check_gemm(m, n, k, t & 1, t >> 1, t == 3 ? -0.75f : 1.0f, t == 2 ? 0.5f : 0.0f);
    check_gemm(5, 4, 0, false, false, 1.0f, 0.5f);  // k == 0: beta C

    for (int cell = 0; cell < 3; cell++) {
        for (int ra = 0; ra < (cell == 2 ? 2 : 1); ra++) {
            for (int option = 0; option < 7; option++) {
                Case c;
                c.cell = cell;
                c.reset_after = ra;
                if (option == 1) c.sequences = 0;
                if (option == 2) c.backwards = 1, c.mask = true;
                if (option == 3) c.mask = true, c.zero = 1, c.final_grads = true;
                if (option == 4) c.dropout = true, c.init = true, c.final_grads = true;
                if (option == 5) c.ract = FRNN_ACT_HARD_SIGMOID_KERAS3, c.act = cell == 0 ? FRNN_ACT_RELU : FRNN_ACT_TANH;
                if (option == 6) c = {cell, FRNN_ACT_TANH, FRNN_ACT_HARD_SIGMOID_KERAS2, ra, 1, 1, 1, true, true, true, true};
                const std::string label = "cell " + std::to_string(cell) + " reset_after " + std::to_string(ra) +
                                          " option " + std::to_string(option);
                check_rnn(c, label.c_str());
            }
        }
    }
    frnn_cuda_context_destroy(ctx);
    return check::report("cuda_emu_test");
}
