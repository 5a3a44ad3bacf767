# The non-recurrent operations of frnn_cpu: dense, embedding, element-wise and layout, losses, metrics,
# optimizer updates (native/src/ops/, ABI in native/src/api_ops.cpp). Plain C++ for the baseline ISA:
# these are memory-bound loops; the dense products go through the shared GEMM (core/gemm_cpu.h).
target_sources(frnn_cpu PRIVATE
  native/src/api_ops.cpp
  native/src/ops/dense_cpu.cpp
  native/src/ops/embedding_cpu.cpp
  native/src/ops/elementwise_cpu.cpp
  native/src/ops/loss_cpu.cpp
  native/src/ops/optimizer_cpu.cpp)

# Without the recurrent kernels' build file, the recurrent entry points answer "not in this build"
# (native/src/api_rnn_absent.cpp), so the library still links and the Java side reports why the cpu
# backend is unavailable.
if(NOT EXISTS "${CMAKE_CURRENT_LIST_DIR}/FrnnCpuCells.cmake")
  target_sources(frnn_cpu PRIVATE native/src/api_rnn_absent.cpp)
endif()
