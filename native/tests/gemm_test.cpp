// The host GEMM (core/gemm_cpu.h) on every ISA path this CPU has, against a double-precision product:
// odd shapes (1, 7, 13, 129 and other non-multiples of the 6 x 32 / 6 x 16 / 4 x 8 tiles, k across the
// 256-wide k blocks), both transposes, alpha and beta (beta = 0 ignores NaN in C), leading dimensions
// wider than the matrices (the padding must stay untouched), and identical bits for 1, 2 and 3 threads.
//
// Tolerance: a float32 dot product of length k accumulated in order (k blocks summed into C in order)
// has error <= k u sum_p |a_ip b_pj| (u = 2^-24); alpha, beta and the final sum add 3 u. So
//   |got - want| <= (k + 3) u (|alpha| sum_p |a_ip b_pj| + |beta c_ij|).
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "check.h"
#include "core/context.h"
#include "core/gemm_cpu.h"
#include "core/isa.h"

namespace {

using frnn::Isa;

struct Shape {
    int64_t m, n, k;
};

void run(Isa isa, bool ta, bool tb, Shape s, float alpha, float beta, std::mt19937& rng) {
    const int64_t lda = (ta ? s.m : s.k) + 3, ldb = (tb ? s.k : s.n) + 2, ldc = s.n + 5;
    std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
    std::vector<float> a((ta ? s.k : s.m) * lda), b((tb ? s.n : s.k) * ldb), c0(s.m * ldc);
    for (float& v : a) v = dist(rng);
    for (float& v : b) v = dist(rng);
    for (float& v : c0) v = beta == 0.0f ? NAN : dist(rng);
    const double u = std::ldexp(1.0, -24);
    std::vector<float> results[3];
    for (int threads = 1; threads <= 3; threads++) {
        frnn_context ctx(threads);
        ctx.isa = isa;
        std::vector<float> c = c0;
        frnn::gemm(&ctx, ta, tb, s.m, s.n, s.k, alpha, a.data(), lda, b.data(), ldb, beta, c.data(), ldc);
        results[threads - 1] = c;
    }
    const std::vector<float>& c = results[0];
    int bad = 0;
    for (int64_t i = 0; i < s.m; i++) {
        for (int64_t j = 0; j < ldc; j++) {
            const float got = c[i * ldc + j];
            if (j >= s.n) {  // padding past n: untouched
                const float old = c0[i * ldc + j];
                if (!(got == old || (std::isnan(got) && std::isnan(old)))) bad++;
                continue;
            }
            double want = 0, mag = 0;
            for (int64_t p = 0; p < s.k; p++) {
                const double av = ta ? a[p * lda + i] : a[i * lda + p];
                const double bv = tb ? b[j * ldb + p] : b[p * ldb + j];
                want += av * bv;
                mag += std::fabs(av * bv);
            }
            const double cold = beta == 0.0f ? 0.0 : c0[i * ldc + j];
            want = alpha * want + (beta == 0.0f ? 0.0 : beta * cold);
            const double tol = (s.k + 3) * u * (std::fabs(alpha) * mag + std::fabs(beta * cold)) + 1e-30;
            if (!(std::fabs(got - want) <= tol)) {
                if (bad++ < 3)
                    fprintf(stderr, "    %s ta=%d tb=%d m=%lld n=%lld k=%lld: C[%lld,%lld] = %.9g, want %.9g (tol %.3g)\n",
                            frnn::isa_name(isa), ta, tb, (long long)s.m, (long long)s.n, (long long)s.k, (long long)i,
                            (long long)j, got, want, tol);
            }
        }
    }
    CHECK(bad == 0);
    CHECK(memcmp(results[0].data(), results[1].data(), c.size() * sizeof(float)) == 0);
    CHECK(memcmp(results[0].data(), results[2].data(), c.size() * sizeof(float)) == 0);
}

}  // namespace

int main() {
    std::mt19937 rng(7);
    const Shape shapes[] = {{1, 1, 1},  {1, 7, 13},  {7, 1, 13},   {13, 7, 1},   {6, 32, 5},  {7, 33, 17},
                            {13, 129, 7}, {129, 13, 29}, {37, 70, 300}, {100, 65, 513}, {64, 1030, 40}, {5, 3, 0}};
    for (Isa isa : {Isa::kScalar, Isa::kAvx2, Isa::kAvx512}) {
        if (static_cast<int>(isa) > static_cast<int>(frnn::best_isa())) {
            printf("gemm_test: %s not supported by this CPU; path not run\n", frnn::isa_name(isa));
            continue;
        }
        for (const Shape& s : shapes)
            for (int ta = 0; ta < 2; ta++)
                for (int tb = 0; tb < 2; tb++) {
                    run(isa, ta, tb, s, 1.0f, 0.0f, rng);
                    run(isa, ta, tb, s, -0.5f, 1.0f, rng);
                    run(isa, ta, tb, s, 2.0f, -0.75f, rng);
                }
    }
    return check::report("gemm_test");
}
