// Bad arguments to frnn_rnn_tape_floats / frnn_rnn_forward / frnn_rnn_backward: each gives
// FRNN_ERR_ARGUMENT (or -1) and a last error that names the function and the problem, and writes nothing.
#include <string.h>

#include <cmath>
#include <functional>
#include <vector>

#include "check.h"
#include "fusedrnn/frnn.h"

namespace {

constexpr int N = 2, T = 3, C = 4, H = 5, G = 4;  // LSTM

struct Call {
    frnn_rnn_desc d = {FRNN_CELL_LSTM, C, H, FRNN_ACT_TANH, FRNN_ACT_SIGMOID, 0, 0, 1, 0};
    std::vector<float> x = std::vector<float>(N * T * C, 0.5f), W = std::vector<float>(C * G * H, 0.1f),
                       U = std::vector<float>(H * G * H, 0.1f), b = std::vector<float>(G * H, 0.0f),
                       mask = std::vector<float>(N * T, 1.0f);
    // Outputs, filled with a sentinel that must survive a rejected call.
    std::vector<float> out = std::vector<float>(N * T * H, 7.0f), h_last = std::vector<float>(N * H, 7.0f),
                       tape = std::vector<float>(4096, 7.0f), dout = std::vector<float>(N * T * H, 1.0f),
                       dx = std::vector<float>(N * T * C, 7.0f), dW = std::vector<float>(C * G * H, 7.0f),
                       dU = std::vector<float>(H * G * H, 7.0f), db = std::vector<float>(G * H, 7.0f),
                       dh0 = std::vector<float>(N * H, 7.0f), c_other = std::vector<float>(N * H, 0.0f);
    frnn_rnn_tensors t = {N, T, x.data(), mask.data(), nullptr, nullptr, W.data(), U.data(), b.data(),
                          nullptr, nullptr, out.data(), h_last.data(), nullptr};
    frnn_rnn_grads g = {dout.data(), nullptr, nullptr, dx.data(), dW.data(), dU.data(), db.data(), dh0.data(), nullptr};

    bool untouched() const {
        for (const std::vector<float>* v : {&out, &h_last, &tape, &dx, &dW, &dU, &db, &dh0})
            for (float f : *v)
                if (f != 7.0f) return false;
        return true;
    }
};

void expect(const char* function, frnn_status got, const char* part, const Call& call, int line) {
    const char* message = frnn_last_error();
    const bool ok = got == FRNN_ERR_ARGUMENT && strstr(message, function) == message && strstr(message, part) &&
                    strstr(message, " [native/src/") && call.untouched();
    if (!check::record(ok, __FILE__, line, part))
        fprintf(stderr, "    status %d, message: %s\n", static_cast<int>(got), message);
}

using Mutate = std::function<void(Call&)>;

void forward_rejects(const Mutate& m, const char* part, frnn_context* ctx, int line) {
    Call c;
    m(c);
    expect("frnn_rnn_forward: ", frnn_rnn_forward(ctx, &c.d, &c.t, c.tape.data()), part, c, line);
}

void backward_rejects(const Mutate& m, const char* part, frnn_context* ctx, int line) {
    Call c;
    m(c);
    expect("frnn_rnn_backward: ", frnn_rnn_backward(ctx, &c.d, &c.t, c.tape.data(), &c.g), part, c, line);
}

}  // namespace

#define FORWARD_REJECTS(mutation, part) forward_rejects([&](Call & c) { mutation; }, part, ctx, __LINE__)
#define BACKWARD_REJECTS(mutation, part) backward_rejects([&](Call & c) { mutation; }, part, ctx, __LINE__)

int main(int argc, char** argv) {
    frnn_context* ctx = nullptr;
    if (argc > 1 && strcmp(argv[1], "bad-isa") == 0) {
        // Run with FRNN_CPU_ISA=avx9: an unknown path name makes every context creation fail, saying why.
        CHECK(frnn_context_create(1, &ctx) == FRNN_ERR_ARGUMENT && ctx == nullptr);
        CHECK_CONTAINS(frnn_last_error(), "FRNN_CPU_ISA='avx9' is not a path name; use avx512, avx2 or scalar");
        return check::report("cells_abi_test bad-isa");
    }
    if (!CHECK(frnn_context_create(2, &ctx) == FRNN_OK)) return check::report("cells_abi_test");

    Call ok;
    CHECK(frnn_rnn_tape_floats(&ok.d, N, T) > 0 && frnn_rnn_tape_floats(&ok.d, N, T) <= 4096);
    CHECK(frnn_rnn_tape_floats(nullptr, N, T) == -1 && strstr(frnn_last_error(), "desc is NULL"));
    frnn_rnn_desc bad = ok.d;
    bad.cell = 3;
    CHECK(frnn_rnn_tape_floats(&bad, N, T) == -1 && strstr(frnn_last_error(), "desc.cell = 3"));
    CHECK(frnn_rnn_tape_floats(&ok.d, 0, T) == -1 && strstr(frnn_last_error(), "batch N = 0"));
    CHECK(frnn_rnn_tape_floats(&ok.d, N, 1 << 30) > 0);
    bad = ok.d;
    bad.units = 1 << 30;
    CHECK(frnn_rnn_tape_floats(&bad, 1 << 30, 1 << 30) == -1 && strstr(frnn_last_error(), "too large"));

    forward_rejects([](Call&) {}, "ctx is NULL", nullptr, __LINE__);
    FORWARD_REJECTS(c.d.units = 0, "desc.units H = 0");
    FORWARD_REJECTS(c.d.input_size = -1, "desc.input_size C = -1");
    FORWARD_REJECTS(c.d.activation = FRNN_ACT_RELU, "desc.activation = 3 (RELU)");
    FORWARD_REJECTS(c.d.recurrent_activation = FRNN_ACT_TANH, "desc.recurrent_activation = 1 (TANH)");
    FORWARD_REJECTS(c.d.go_backwards = 2, "desc.go_backwards = 2");
    FORWARD_REJECTS(c.t.time = 0, "time T = 0");
    FORWARD_REJECTS(c.t.x = nullptr, "x [N, T, C] is required");
    FORWARD_REJECTS(c.t.recurrent_kernel = nullptr, "recurrent_kernel [H, G*H] is required");
    FORWARD_REJECTS(c.t.output = nullptr, "output [N, T, H] is required");
    FORWARD_REJECTS(c.d.cell = FRNN_CELL_GRU; c.t.c_last = c.c_other.data(), "c_last given, but only LSTM");
    FORWARD_REJECTS(c.mask[4] = 0.5f, "mask [N, T] must hold 1 (valid) or 0 (masked), got 0.5 at sample 1, step 1");
    FORWARD_REJECTS(c.t.output = c.x.data() + 1, "x [N, T, C] and output");
    FORWARD_REJECTS(c.t.h_last = c.out.data() + N * T * H - 1, "h_last [N, H] overlap");

    BACKWARD_REJECTS(c.g.d_kernel = nullptr, "d_kernel [C, G*H] is required");
    BACKWARD_REJECTS(c.g.d_output = nullptr, "d_output [N, T, H] is required");
    BACKWARD_REJECTS(c.d.cell = FRNN_CELL_SIMPLE_RNN; c.g.dc0 = c.c_other.data(), "dc0 given, but only LSTM");
    BACKWARD_REJECTS(c.g.dx = c.dW.data(), "dx [N, T, C] and d_kernel");
    BACKWARD_REJECTS(c.g.dh0 = c.x.data(), "x [N, T, C] and dh0");
    BACKWARD_REJECTS(c.d.reset_after = -1, "desc.reset_after = -1");
    {
        Call c;
        expect("frnn_rnn_backward: ", frnn_rnn_backward(ctx, &c.d, &c.t, nullptr, &c.g), "tape is NULL", c, __LINE__);
        expect("frnn_rnn_backward: ", frnn_rnn_backward(ctx, &c.d, &c.t, c.tape.data(), nullptr), "grads is NULL", c,
               __LINE__);
    }
    frnn_context_destroy(ctx);
    return check::report("cells_abi_test");
}
