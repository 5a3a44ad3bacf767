// The parity driver's two ABIs (see parity_memory.h). frnn_cuda_emu.h first: it renames the frnn_cuda_*
// declarations of frnn.h to the emulated library's frnn_cuda_emu_* symbols.
#include "fusedrnn/frnn_cuda_emu.h"

#include "parity_memory.h"

#include <deque>
#include <stdexcept>

namespace parity {
namespace {

std::vector<float> to_float(const Array& a) {
    return std::vector<float>(a.data.begin(), a.data.end());  // each value rounded to nearest
}

// frnn_cpu: host vectors, a context of two threads so the threaded paths run on any machine.
class CpuMemory final : public Memory {
public:
    CpuMemory() {
        if (frnn_context_create(2, &ctx_) != FRNN_OK) throw std::runtime_error("frnn_context_create: " + last_error());
    }
    ~CpuMemory() override { frnn_context_destroy(ctx_); }

    void begin_case() override { held_.clear(); }
    void end_case() override { held_.clear(); }
    float* upload(const Array& a) override { return held_.emplace_back(to_float(a)).data(); }
    float* allocate(int64_t floats) override {
        // At least one float, so that a zero-size tensor still gets a valid, unique pointer.
        return held_.emplace_back(static_cast<size_t>(floats > 0 ? floats : 1), 0.0f).data();
    }
    std::vector<float> download(const float* p, int64_t floats) override {
        return std::vector<float>(p, p + floats);
    }
    int64_t tape_floats(const frnn_rnn_desc& d, int32_t batch, int32_t time) override {
        return frnn_rnn_tape_floats(&d, batch, time);
    }
    frnn_status forward(const frnn_rnn_desc& d, const frnn_rnn_tensors& t, float* tape) override {
        return frnn_rnn_forward(ctx_, &d, &t, tape);
    }
    frnn_status backward(const frnn_rnn_desc& d, const frnn_rnn_tensors& t, const float* tape,
                         const frnn_rnn_grads& g) override {
        return frnn_rnn_backward(ctx_, &d, &t, tape, &g);
    }
    std::string last_error() override { return frnn_last_error(); }

private:
    frnn_context* ctx_ = nullptr;
    std::deque<std::vector<float>> held_;  // a deque: earlier vectors' data never move
};

// frnn_cuda_emu: device memory from its malloc, copies that wait for the context's work.
class CudaEmuMemory final : public Memory {
public:
    CudaEmuMemory() {
        if (frnn_cuda_context_create(&ctx_) != FRNN_OK)
            throw std::runtime_error("frnn_cuda_emu_context_create: " + last_error());
    }
    ~CudaEmuMemory() override {
        end_case();
        frnn_cuda_context_destroy(ctx_);
    }

    void begin_case() override { end_case(); }
    void end_case() override {
        for (float* p : held_) frnn_cuda_free(p);
        held_.clear();
    }
    float* upload(const Array& a) override {
        const std::vector<float> host = to_float(a);
        float* p = allocate(static_cast<int64_t>(host.size()));
        check(frnn_cuda_copy_to_device(p, host.data(), static_cast<int64_t>(host.size())), "copy_to_device");
        return p;
    }
    float* allocate(int64_t floats) override {
        float* p = nullptr;
        check(frnn_cuda_malloc(floats, &p), "malloc");
        held_.push_back(p);
        return p;
    }
    std::vector<float> download(const float* p, int64_t floats) override {
        std::vector<float> host(static_cast<size_t>(floats));
        check(frnn_cuda_copy_to_host(host.data(), p, floats), "copy_to_host");
        return host;
    }
    int64_t tape_floats(const frnn_rnn_desc& d, int32_t batch, int32_t time) override {
        return frnn_cuda_rnn_tape_floats(&d, batch, time);
    }
    // Waits, so that an error of the enqueued kernels is reported by this call.
    frnn_status forward(const frnn_rnn_desc& d, const frnn_rnn_tensors& t, float* tape) override {
        const frnn_status s = frnn_cuda_rnn_forward(ctx_, &d, &t, tape);
        return s != FRNN_OK ? s : frnn_cuda_synchronize(ctx_);
    }
    frnn_status backward(const frnn_rnn_desc& d, const frnn_rnn_tensors& t, const float* tape,
                         const frnn_rnn_grads& g) override {
        const frnn_status s = frnn_cuda_rnn_backward(ctx_, &d, &t, tape, &g);
        return s != FRNN_OK ? s : frnn_cuda_synchronize(ctx_);
    }
    std::string last_error() override { return frnn_cuda_last_error(); }

private:
    frnn_cuda_context* ctx_ = nullptr;
    std::vector<float*> held_;
};

}  // namespace

std::unique_ptr<Memory> Memory::open(const std::string& abi) {
    if (abi == "cpu") return std::make_unique<CpuMemory>();
    if (abi == "cuda_emu") return std::make_unique<CudaEmuMemory>();
    throw std::runtime_error("unknown ABI '" + abi + "'; expected cpu or cuda_emu");
}

}  // namespace parity
