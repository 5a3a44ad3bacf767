# frnn_cpu: the host library, built for the baseline x86-64 ISA. Faster paths live in their own
# translation units compiled with per-ISA flags (frnn_isa_sources) and are chosen at run time from
# frnn_cpu_features(), so the library still loads and runs on CPUs without AVX.

set(FRNN_ISA_AVX2_FLAGS -mavx2 -mfma)
set(FRNN_ISA_AVX512_FLAGS -mavx512f -mavx512cd -mavx512bw -mavx512dq -mavx512vl -mfma)

# frnn_isa_sources(<AVX2|AVX512> <source>...): compiles those sources with that ISA's flags. Only code
# reached after a runtime check of frnn_cpu_features() may live in them. (With GCC 12 and -Werror,
# avoid _mm512_reduce_*: their header code trips -Wuninitialized, GCC bug 105593.)
function(frnn_isa_sources isa)
  if(NOT DEFINED FRNN_ISA_${isa}_FLAGS)
    message(FATAL_ERROR "frnn_isa_sources: unknown ISA '${isa}'; expected AVX2 or AVX512")
  endif()
  set_property(SOURCE ${ARGN} APPEND PROPERTY COMPILE_OPTIONS ${FRNN_ISA_${isa}_FLAGS})
endfunction()

add_library(frnn_cpu SHARED
  native/src/api.cpp
  native/src/api_context.cpp
  native/src/core/activations_cpu.cpp
  native/src/core/context.cpp
  native/src/core/cpu_features.cpp
  native/src/core/gemm_cpu.cpp)
frnn_library_settings(frnn_cpu)

# The recurrent cells' CPU sources (sequence drivers and their ISA paths).
include(FrnnCpuCells OPTIONAL)
# Dense, embedding, element-wise, loss, metric and optimizer kernels.
include(FrnnCpuOps OPTIONAL)
