# Warnings for fusedrnn's own sources (not for third-party headers, which come in as system includes).
function(frnn_warnings target)
  set(cxx -Wall -Wextra -Wpedantic -Wshadow)
  set(cuda -Xcompiler=-Wall,-Wextra)
  if(FRNN_WERROR)
    list(APPEND cxx -Werror)
    list(APPEND cuda -Werror=all-warnings -Xcompiler=-Werror)
  endif()
  target_compile_options(${target} PRIVATE
    "$<$<COMPILE_LANGUAGE:CXX>:${cxx}>"
    "$<$<COMPILE_LANGUAGE:CUDA>:${cuda}>")
endfunction()
