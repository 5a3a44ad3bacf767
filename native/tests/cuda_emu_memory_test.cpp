// How the CUDA backend uses device memory and the host, counted by the host emulation
// (frnn_cuda_emu_count): buffers and the workspace come from the stream-ordered pool and are reused from
// its cache, host-to-device copies are one per transfer, and a recurrent forward or backward pass waits
// on the host for nothing: no synchronisation per time step (the counts do not grow with T).
#include "fusedrnn/frnn_cuda_emu.h"

#include <stdint.h>

#include <vector>

#include "check.h"
#include "fusedrnn/frnn.h"
#include "fusedrnn/frnn_cuda_emu_testing.h"

namespace {

int64_t count(const char* c) { return frnn_cuda_emu_count(c); }

float* device(int64_t n) {
    float* p = nullptr;
    CHECK(frnn_cuda_malloc(n, &p) == FRNN_OK);
    return p;
}

void buffers_come_from_the_pool_and_its_cache() {
    CHECK(count("no such counter") == -1 && count(nullptr) == -1);
    const int64_t plain = count("malloc"), pooled = count("malloc_async"), grown = count("pool_grow");
    const int64_t syncs = count("sync");
    float* a = device(1000);
    CHECK(count("malloc_async") == pooled + 1 && count("pool_grow") == grown + 1);
    CHECK(frnn_cuda_free(a) == FRNN_OK);
    // The same size again (the next batch): served by the cached block, with nothing waited for.
    float* b = device(1000);
    CHECK(b == a);
    CHECK(count("malloc_async") == pooled + 2 && count("pool_grow") == grown + 1);
    std::vector<float> zero(1000, 1.0f);  // a cached block comes back zero-filled, as frnn_cuda_malloc promises
    CHECK(frnn_cuda_copy_to_host(zero.data(), b, 1000) == FRNN_OK);
    bool all_zero = true;
    for (float v : zero) all_zero = all_zero && v == 0.0f;
    CHECK(all_zero);
    CHECK(frnn_cuda_free(b) == FRNN_OK);
    CHECK(count("malloc") == plain);
    CHECK(count("sync") == syncs + 1);  // only the blocking copy to the host
    // A freed block is not device memory any more.
    CHECK(frnn_cuda_free(b) == FRNN_ERR_ARGUMENT);
}

void one_host_to_device_copy_per_transfer() {
    std::vector<float> v(5000, 2.0f);
    float* p = device(5000);
    const int64_t before = count("copy_h2d");
    CHECK(frnn_cuda_copy_to_device(p, v.data(), 5000) == FRNN_OK);
    CHECK(count("copy_h2d") == before + 1);
    CHECK(frnn_cuda_free(p) == FRNN_OK);
}

struct Sequence {
    frnn_rnn_desc desc{};
    frnn_rnn_tensors t{};
    frnn_rnn_grads g{};
    std::vector<float*> owned;
    float* tape = nullptr;

    float* take(int64_t n, float value) {
        float* p = device(n);
        std::vector<float> v(static_cast<size_t>(n), value);
        CHECK(frnn_cuda_copy_to_device(p, v.data(), n) == FRNN_OK);
        owned.push_back(p);
        return p;
    }

    Sequence(int cell, int32_t n, int32_t time, int32_t c, int32_t h) {
        const int gates = cell == FRNN_CELL_LSTM ? 4 : cell == FRNN_CELL_GRU ? 3 : 1;
        desc.cell = cell;
        desc.input_size = c;
        desc.units = h;
        desc.activation = FRNN_ACT_TANH;
        desc.recurrent_activation = FRNN_ACT_SIGMOID;
        desc.reset_after = cell == FRNN_CELL_GRU ? 1 : 0;
        desc.return_sequences = 1;
        t.batch = n;
        t.time = time;
        t.x = take(int64_t{n} * time * c, 0.5f);
        t.kernel = take(int64_t{c} * gates * h, 0.1f);
        t.recurrent_kernel = take(int64_t{h} * gates * h, 0.05f);
        t.bias = take((desc.reset_after ? 2 : 1) * int64_t{gates} * h, 0.0f);
        t.output = take(int64_t{n} * time * h, 0.0f);
        t.h_last = take(int64_t{n} * h, 0.0f);
        g.d_output = take(int64_t{n} * time * h, 1.0f);
        g.dx = take(int64_t{n} * time * c, 0.0f);
        g.d_kernel = take(int64_t{c} * gates * h, 0.0f);
        g.d_recurrent_kernel = take(int64_t{h} * gates * h, 0.0f);
        g.d_bias = take((desc.reset_after ? 2 : 1) * int64_t{gates} * h, 0.0f);
        tape = take(frnn_cuda_rnn_tape_floats(&desc, n, time), 0.0f);
    }
    ~Sequence() {
        for (float* p : owned) frnn_cuda_free(p);
    }
};

// Host synchronisations and copies of one forward and one backward call of a sequence of `time` steps.
struct Counts {
    int64_t forward_syncs, backward_syncs, copies, mallocs;
};

Counts run(frnn_cuda_context* ctx, int cell, int32_t time) {
    Sequence s(cell, 2, time, 3, 4);
    const int64_t copies = count("copy_h2d"), mallocs = count("malloc"), s0 = count("sync");
    CHECK(frnn_cuda_rnn_forward(ctx, &s.desc, &s.t, s.tape) == FRNN_OK);
    const int64_t s1 = count("sync");
    CHECK(frnn_cuda_rnn_backward(ctx, &s.desc, &s.t, s.tape, &s.g) == FRNN_OK);
    const int64_t s2 = count("sync");
    Counts c{s1 - s0, s2 - s1, count("copy_h2d") - copies, count("malloc") - mallocs};
    CHECK(frnn_cuda_synchronize(ctx) == FRNN_OK);
    return c;
}

void no_host_synchronisation_inside_a_sequence() {
    frnn_cuda_context* ctx = nullptr;
    CHECK(frnn_cuda_context_create(&ctx) == FRNN_OK);
    for (int cell : {FRNN_CELL_SIMPLE_RNN, FRNN_CELL_LSTM, FRNN_CELL_GRU}) {
        for (int32_t time : {1, 9}) {
            const Counts c = run(ctx, cell, time);
            if (!CHECK(c.forward_syncs == 0 && c.backward_syncs == 0 && c.copies == 0 && c.mallocs == 0))
                fprintf(stderr, "    cell %d, T = %d: %lld + %lld synchronisations, %lld copies, %lld cudaMalloc\n",
                        cell, time, (long long)c.forward_syncs, (long long)c.backward_syncs, (long long)c.copies,
                        (long long)c.mallocs);
        }
    }
    frnn_cuda_context_destroy(ctx);
}

// The workspace grows in stream order: a larger call frees and allocates without waiting on the host.
void the_workspace_grows_without_waiting() {
    frnn_cuda_context* ctx = nullptr;
    CHECK(frnn_cuda_context_create(&ctx) == FRNN_OK);
    const Counts small = run(ctx, FRNN_CELL_LSTM, 2);
    const int64_t grown = count("pool_grow");
    const Counts large = run(ctx, FRNN_CELL_LSTM, 40);  // a larger workspace than any before in this context
    CHECK(small.forward_syncs == 0 && large.forward_syncs == 0 && large.backward_syncs == 0);
    CHECK(count("pool_grow") > grown);
    frnn_cuda_context_destroy(ctx);
}

}  // namespace

int main() {
    buffers_come_from_the_pool_and_its_cache();
    one_host_to_device_copy_per_transfer();
    no_host_synchronisation_inside_a_sequence();
    the_workspace_grows_without_waiting();
    return check::report("cuda_emu_memory_test");
}
