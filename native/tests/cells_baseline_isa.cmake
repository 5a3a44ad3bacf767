# ctest script: the objects of frnn_cpu not named *_avx2.* or *_avx512.* (the dispatch, the drivers, the
# scalar paths) must contain no AVX instruction: no ymm/zmm/k-mask register and no VEX/EVEX-encoded
# ("v"-prefixed) mnemonic. Running the scalar path on an AVX-512 CPU cannot prove that; disassembly can.
# The AVX-512 objects must contain zmm instructions, so that the check is known to see them. And the ISA
# objects may export data (their dispatch tables) but no code: an exported or weak (inline, template)
# function compiled with AVX flags could be chosen by the linker for a baseline caller of the same name.
#   cmake -DOBJDUMP=<objdump> -DNM=<nm> -DOBJECTS=<obj;obj;...> -P cells_baseline_isa.cmake
if(NOT OBJDUMP OR NOT NM OR NOT OBJECTS)
  message(FATAL_ERROR "cells_baseline_isa: pass -DOBJDUMP, -DNM and -DOBJECTS")
endif()
set(baseline 0)
set(saw_avx512 FALSE)
foreach(obj IN LISTS OBJECTS)
  execute_process(COMMAND "${OBJDUMP}" -d --no-show-raw-insn "${obj}" OUTPUT_VARIABLE asm RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cells_baseline_isa: ${OBJDUMP} failed on ${obj}")
  endif()
  if(obj MATCHES "_avx(2|512)\\.")
    if(obj MATCHES "_avx512\\." AND asm MATCHES "%zmm")
      set(saw_avx512 TRUE)
    endif()
    execute_process(COMMAND "${NM}" -g --defined-only "${obj}" OUTPUT_VARIABLE syms RESULT_VARIABLE rc)
    string(REGEX MATCH "[^\n]* [TWVui] [^\n]*" code "${syms}")
    if(NOT rc EQUAL 0 OR code)
      message(FATAL_ERROR "cells_baseline_isa: ${obj} exports code (${code}); keep everything in ISA files in "
                          "an anonymous namespace or behind internal-linkage types, and export only data tables")
    endif()
    continue()
  endif()
  math(EXPR baseline "${baseline} + 1")
  string(REGEX MATCH "[^\n]*(%[yz]mm[0-9]|%k[0-7]|\t(v[a-z0-9]+) )[^\n]*" hit "${asm}")
  if(hit)
    message(FATAL_ERROR "cells_baseline_isa: ${obj} holds an AVX instruction but is compiled for the baseline "
                        "ISA and may run before the CPU check:\n  ${hit}\nMove that code to a *_avx2.cpp or "
                        "*_avx512.cpp file built with frnn_isa_sources.")
  endif()
endforeach()
if(baseline EQUAL 0 OR NOT saw_avx512)
  message(FATAL_ERROR "cells_baseline_isa: checked ${baseline} baseline objects; zmm seen in the AVX-512 "
                      "objects: ${saw_avx512} (the check must see both kinds)")
endif()
message(STATUS "cells_baseline_isa: ${baseline} baseline objects hold no AVX instruction")
