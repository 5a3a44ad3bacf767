# Tests of the non-recurrent operations (native/src/ops, ABI in native/src/api_ops.cpp).
frnn_test(ops_test ops_test.cpp)
target_link_libraries(ops_test PRIVATE frnn_cpu)
