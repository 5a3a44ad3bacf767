# Tests of the CPU recurrent cells, their GEMM and their build (included from CMakeLists.txt).

# The cells through the ABI, once per ISA path (FRNN_CPU_ISA forces it; a path this CPU lacks is skipped).
frnn_test(cells_test cells_test.cpp)
target_link_libraries(cells_test PRIVATE frnn_cpu)
foreach(isa avx512 avx2 scalar)
  add_test(NAME cells_test_${isa} COMMAND cells_test ${isa})
  set_tests_properties(cells_test_${isa} PROPERTIES ENVIRONMENT "FRNN_CPU_ISA=${isa}" SKIP_RETURN_CODE 77 TIMEOUT 60)
endforeach()
set_tests_properties(cells_test PROPERTIES DISABLED TRUE)  # the per-ISA runs above replace the plain one
