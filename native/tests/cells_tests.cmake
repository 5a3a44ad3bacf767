# Tests of the CPU recurrent cells, their GEMM and their build (included from CMakeLists.txt).

# The cells through the ABI, once per ISA path (FRNN_CPU_ISA forces it; a path this CPU lacks is skipped).
add_executable(cells_test cells_test.cpp)
target_include_directories(cells_test PRIVATE "${PROJECT_SOURCE_DIR}/native/src")
target_link_libraries(cells_test PRIVATE frnn_cpu)
frnn_warnings(cells_test)
foreach(isa avx512 avx2 scalar)
  add_test(NAME cells_test_${isa} COMMAND cells_test ${isa})
  set_tests_properties(cells_test_${isa} PROPERTIES ENVIRONMENT "FRNN_CPU_ISA=${isa}" SKIP_RETURN_CODE 77 TIMEOUT 60)
endforeach()

# The GEMM's per-ISA paths, called directly (the test compiles the GEMM's sources: they are internal to
# frnn_cpu). Source properties are per directory, so the ISA flags are set again here.
set(_frnn_gemm_sources
  "${PROJECT_SOURCE_DIR}/native/src/core/gemm_cpu.cpp"
  "${PROJECT_SOURCE_DIR}/native/src/core/gemm_avx2.cpp"
  "${PROJECT_SOURCE_DIR}/native/src/core/gemm_avx512.cpp"
  "${PROJECT_SOURCE_DIR}/native/src/core/isa.cpp"
  "${PROJECT_SOURCE_DIR}/native/src/core/context.cpp"
  "${PROJECT_SOURCE_DIR}/native/src/core/cpu_features.cpp")
frnn_test(gemm_test gemm_test.cpp ${_frnn_gemm_sources})
frnn_isa_sources(AVX2 "${PROJECT_SOURCE_DIR}/native/src/core/gemm_avx2.cpp")
frnn_isa_sources(AVX512 "${PROJECT_SOURCE_DIR}/native/src/core/gemm_avx512.cpp")
target_include_directories(gemm_test PRIVATE "${PROJECT_SOURCE_DIR}/native/include")

frnn_test(cells_abi_test cells_abi_test.cpp)
target_link_libraries(cells_abi_test PRIVATE frnn_cpu)
add_test(NAME cells_abi_test_bad_isa COMMAND cells_abi_test bad-isa)
set_tests_properties(cells_abi_test_bad_isa PROPERTIES ENVIRONMENT "FRNN_CPU_ISA=avx9" TIMEOUT 60)

# No AVX instruction in the objects that run before (or instead of) the ISA check.
find_program(FRNN_OBJDUMP NAMES objdump "${CMAKE_OBJDUMP}")
find_program(FRNN_NM NAMES nm "${CMAKE_NM}")
if(FRNN_OBJDUMP AND FRNN_NM)
  add_test(NAME cells_baseline_isa
           COMMAND "${CMAKE_COMMAND}" -DOBJDUMP=${FRNN_OBJDUMP} -DNM=${FRNN_NM}
                   "-DOBJECTS=$<TARGET_OBJECTS:frnn_cpu>"
                   -P "${CMAKE_CURRENT_SOURCE_DIR}/cells_baseline_isa.cmake")
endif()

# A timing program, not a test: cells_bench <lstm|gru|simple> N T C H threads [train|infer] [reps].
add_executable(cells_bench cells_bench.cpp)
target_link_libraries(cells_bench PRIVATE frnn_cpu)
frnn_warnings(cells_bench)

# The vector activations of the pointwise passes, per ISA path.
frnn_test(cells_simd_test cells_simd_test.cpp cells_simd_probe_avx2.cpp cells_simd_probe_avx512.cpp)
frnn_isa_sources(AVX2 cells_simd_probe_avx2.cpp)
frnn_isa_sources(AVX512 cells_simd_probe_avx512.cpp)
set_property(SOURCE cells_simd_probe_avx2.cpp cells_simd_probe_avx512.cpp APPEND PROPERTY COMPILE_OPTIONS -ffp-contract=off)
target_link_libraries(cells_simd_test PRIVATE frnn_cpu)
