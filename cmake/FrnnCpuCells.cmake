# The recurrent cells on the CPU: the ISA dispatch, the GEMM and its per-ISA micro-kernels, the thread
# pool (core/context.cpp, already in frnn_cpu), the sequence driver and the cells, and the ABI entry
# points frnn_rnn_*. Only the *_avx2.cpp and *_avx512.cpp files (GEMM micro-kernels and
# the cells' vectorised pointwise passes) get ISA flags; everything else is compiled
# for the baseline x86-64 ISA and checked for it by the ctest test cells_baseline_isa (files
# compiled with ISA flags must be named *_avx2.cpp or *_avx512.cpp).

set(FRNN_CPU_CELL_SOURCES
  native/src/api_rnn.cpp
  native/src/core/isa.cpp
  native/src/core/gemm_avx2.cpp
  native/src/core/gemm_avx512.cpp
  native/src/core/cells_avx2.cpp
  native/src/core/cells_avx512.cpp
  native/src/core/rnn_cpu.cpp
  native/src/simple_rnn/simple_rnn_cpu.cpp
  native/src/lstm/lstm_cpu.cpp
  native/src/gru/gru_cpu.cpp)
target_sources(frnn_cpu PRIVATE ${FRNN_CPU_CELL_SOURCES})
frnn_isa_sources(AVX2 native/src/core/gemm_avx2.cpp native/src/core/cells_avx2.cpp)
frnn_isa_sources(AVX512 native/src/core/gemm_avx512.cpp native/src/core/cells_avx512.cpp)
# The cells' math is written once (<cell>/<cell>.h) and must round the same on every path: no fused
# multiply-adds the source did not ask for (GCC contracts a * b + c by default when FMA is enabled).
set_property(SOURCE native/src/core/cells_avx2.cpp native/src/core/cells_avx512.cpp
             APPEND PROPERTY COMPILE_OPTIONS -ffp-contract=off)

