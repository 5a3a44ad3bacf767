# The recurrent cells on the CPU: the ISA dispatch, the GEMM and its per-ISA micro-kernels, the thread
# pool (core/context.cpp, already in frnn_cpu), the sequence driver and the cells, and the ABI entry
# points frnn_rnn_*. Only gemm_avx2.cpp and gemm_avx512.cpp get ISA flags; everything else is compiled
# for the baseline x86-64 ISA and checked for it by the ctest test frnn_cpu_baseline_isa.

set(FRNN_CPU_CELL_SOURCES
  native/src/api_rnn.cpp
  native/src/core/isa.cpp
  native/src/core/gemm_avx2.cpp
  native/src/core/gemm_avx512.cpp
  native/src/core/rnn_cpu.cpp
  native/src/simple_rnn/simple_rnn_cpu.cpp
  native/src/lstm/lstm_cpu.cpp
  native/src/gru/gru_cpu.cpp)
target_sources(frnn_cpu PRIVATE ${FRNN_CPU_CELL_SOURCES})
frnn_isa_sources(AVX2 native/src/core/gemm_avx2.cpp)
frnn_isa_sources(AVX512 native/src/core/gemm_avx512.cpp)

# The sources whose objects must hold no AVX instruction (the dispatch, the scalar paths, the drivers).
set(FRNN_CPU_BASELINE_SOURCES
  native/src/api.cpp
  native/src/api_context.cpp
  native/src/api_rnn.cpp
  native/src/core/context.cpp
  native/src/core/cpu_features.cpp
  native/src/core/isa.cpp
  native/src/core/gemm_cpu.cpp
  native/src/core/rnn_cpu.cpp
  native/src/simple_rnn/simple_rnn_cpu.cpp
  native/src/lstm/lstm_cpu.cpp
  native/src/gru/gru_cpu.cpp)
