# Build options and the settings every fusedrnn shared library gets.

option(FRNN_CUDA "Build the CUDA library frnn_cuda when a CUDA compiler (nvcc) is found" ON)
option(FRNN_WERROR "Treat warnings in fusedrnn's own sources as errors" ON)
option(FRNN_BUILD_TESTS "Build the native tests run by ctest" ON)

if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
  set(CMAKE_BUILD_TYPE Release CACHE STRING "Build type" FORCE)
endif()

# C++20 for host code (std::barrier and friends); CUDA sources use C++17, the newest dialect
# CMake 3.25 knows for CUDA (set in FrnnCuda.cmake).
set(CMAKE_CXX_STANDARD 20)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)
set(CMAKE_POSITION_INDEPENDENT_CODE ON)

# Only FRNN_API symbols (the C ABI) are exported.
set(CMAKE_CXX_VISIBILITY_PRESET hidden)
set(CMAKE_CUDA_VISIBILITY_PRESET hidden)
set(CMAKE_VISIBILITY_INLINES_HIDDEN ON)

set(CMAKE_LIBRARY_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/lib")
set(CMAKE_RUNTIME_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/bin")
set(FRNN_GENERATED_DIR "${CMAKE_BINARY_DIR}/generated")

# Settings shared by frnn_cpu and frnn_cuda:
#  - the public header directory, the private source tree and the generated build-config header;
#  - FRNN_BUILDING_LIBRARY, which gives the ABI default visibility (everything else is hidden);
#  - __FILE__ relative to the source tree, so messages and binaries carry no build-machine path;
#  - libstdc++ linked statically and kept private (--exclude-libs), so the library loads next to any
#    JVM's or application's libstdc++ (dynamically under FRNN_SANITIZE); --no-undefined reports missing symbols at link time.
function(frnn_library_settings target)
  target_include_directories(${target}
    PUBLIC "${PROJECT_SOURCE_DIR}/native/include"
    PRIVATE "${PROJECT_SOURCE_DIR}/native/src" "${FRNN_GENERATED_DIR}")
  target_compile_definitions(${target} PRIVATE FRNN_BUILDING_LIBRARY)
  frnn_relative_file_macro(${target})
  target_link_options(${target} PRIVATE "LINKER:--exclude-libs,ALL" "LINKER:--no-undefined")
  # A sanitized build links libstdc++ dynamically, as the sanitizer runtimes expect (they replace
  # operator new and delete, which a private static copy would bypass).
  if(NOT FRNN_SANITIZE)
    target_link_options(${target} PRIVATE -static-libstdc++)
  endif()
  frnn_warnings(${target})
endfunction()

# Maps the source tree's absolute prefix away from __FILE__ (GCC, and GCC behind nvcc).
function(frnn_relative_file_macro target)
  set(map "-fmacro-prefix-map=${PROJECT_SOURCE_DIR}/=")
  target_compile_options(${target} PRIVATE
    $<$<COMPILE_LANGUAGE:CXX>:${map}>
    $<$<COMPILE_LANGUAGE:CUDA>:-Xcompiler=${map}>)
endfunction()
