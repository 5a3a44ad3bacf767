// The non-recurrent operations through the ABI: results against plain double-precision loops on odd
// sizes, bit-identical repeats, and bad arguments (a status, a message naming the problem, nothing
// written). The full comparison with the Java reference backend is in the Java tests
// (dev.fusedrnn.jni.NativeOpsTest); these keep the native side honest on its own.
//
// Tolerances: a float32 dot product of length K has |error| <= K u sum|a_i b_i| (u = 2^-24), plus one
// rounding of the bias sum and of the activation (a few u relative): with K <= 9 and |terms| <= 1,
// 12 u * (sum|a b| + 1) bounds every dense value here.
#include <math.h>
#include <stdint.h>

#include <random>
#include <vector>

#include "check.h"
#include "fusedrnn/frnn.h"

namespace {

constexpr double kU = 1.0 / (1 << 24);

std::vector<float> random_vector(size_t n, unsigned seed, float lo = -1.0f, float hi = 1.0f) {
    std::mt19937 gen(seed);
    std::uniform_real_distribution<float> dist(lo, hi);
    std::vector<float> v(n);
    for (float& x : v) x = dist(gen);
    return v;
}

double act(int a, double z) {
    switch (a) {
        case FRNN_ACT_TANH: return tanh(z);
        case FRNN_ACT_SIGMOID: return 1.0 / (1.0 + exp(-z));
        case FRNN_ACT_RELU: return z > 0 ? z : 0;
        case FRNN_ACT_HARD_SIGMOID_KERAS2: return fmin(1.0, fmax(0.0, 0.2 * z + 0.5));
        case FRNN_ACT_HARD_SIGMOID_KERAS3: return fmin(1.0, fmax(0.0, z / 6.0 + 0.5));
        default: return z;
    }
}

// Dense forward for every activation and softmax, rows 5, in 9, out 7, against double loops.
void check_dense_forward(frnn_context* ctx) {
    const int64_t rows = 5, in = 9, out = 7;
    auto x = random_vector(rows * in, 1), k = random_vector(in * out, 2), b = random_vector(out, 3);
    for (int a = 0; a <= FRNN_DENSE_SOFTMAX; a++) {
        std::vector<float> y(rows * out, NAN);
        CHECK(frnn_dense_forward(ctx, rows, in, out, x.data(), k.data(), b.data(), a, y.data()) == FRNN_OK);
        for (int64_t r = 0; r < rows; r++) {
            std::vector<double> z(out);
            double bound = 0, max = -INFINITY, sum = 0;
            for (int64_t o = 0; o < out; o++) {
                double s = b[o], mag = fabs(b[o]);
                for (int64_t i = 0; i < in; i++) {
                    s += (double)x[r * in + i] * k[i * out + o];
                    mag += fabs((double)x[r * in + i] * k[i * out + o]);
                }
                z[o] = s;
                bound = fmax(bound, 12 * kU * (mag + 1));
                max = fmax(max, s);
            }
            for (int64_t o = 0; o < out; o++) sum += exp(z[o] - max);
            for (int64_t o = 0; o < out; o++) {
                const double want = a == FRNN_DENSE_SOFTMAX ? exp(z[o] - max) / sum : act(a, z[o]);
                if (!CHECK(fabs(y[r * out + o] - want) <= bound))
                    fprintf(stderr, "    activation %d row %lld col %lld: %.9g vs %.9g\n", a, (long long)r,
                            (long long)o, (double)y[r * out + o], want);
            }
        }
    }
}

// Dense backward (tanh): dKernel, dBias, dx against double loops; a second call is bit-identical.
void check_dense_backward(frnn_context* ctx) {
    const int64_t rows = 6, in = 5, out = 3;
    auto x = random_vector(rows * in, 4), k = random_vector(in * out, 5), dy = random_vector(rows * out, 6);
    std::vector<float> y(rows * out);
    CHECK(frnn_dense_forward(ctx, rows, in, out, x.data(), k.data(), nullptr, FRNN_ACT_TANH, y.data()) == FRNN_OK);
    std::vector<float> dx(rows * in), dk(in * out), db(out);
    CHECK(frnn_dense_backward(ctx, rows, in, out, x.data(), y.data(), dy.data(), k.data(), FRNN_ACT_TANH, dx.data(),
                              dk.data(), db.data()) == FRNN_OK);
    std::vector<double> dz(rows * out);
    for (int64_t i = 0; i < rows * out; i++) dz[i] = dy[i] * (1.0 - (double)y[i] * y[i]);
    // Each value is a sum of at most 6 products of magnitude <= 1 with dz computed to ~3 u relative.
    const double bound = 20 * kU * 6;
    for (int64_t i = 0; i < in; i++)
        for (int64_t o = 0; o < out; o++) {
            double s = 0;
            for (int64_t r = 0; r < rows; r++) s += x[r * in + i] * dz[r * out + o];
            CHECK(fabs(dk[i * out + o] - s) <= bound);
        }
    for (int64_t o = 0; o < out; o++) {
        double s = 0;
        for (int64_t r = 0; r < rows; r++) s += dz[r * out + o];
        CHECK(fabs(db[o] - s) <= bound);
    }
    for (int64_t r = 0; r < rows; r++)
        for (int64_t i = 0; i < in; i++) {
            double s = 0;
            for (int64_t o = 0; o < out; o++) s += dz[r * out + o] * k[i * out + o];
            CHECK(fabs(dx[r * in + i] - s) <= bound);
        }
    std::vector<float> dx2(rows * in), dk2(in * out), db2(out);
    CHECK(frnn_dense_backward(ctx, rows, in, out, x.data(), y.data(), dy.data(), k.data(), FRNN_ACT_TANH, dx2.data(),
                              dk2.data(), db2.data()) == FRNN_OK);
    CHECK(dx == dx2 && dk == dk2 && db == db2);
}

// Embedding rows and accumulation of repeated ids in order; element-wise and layout results are exact.
void check_embedding_and_layout() {
    const float table[] = {1, 2, 3, 4, 5, 6};  // [3, 2]
    const float ids[] = {2, 0, 2};
    float out[6];
    CHECK(frnn_embedding_forward(3, ids, table, 3, 2, out) == FRNN_OK);
    const float want[] = {5, 6, 1, 2, 5, 6};
    for (int i = 0; i < 6; i++) CHECK(out[i] == want[i]);
    const float d_out[] = {1, 2, 3, 4, 5, 6};
    float d_table[6] = {9, 9, 9, 9, 9, 9};
    CHECK(frnn_embedding_backward(3, ids, d_out, 3, 2, d_table) == FRNN_OK);
    const float want_d[] = {3, 4, 0, 0, 6, 8};
    for (int i = 0; i < 6; i++) CHECK(d_table[i] == want_d[i]);

    float seq[12];  // [2, 3, 2] reversed in place
    for (int i = 0; i < 12; i++) seq[i] = (float)i;
    CHECK(frnn_reverse_time(2, 3, 2, seq, seq) == FRNN_OK);
    const float rev[] = {4, 5, 2, 3, 0, 1, 10, 11, 8, 9, 6, 7};
    for (int i = 0; i < 12; i++) CHECK(seq[i] == rev[i]);

    const float a[] = {1, 2, 3, 4}, b[] = {5, 6};  // a [2, 2], b [2, 1]
    float cat[6], a2[4], b2[2];
    CHECK(frnn_concat_columns(2, 2, 1, a, b, cat) == FRNN_OK);
    const float want_cat[] = {1, 2, 5, 3, 4, 6};
    for (int i = 0; i < 6; i++) CHECK(cat[i] == want_cat[i]);
    CHECK(frnn_split_columns(2, 2, 1, cat, a2, b2) == FRNN_OK);
    for (int i = 0; i < 4; i++) CHECK(a2[i] == a[i]);
    for (int i = 0; i < 2; i++) CHECK(b2[i] == b[i]);

    float v[] = {1, -2, 3};
    CHECK(frnn_axpby(3, 0.5, v, 0.0, nullptr, v) == FRNN_OK);  // b unused when beta == 0
    CHECK(v[0] == 0.5f && v[1] == -1.0f && v[2] == 1.5f);
    float m[2];
    const float padded[] = {0, 0, 0, 7};
    CHECK(frnn_not_equal_mask(2, 2, padded, 0.0, m) == FRNN_OK);
    CHECK(m[0] == 0.0f && m[1] == 1.0f);
}

// Losses against hand-computed values (double precision, so exact to ~1e-15).
void check_losses() {
    const float pred[] = {0.25f, 0.75f, 0.5f, 0.5f};  // [2, 2]
    const float target[] = {0, 1, 1, 0};
    const float ids[] = {1, 0};
    float d[4];
    double l = -1;
    CHECK(frnn_loss(FRNN_LOSS_MSE, 2, 2, pred, target, nullptr, d, &l) == FRNN_OK);
    CHECK(fabs(l - (0.0625 + 0.0625 + 0.25 + 0.25) / 4) < 1e-15);
    CHECK(d[0] == 0.125f && d[1] == -0.125f);  // 2 (p - y) / K / rows
    CHECK(frnn_loss(FRNN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, 2, 2, pred, ids, nullptr, nullptr, &l) == FRNN_OK);
    CHECK(fabs(l - (-log(0.75) - log(0.5)) / 2) < 1e-12);
    const float w[] = {0, 0};
    CHECK(frnn_loss(FRNN_LOSS_MAE, 2, 2, pred, target, w, d, &l) == FRNN_OK);
    CHECK(l == 0.0 && d[0] == 0.0f && d[3] == 0.0f);  // all rows masked
    double acc[2];
    CHECK(frnn_metric(FRNN_METRIC_SPARSE_CATEGORICAL_ACCURACY, 2, 2, pred, ids, nullptr, acc) == FRNN_OK);
    CHECK(acc[0] == 2.0 && acc[1] == 2.0);  // row 2 ties: the first maximum (0) is the label
}

// One Adam step against the double formula; SGD with Nesterov momentum.
void check_optimizers() {
    float p[] = {1.0f, -2.0f}, g[] = {0.5f, 0.25f}, s[] = {0, 0, 0, 0};
    CHECK(frnn_optimizer_step(FRNN_OPT_ADAM, 0.1, 0.9, 0.999, 1e-7, 0, 0, 0, 2, p, g, s, 0) == FRNN_OK);
    const double alpha = 0.1 * sqrt(1 - 0.999) / (1 - 0.9);
    const double m0 = 0.05, v0 = 0.25 * 0.001;
    CHECK(fabs(p[0] - (1.0 - m0 * alpha / (sqrt(v0) + 1e-7))) <= 2 * kU);
    CHECK(fabs(s[0] - m0) <= kU * m0 && fabs(s[2] - v0) <= kU * v0);
    float q[] = {1.0f}, h[] = {1.0f}, mom[] = {0.5f};
    CHECK(frnn_optimizer_step(FRNN_OPT_SGD, 0.25, 0, 0, 0, 0.5, 1, 0, 1, q, h, mom, 3) == FRNN_OK);
    CHECK(mom[0] == 0.0f && q[0] == 0.75f);  // m = 0.25 - 0.25 = 0; p += 0.5 * 0 - 0.25
    double ss = 0;
    CHECK(frnn_sum_of_squares(2, g, &ss) == FRNN_OK && ss == 0.3125);
    float c[] = {-3, 0.5f, NAN, 9};
    CHECK(frnn_clip(4, -1, 1, c) == FRNN_OK);
    CHECK(c[0] == -1.0f && c[1] == 0.5f && isnan(c[2]) && c[3] == 1.0f);
}

void rejected(frnn_status s, const char* part) {
    CHECK(s == FRNN_ERR_ARGUMENT);
    if (!check::record(strstr(frnn_last_error(), part) != nullptr, __FILE__, __LINE__, "message names the problem"))
        fprintf(stderr, "    message: %s\n    expected to contain: %s\n", frnn_last_error(), part);
}

// Bad arguments: FRNN_ERR_ARGUMENT, a message naming the function and the problem, nothing written.
void check_bad_arguments(frnn_context* ctx) {
    float x[6] = {1, 2, 3, 4, 5, 6}, y[6] = {-1, -1, -1, -1, -1, -1};
    rejected(frnn_dense_forward(nullptr, 1, 2, 3, x, x, nullptr, 0, y), "ctx is NULL");
    rejected(frnn_dense_forward(ctx, 1, 2, 3, x, x, nullptr, 7, y), "activation id 7 is unknown");
    rejected(frnn_dense_forward(ctx, 1, 2, 3, x, y, nullptr, 0, y), "y overlaps kernel");
    rejected(frnn_dense_forward(ctx, -1, 2, 3, x, x, nullptr, 0, y), "rows = -1");
    const float bad_ids[] = {0, 1.5f};
    rejected(frnn_embedding_forward(2, bad_ids, x, 3, 2, y), "id 1.5 at position 1 is not an integer in [0, 3)");
    const float far_ids[] = {3};
    rejected(frnn_embedding_backward(1, far_ids, x, 3, 2, y), "id 3 at position 0");
    rejected(frnn_concat_columns(1, 2, 1, x, x + 2, x + 1), "out overlaps a");
    rejected(frnn_axpby(2, 1, x, 1, nullptr, y), "b (read because beta != 0)");
    double l;
    const float labels[] = {0, 2};
    rejected(frnn_loss(FRNN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, 2, 2, x, labels, nullptr, y, &l),
             "class id 2 in row 1 is not an integer in [0, 2)");
    rejected(frnn_loss(9, 1, 1, x, x, nullptr, nullptr, &l), "loss kind 9 is unknown");
    rejected(frnn_optimizer_step(FRNN_OPT_ADAM, 0.1, 0.9, 0.999, 1e-7, 0, 0, 0, 2, y, x, nullptr, 0), "state [slots, n] is NULL");
    rejected(frnn_optimizer_step(FRNN_OPT_RMSPROP, 0.1, 0, 0, 1e-7, 0.5, 0, 0.9, 2, y, x, x + 2, 0), "momentum");
    rejected(frnn_clip(2, 1, -1, y), "lo <= hi");
    for (float v : y) CHECK(v == -1.0f);
    CHECK(strstr(frnn_last_error(), "frnn_clip: ") == frnn_last_error());
    CHECK(frnn_fill(0, 1.0f, nullptr) == FRNN_OK);
    CHECK(frnn_last_error()[0] == '\0');
}

}  // namespace

int main() {
    frnn_context* ctx = nullptr;
    if (frnn_context_create(2, &ctx) != FRNN_OK) {
        fprintf(stderr, "frnn_context_create failed: %s\n", frnn_last_error());
        return 1;
    }
    check_dense_forward(ctx);
    check_dense_backward(ctx);
    check_embedding_and_layout();
    check_losses();
    check_optimizers();
    check_bad_arguments(ctx);
    frnn_context_destroy(ctx);
    return check::report("ops_test");
}
