# FRNN_SANITIZE=ON: frnn_cpu, frnn_cuda_emu and every native test built with AddressSanitizer and
# UndefinedBehaviorSanitizer, for a build tree of its own (not the one Maven uses: the JVM cannot load
# an ASan-instrumented library without LD_PRELOAD). Every report is fatal (-fno-sanitize-recover=all),
# so ctest fails on the first finding. The real CUDA library is not built: nvcc's device code cannot be
# instrumented, and its host emulation, frnn_cuda_emu, runs the same kernel sources under the sanitizers.
#   cmake --workflow --preset sanitize      (configure, build and ctest in build/sanitize; CMakePresets.json)
# or by hand:
#   cmake -S . -B build-sanitize -DFRNN_SANITIZE=ON -DFRNN_CUDA=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo
#   cmake --build build-sanitize -j 2 && ctest --test-dir build-sanitize --output-on-failure
# GCC's runtimes (libasan, libubsan) are used; reports are symbolized by their built-in symbolizer.

option(FRNN_SANITIZE "Build the native libraries and tests with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)

# The run-time options ctest gives every test of a sanitized build (frnn_sanitizer_test_environment):
# stop at the first error with a stack trace, look for leaks at exit, and also catch use of a stack
# frame after return and static constructors reading another file's globals before they are set.
set(FRNN_ASAN_OPTIONS
    "halt_on_error=1:abort_on_error=0:detect_leaks=1:print_stacktrace=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1:detect_odr_violation=2")
set(FRNN_UBSAN_OPTIONS "halt_on_error=1:print_stacktrace=1:report_error_type=1")

if(FRNN_SANITIZE)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "FRNN_SANITIZE=ON needs GCC or Clang; the C++ compiler is ${CMAKE_CXX_COMPILER_ID}")
  endif()
  if(FRNN_CUDA)
    message(STATUS "fusedrnn: FRNN_SANITIZE=ON builds no frnn_cuda (nvcc code is not instrumented); "
                   "frnn_cuda_emu runs the CUDA sources under the sanitizers instead")
    set(FRNN_CUDA OFF)  # shadows the cache entry in this configuration only
  endif()
  # undefined: GCC's UBSan set (shifts, overflow, bounds, alignment, null, vptr, ...); float-cast-overflow
  # is not in it and guards the float -> integer conversions of ids and sizes.
  # _GLIBCXX_ASSERTIONS: libstdc++'s own checks (an index past a std::vector's size but within its
  # capacity, front() of an empty container), which ASan cannot see; a failed check aborts the test.
  set(_frnn_sanitizers "address,undefined,float-cast-overflow")
  add_compile_options(
    "$<$<COMPILE_LANGUAGE:CXX>:-fsanitize=${_frnn_sanitizers};-fno-sanitize-recover=all;-fno-omit-frame-pointer;-g;-D_GLIBCXX_ASSERTIONS>")
  add_link_options("-fsanitize=${_frnn_sanitizers}")
  message(STATUS "fusedrnn: FRNN_SANITIZE=ON: AddressSanitizer and UndefinedBehaviorSanitizer, every report fatal")
endif()

# Adds the sanitizers' run-time options to every test defined so far in the calling directory (call it
# after the last add_test). APPEND keeps each test's own ENVIRONMENT (e.g. FRNN_CPU_ISA). Instrumented
# code is slower (cuda_emu_test: 1.5 times the CPU time; the disassembly check of cells_baseline_isa
# reads larger objects), and a loaded machine stretches that further, so time limits triple.
function(frnn_sanitizer_test_environment)
  if(NOT FRNN_SANITIZE)
    return()
  endif()
  get_property(tests DIRECTORY PROPERTY TESTS)
  foreach(test IN LISTS tests)
    set_property(TEST ${test} APPEND PROPERTY ENVIRONMENT
                 "ASAN_OPTIONS=${FRNN_ASAN_OPTIONS}" "UBSAN_OPTIONS=${FRNN_UBSAN_OPTIONS}")
    get_property(timeout TEST ${test} PROPERTY TIMEOUT)
    if(timeout)
      math(EXPR timeout "${timeout} * 3")
      set_property(TEST ${test} PROPERTY TIMEOUT ${timeout})
    endif()
  endforeach()
endfunction()
