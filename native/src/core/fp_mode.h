// Subnormal floats in the recurrent kernels. Over long sequences, gradients that shrink step by step
// fall into float32's subnormal range (below 1.2e-38), where x86 arithmetic runs up to a hundred times
// slower (measured here: an LSTM training step at N=16, T=200, H=64 took 122 ms instead of 9). Values
// that small change no result at float32 precision, so the kernels flush them to zero: FTZ and DAZ
// are set on the pool's worker threads for good, and on the calling thread for the duration of a call
// (the caller's mode — the JVM's, which must keep subnormals — is restored on return).
#pragma once

#include <xmmintrin.h>

namespace frnn {

// MXCSR bits: flush-to-zero (results) and denormals-are-zero (inputs).
constexpr unsigned kFlushSubnormals = 0x8040u;

// Sets FTZ and DAZ on this thread until the end of the scope.
class FlushSubnormals {
public:
    FlushSubnormals() : saved_(_mm_getcsr()) { _mm_setcsr(saved_ | kFlushSubnormals); }
    ~FlushSubnormals() { _mm_setcsr(saved_); }
    FlushSubnormals(const FlushSubnormals&) = delete;
    FlushSubnormals& operator=(const FlushSubnormals&) = delete;

private:
    unsigned saved_;
};

// Sets FTZ and DAZ on this thread for good (the kernels' own worker threads).
inline void flush_subnormals_on_this_thread() { _mm_setcsr(_mm_getcsr() | kFlushSubnormals); }

}  // namespace frnn
