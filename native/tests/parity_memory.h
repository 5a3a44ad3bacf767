// Where the parity driver's tensors live and which ABI runs them: frnn_cpu on host memory, or the host
// emulation of the CUDA backend (frnn_cuda_emu) on its device memory. A case allocates through
// begin_case() ... end_case(), which frees everything allocated in between.
#pragma once

#include <stdint.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "fusedrnn/frnn.h"
#include "parity_case.h"

namespace parity {

class Memory {
public:
    // "cpu" or "cuda_emu"; throws std::runtime_error for another name or when no context can be created.
    static std::unique_ptr<Memory> open(const std::string& abi);
    virtual ~Memory() = default;

    virtual void begin_case() = 0;
    virtual void end_case() = 0;
    // A float32 copy of a case array (rounded from float64), or zero-filled floats; valid until end_case().
    virtual float* upload(const Array& a) = 0;
    virtual float* allocate(int64_t floats) = 0;
    virtual std::vector<float> download(const float* p, int64_t floats) = 0;

    virtual int64_t tape_floats(const frnn_rnn_desc& d, int32_t batch, int32_t time) = 0;
    virtual frnn_status forward(const frnn_rnn_desc& d, const frnn_rnn_tensors& t, float* tape) = 0;
    virtual frnn_status backward(const frnn_rnn_desc& d, const frnn_rnn_tensors& t, const float* tape,
                                 const frnn_rnn_grads& g) = 0;
    virtual std::string last_error() = 0;

    // Throws std::runtime_error with the ABI's last error unless s is FRNN_OK.
    void check(frnn_status s, const char* what) {
        if (s != FRNN_OK) throw std::runtime_error(std::string(what) + " returned status " + std::to_string(s) + ": " + last_error());
    }
};

}  // namespace parity
