// The GEMM's blocking, packing and threading (ISA-independent, compiled for the baseline ISA) and the
// scalar micro-kernel. Loop nest (Goto's): columns in blocks of kNc, k in blocks of kKc (B block packed
// into NR-wide panels that stay in L2), rows in blocks of kMc (A block packed into MR-row slivers), then
// panel by panel, sliver by sliver, one micro-kernel call each.
#include "core/gemm_cpu.h"

#include <algorithm>
#include <memory>

#include "core/context.h"

namespace frnn {
namespace {

constexpr int64_t kKc = 256;   // k block: an A sliver (8 x 256 floats, 8 KiB) stays in L1
constexpr int64_t kMc = 48;    // row block: A (48 x 256 floats, 48 KiB) stays in L2; a multiple of every MR
constexpr int64_t kNc = 1024;  // column block: the packed B block (256 x 1024 floats, 1 MiB) in L2/L3

constexpr int kScalarMr = 4, kScalarNr = 8;

// The scalar micro-kernel: plain loops over a 4 x 8 accumulator block; multiply then add (no FMA on the
// baseline ISA).
void kernel_scalar(int64_t k, const float* a, int64_t rs_a, int64_t cs_a, int mr, const float* bp, float* c,
                   int64_t ldc, int nc, float alpha, float beta) {
    float acc[kScalarMr][kScalarNr] = {};
    for (int64_t p = 0; p < k; p++) {
        const float* brow = bp + p * kScalarNr;
        for (int i = 0; i < mr; i++) {
            const float av = a[i * rs_a + p * cs_a];
            for (int j = 0; j < kScalarNr; j++) acc[i][j] += av * brow[j];
        }
    }
    for (int i = 0; i < mr; i++) {
        for (int j = 0; j < nc; j++) {
            float* cij = c + i * ldc + j;
            *cij = beta == 0.0f ? alpha * acc[i][j] : alpha * acc[i][j] + beta * *cij;
        }
    }
}

const KernelInfo kKernelScalar = {kScalarMr, kScalarNr, kernel_scalar};

// Packs rows [i0, i0 + mr) and k range [p0, p0 + kc) of op(A) = A^T into a sliver dst[kc][MR], zero
// padding rows mr .. MR-1: op(A)(i, p) = a[p*lda + i], contiguous in i. (A row-major op(A) is not packed:
// the micro-kernel reads its rows in place.)
void pack_a_sliver(const float* a, int64_t lda, int64_t i0, int mr, int64_t p0, int64_t kc, int MR, float* dst) {
    for (int64_t p = 0; p < kc; p++) {
        const float* src = a + (p0 + p) * lda + i0;
        float* d = dst + p * MR;
        for (int i = 0; i < mr; i++) d[i] = src[i];
        for (int i = mr; i < MR; i++) d[i] = 0.0f;
    }
}

// C = beta * C over a block (the k == 0 product).
void scale_block(int64_t m0, int64_t m1, int64_t n0, int64_t n1, float beta, float* c, int64_t ldc) {
    for (int64_t i = m0; i < m1; i++)
        for (int64_t j = n0; j < n1; j++) c[i * ldc + j] = beta == 0.0f ? 0.0f : beta * c[i * ldc + j];
}

}  // namespace

const KernelInfo& kernel_info(Isa isa) {
    switch (isa) {
        case Isa::kAvx512: return kKernelAvx512;
        case Isa::kAvx2: return kKernelAvx2;
        default: return kKernelScalar;
    }
}

void pack_b_panel(bool trans_b, const float* b, int64_t ldb, int64_t k0, int64_t k, int64_t col0, int width,
                  int nr, float* dst) {
    if (trans_b) {
        // Column by column of op(B) (rows of B): contiguous reads, strided writes into the panel.
        for (int j = 0; j < nr; j++) {
            const float* src = b + (col0 + j) * ldb + k0;
            for (int64_t p = 0; p < k; p++) dst[p * nr + j] = j < width ? src[p] : 0.0f;
        }
        return;
    }
    for (int64_t p = 0; p < k; p++) {
        const float* src = b + (k0 + p) * ldb + col0;
        float* d = dst + p * nr;
        for (int j = 0; j < width; j++) d[j] = src[j];
        for (int j = width; j < nr; j++) d[j] = 0.0f;
    }
}

int64_t gemm_pack_floats(Isa isa) {
    const KernelInfo& ki = kernel_info(isa);
    const int64_t b_floats = kKc * ((kNc + ki.nr - 1) / ki.nr) * ki.nr;
    const int64_t a_floats = kKc * ((kMc + ki.mr - 1) / ki.mr) * ki.mr;
    return b_floats + a_floats;
}

namespace {

// gemm_block over several products sharing op(B): columns [n0, n1) of every part's rows.
void gemm_block_rows(Isa isa, bool trans_a, bool trans_b, const GemmRows* parts, int count, int64_t n0, int64_t n1,
                     int64_t k, float alpha, const float* b, int64_t ldb, float beta, float* pack) {
    if (n0 >= n1) return;
    if (k == 0) {
        for (int i = 0; i < count; i++) scale_block(parts[i].m0, parts[i].m1, n0, n1, beta, parts[i].c, parts[i].ldc);
        return;
    }
    const KernelInfo& ki = kernel_info(isa);
    const int MR = ki.mr, NR = ki.nr;
    float* bpack = pack;
    float* apack = pack + kKc * ((kNc + NR - 1) / NR) * NR;
    for (int64_t jc = n0; jc < n1; jc += kNc) {
        const int64_t nc = std::min(kNc, n1 - jc);
        for (int64_t pc = 0; pc < k; pc += kKc) {
            const int64_t kc = std::min(kKc, k - pc);
            const float beta_here = pc == 0 ? beta : 1.0f;  // later k blocks add to the partial sums in C
            for (int64_t jr = 0; jr < nc; jr += NR)
                pack_b_panel(trans_b, b, ldb, pc, kc, jc + jr, static_cast<int>(std::min<int64_t>(NR, nc - jr)), NR,
                             bpack + (jr / NR) * kc * NR);
            for (int part = 0; part < count; part++) {
                const float* a = parts[part].a;
                const int64_t lda = parts[part].lda, ldc = parts[part].ldc;
                float* c = parts[part].c;
                for (int64_t ic = parts[part].m0; ic < parts[part].m1; ic += kMc) {
                    const int64_t mc = std::min(kMc, parts[part].m1 - ic);
                    // A row-major op(A) is read in place (MR rows of kc floats stay in L1 across the panels); a
                    // transposed one is packed into slivers, whose rows would otherwise be lda apart.
                    if (trans_a)
                        for (int64_t ir = 0; ir < mc; ir += MR)
                            pack_a_sliver(a, lda, ic + ir, static_cast<int>(std::min<int64_t>(MR, mc - ir)), pc, kc,
                                          MR, apack + (ir / MR) * kc * MR);
                    for (int64_t jr = 0; jr < nc; jr += NR) {
                        const int ncols = static_cast<int>(std::min<int64_t>(NR, nc - jr));
                        const float* bp = bpack + (jr / NR) * kc * NR;
                        for (int64_t ir = 0; ir < mc; ir += MR) {
                            const int mrows = static_cast<int>(std::min<int64_t>(MR, mc - ir));
                            float* cb = c + (ic + ir) * ldc + jc + jr;
                            if (trans_a)
                                ki.kernel(kc, apack + (ir / MR) * kc * MR, 1, MR, mrows, bp, cb, ldc, ncols, alpha,
                                          beta_here);
                            else
                                ki.kernel(kc, a + (ic + ir) * lda + pc, lda, 1, mrows, bp, cb, ldc, ncols, alpha,
                                          beta_here);
                        }
                    }
                }
            }
        }
    }
}

// The pack buffers of `threads` threads, grown here on the calling thread, not in the workers.
void grow_packs(frnn_context* ctx, int threads, int64_t pack_floats) {
    while (static_cast<int>(ctx->gemm_packs.size()) < ctx->num_threads)
        ctx->gemm_packs.push_back(std::make_unique<AlignedBuffer>());
    for (int t = 0; t < threads; t++) ctx->gemm_packs[t]->get(pack_floats);
}

}  // namespace

void gemm_block(Isa isa, bool trans_a, bool trans_b, int64_t m0, int64_t m1, int64_t n0, int64_t n1, int64_t k,
                float alpha, const float* a, int64_t lda, const float* b, int64_t ldb, float beta, float* c,
                int64_t ldc, float* pack) {
    if (m0 >= m1) return;
    const GemmRows part = {a, lda, m0, m1, c, ldc};
    gemm_block_rows(isa, trans_a, trans_b, &part, 1, n0, n1, k, alpha, b, ldb, beta, pack);
}

void gemm_shared_b(frnn_context* ctx, bool trans_a, bool trans_b, const GemmRows* parts, int count, int64_t n,
                   int64_t k, float alpha, const float* b, int64_t ldb, float beta) {
    if (n <= 0) return;
    const KernelInfo& ki = kernel_info(ctx->isa);
    const int64_t pack_floats = gemm_pack_floats(ctx->isa);
    int64_t m = 0;
    for (int i = 0; i < count; i++) m += parts[i].m1 - parts[i].m0;
    const int threads = m * n * k < (int64_t{1} << 18) ? 1 : ctx->num_threads;
    grow_packs(ctx, threads, pack_floats);
    auto part = [&](int tid) {
        if (tid >= threads) return;
        const Range r = split(n, ki.nr, tid, threads);
        gemm_block_rows(ctx->isa, trans_a, trans_b, parts, count, r.begin, r.end, k, alpha, b, ldb, beta,
                        ctx->gemm_packs[tid]->get(0));
    };
    if (threads == 1) part(0);
    else ctx->pool.run(part);
}

void gemm(frnn_context* ctx, bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, float alpha,
          const float* a, int64_t lda, const float* b, int64_t ldb, float beta, float* c, int64_t ldc) {
    if (m <= 0 || n <= 0) return;
    const Isa isa = ctx != nullptr ? ctx->isa : cpu_isa();
    const KernelInfo& ki = kernel_info(isa);
    const int64_t pack_floats = gemm_pack_floats(isa);
    // Threads only where each gets at least a few micro-kernel blocks' worth of work.
    const int64_t work = m * n * k;
    int threads = ctx != nullptr ? ctx->num_threads : 1;
    if (work < (int64_t{1} << 18)) threads = 1;
    if (ctx == nullptr) {
        thread_local AlignedBuffer pack;
        gemm_block(isa, trans_a, trans_b, 0, m, 0, n, k, alpha, a, lda, b, ldb, beta, c, ldc, pack.get(pack_floats));
        return;
    }
    grow_packs(ctx, threads, pack_floats);
    // Split rows or columns, on block boundaries. Every thread packs all of the operand along the dimension
    // not split (k*n floats of B when splitting rows, k*m of A when splitting columns), so split the one that
    // leaves the smaller operand to be packed twice, as long as each thread still gets a few blocks; e.g.
    // dU = h^T drec (m = H = 128, n = 4H, k = T*N) splits columns and packs drec only once in all.
    const int64_t row_blocks = (m + ki.mr - 1) / ki.mr, col_blocks = (n + ki.nr - 1) / ki.nr;
    const bool by_columns = col_blocks >= 2 * threads && (n >= m || row_blocks < 2 * threads);
    auto part = [&](int tid) {
        if (tid >= threads) return;
        float* pack = ctx->gemm_packs[tid]->get(0);
        if (by_columns) {
            const Range r = split(n, ki.nr, tid, threads);
            gemm_block(isa, trans_a, trans_b, 0, m, r.begin, r.end, k, alpha, a, lda, b, ldb, beta, c, ldc, pack);
        } else {
            const Range r = split(m, ki.mr, tid, threads);
            gemm_block(isa, trans_a, trans_b, r.begin, r.end, 0, n, k, alpha, a, lda, b, ldb, beta, c, ldc, pack);
        }
    };
    if (threads == 1) {
        part(0);
    } else {
        ctx->pool.run(part);
    }
}

}  // namespace frnn
