// Timing of one training step (forward with tape + backward) or one inference forward of a recurrent
// layer through the frnn_cpu ABI; not a test. Prints ms per iteration (median of the repetitions after
// warm-up), GFLOP/s with FLOPs = 2 N T G H (C + H), x3 for training, and the process CPU time.
//   cells_bench <lstm|gru|simple> N T C H threads [train|infer] [reps]
#include <stdlib.h>
#include <string.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <vector>

#include "fusedrnn/frnn.h"

int main(int argc, char** argv) {
    if (argc < 7) {
        fprintf(stderr, "usage: cells_bench <lstm|gru|simple> N T C H threads [train|infer] [reps]\n");
        return 2;
    }
    const int cell = strcmp(argv[1], "lstm") == 0 ? FRNN_CELL_LSTM : strcmp(argv[1], "gru") == 0 ? FRNN_CELL_GRU
                                                                                              : FRNN_CELL_SIMPLE_RNN;
    const int N = atoi(argv[2]), T = atoi(argv[3]), C = atoi(argv[4]), H = atoi(argv[5]), threads = atoi(argv[6]);
    const bool train = argc < 8 || strcmp(argv[7], "train") == 0;
    const int reps = argc > 8 ? atoi(argv[8]) : 10;
    const int G = cell == FRNN_CELL_LSTM ? 4 : cell == FRNN_CELL_GRU ? 3 : 1;
    frnn_rnn_desc d = {cell, C, H, FRNN_ACT_TANH, FRNN_ACT_SIGMOID, 1, 0, 1, 0};
    std::vector<float> x(size_t(N) * T * C, 0.1f), W(size_t(C) * G * H, 0.01f), U(size_t(H) * G * H, 0.01f),
        b(size_t(2) * G * H, 0.0f), out(size_t(N) * T * H), hl(size_t(N) * H), dout(size_t(N) * T * H, 0.01f),
        dx(x.size()), dW(W.size()), dU(U.size()), db(b.size());
    for (size_t i = 0; i < x.size(); i++) x[i] = float(i % 13) * 0.05f - 0.3f;
    std::vector<float> tape(static_cast<size_t>(frnn_rnn_tape_floats(&d, N, T)));
    frnn_context* ctx = nullptr;
    if (frnn_context_create(threads, &ctx) != FRNN_OK) {
        fprintf(stderr, "%s\n", frnn_last_error());
        return 1;
    }
    frnn_rnn_tensors t = {N, T, x.data(), nullptr, nullptr, nullptr, W.data(), U.data(), b.data(), nullptr, nullptr,
                          out.data(), hl.data(), nullptr};
    frnn_rnn_grads g = {dout.data(), nullptr, nullptr, dx.data(), dW.data(), dU.data(), db.data(), nullptr, nullptr};
    std::vector<double> ms, cpu_ms;
    for (int r = 0; r < reps + 2; r++) {
        const auto t0 = std::chrono::steady_clock::now();
        const clock_t c0 = clock();
        if (frnn_rnn_forward(ctx, &d, &t, train ? tape.data() : nullptr) != FRNN_OK ||
            (train && frnn_rnn_backward(ctx, &d, &t, tape.data(), &g) != FRNN_OK)) {
            fprintf(stderr, "%s\n", frnn_last_error());
            return 1;
        }
        const auto t1 = std::chrono::steady_clock::now();
        if (r >= 2) {
            ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
            cpu_ms.push_back(1000.0 * static_cast<double>(clock() - c0) / CLOCKS_PER_SEC);
        }
    }
    std::sort(ms.begin(), ms.end());
    std::sort(cpu_ms.begin(), cpu_ms.end());
    const double med = ms[ms.size() / 2], cpu_med = cpu_ms[cpu_ms.size() / 2];
    const double flops = 2.0 * N * T * G * H * double(C + H) * (train ? 3 : 1);
    // Process CPU time (all threads, spinning included) tells how much a busy shared machine inflated the
    // wall time: with one thread, cpu ms is what an idle core would take.
    printf("%s %s N=%d T=%d C=%d H=%d threads=%d isa=%s: %.3f ms, %.1f GFLOP/s (cpu %.3f ms)\n", argv[1],
           train ? "train" : "infer", N, T, C, H, threads, frnn_cpu_isa(), med, flops / med / 1e6, cpu_med);
    frnn_context_destroy(ctx);
    return 0;
}
