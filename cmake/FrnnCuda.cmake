# frnn_cuda_emu (always) and frnn_cuda: the CUDA library, built when FRNN_CUDA=ON and a working nvcc is found. Sets
# FRNN_CUDA_BUILD_INFO (reported at run time by frnn_cuda_build_info) in every case.
#
# The library links the CUDA runtime statically and nothing else from CUDA (no libcuda, no cuBLAS):
# it loads on machines without an NVIDIA driver and reports that through frnn_cuda_query.

set(FRNN_CUDA_ARCHITECTURES_STRING "")
set(FRNN_CUDA_DEFAULT_ARCHITECTURES "75-real;80-real;86-real;89-real;90")

# Drops a frnn_cuda left in the output directory by an earlier configuration of this build tree,
# so that a CPU-only build never ships a stale CUDA library.
function(frnn_remove_stale_cuda_library)
  file(REMOVE "${CMAKE_LIBRARY_OUTPUT_DIRECTORY}/libfrnn_cuda.so")
endfunction()

# The CUDA backend's sources: host code (ABI, checks, contexts) and kernels (.cu). Both libraries below
# compile the same files.
set(FRNN_CUDA_HOST_SOURCES
  native/src/api_cuda.cpp
  native/src/api_cuda_ops.cpp
  native/src/api_cuda_rnn.cpp
  native/src/core/cuda_context.cpp
  native/src/core/cuda_status.cpp
  native/src/core/cublas.cpp)
set(FRNN_CUDA_KERNEL_SOURCES
  native/src/core/activations_cuda.cu
  native/src/core/gemm_cuda.cu
  native/src/core/rnn_cuda.cu
  native/src/simple_rnn/simple_rnn_cuda.cu
  native/src/lstm/lstm_cuda.cu
  native/src/gru/gru_cuda.cu
  native/src/ops/reduce_cuda.cu
  native/src/ops/dense_cuda.cu
  native/src/ops/embedding_cuda.cu
  native/src/ops/elementwise_cuda.cu
  native/src/ops/loss_cuda.cu
  native/src/ops/optimizer_cuda.cu)

# frnn_cuda_emu: always built, no nvcc needed. The kernel sources are compiled as C++ with the host
# emulation of core/cuda_emu.h (FRNN_CUDA_EMULATION), each through a generated one-line .cpp that
# includes it, so the same .cu files stay CUDA sources for frnn_cuda. Its exported names are
# frnn_cuda_emu_* (fusedrnn/frnn_cuda_emu.h, force-included), so it loads beside frnn_cuda.
set(_frnn_emu_sources ${FRNN_CUDA_HOST_SOURCES} native/src/core/cuda_emu.cpp native/src/core/cuda_emu_launch.cpp
    native/src/core/cuda_emu_faults.cpp native/src/core/cuda_emu_memory.cpp)
foreach(_cu IN LISTS FRNN_CUDA_KERNEL_SOURCES)
  string(REPLACE "native/src/" "" _rel "${_cu}")
  string(REPLACE "/" "_" _flat "${_rel}")
  set(_wrapper "${CMAKE_BINARY_DIR}/cuda_emu/${_flat}.cpp")
  file(CONFIGURE OUTPUT "${_wrapper}" CONTENT "// Generated: ${_rel} compiled as C++ for the host emulation.\n#include \"${_rel}\"\n")
  list(APPEND _frnn_emu_sources "${_wrapper}")
endforeach()
find_package(Threads REQUIRED)
add_library(frnn_cuda_emu SHARED ${_frnn_emu_sources})
frnn_library_settings(frnn_cuda_emu)
target_compile_definitions(frnn_cuda_emu PRIVATE FRNN_CUDA_EMULATION)
target_compile_options(frnn_cuda_emu PRIVATE -include "${PROJECT_SOURCE_DIR}/native/include/fusedrnn/frnn_cuda_emu.h")
target_link_libraries(frnn_cuda_emu PRIVATE Threads::Threads)

if(NOT FRNN_CUDA)
  set(FRNN_CUDA_BUILD_INFO "not built: FRNN_CUDA=OFF (Maven -Dfusedrnn.cuda=OFF)")
  message(STATUS "fusedrnn: FRNN_CUDA=OFF: building the CPU library only")
  frnn_remove_stale_cuda_library()
  return()
endif()

# nvcc from CUDACXX or -DCMAKE_CUDA_COMPILER when given, else from PATH, else from the usual install
# location. check_language then verifies in a scratch project that the compiler really works. A
# "not found" from an earlier configuration is forgotten, so installing nvcc later takes effect.
if(DEFINED CMAKE_CUDA_COMPILER AND NOT CMAKE_CUDA_COMPILER)
  unset(CMAKE_CUDA_COMPILER CACHE)
endif()
if(NOT DEFINED CMAKE_CUDA_COMPILER AND NOT DEFINED ENV{CUDACXX})
  find_program(FRNN_NVCC nvcc PATHS ENV CUDA_HOME ENV CUDA_PATH /usr/local/cuda PATH_SUFFIXES bin)
  if(FRNN_NVCC)
    set(ENV{CUDACXX} "${FRNN_NVCC}")
  endif()
endif()
include(CheckLanguage)
check_language(CUDA)

if(NOT CMAKE_CUDA_COMPILER)
  set(FRNN_CUDA_BUILD_INFO "not built: no working nvcc on PATH or in /usr/local/cuda/bin")
  string(APPEND FRNN_CUDA_BUILD_INFO " (set CUDACXX or -DCMAKE_CUDA_COMPILER, or build with FRNN_CUDA=OFF)")
  message(STATUS "fusedrnn: no working CUDA compiler (nvcc) found: building the CPU library only. "
                 "Set CUDACXX or -DCMAKE_CUDA_COMPILER=/path/to/nvcc to build frnn_cuda.")
  frnn_remove_stale_cuda_library()
  return()
endif()

# Real code for each supported GPU generation and PTX for the newest, which newer GPUs JIT-compile.
# Override with -DCMAKE_CUDA_ARCHITECTURES=... (e.g. one architecture for a quick local build).
if(NOT DEFINED CMAKE_CUDA_ARCHITECTURES)
  set(CMAKE_CUDA_ARCHITECTURES "${FRNN_CUDA_DEFAULT_ARCHITECTURES}")
endif()
set(CMAKE_CUDA_STANDARD 17)
set(CMAKE_CUDA_STANDARD_REQUIRED ON)
set(CMAKE_CUDA_EXTENSIONS OFF)
set(CMAKE_CUDA_RUNTIME_LIBRARY None)  # linked explicitly below: CUDA::cudart_static
enable_language(CUDA)
find_package(CUDAToolkit REQUIRED)

add_library(frnn_cuda SHARED ${FRNN_CUDA_HOST_SOURCES} ${FRNN_CUDA_KERNEL_SOURCES})
frnn_library_settings(frnn_cuda)
target_link_libraries(frnn_cuda PRIVATE CUDA::cudart_static)
# Linked by g++ (no device link step is needed), so the host link options apply as written.
set_target_properties(frnn_cuda PROPERTIES LINKER_LANGUAGE CXX)

string(REPLACE ";" " " _frnn_archs_spaced "${CMAKE_CUDA_ARCHITECTURES}")
set(FRNN_CUDA_ARCHITECTURES_STRING "${CMAKE_CUDA_ARCHITECTURES}")
set(FRNN_CUDA_BUILD_INFO "built for ${CMAKE_CUDA_ARCHITECTURES} with nvcc ${CMAKE_CUDA_COMPILER_VERSION}")
message(STATUS "fusedrnn: building frnn_cuda with nvcc ${CMAKE_CUDA_COMPILER_VERSION} "
               "(${CMAKE_CUDA_COMPILER}) for architectures ${_frnn_archs_spaced}")
