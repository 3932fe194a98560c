# Strict warnings for our own targets only; third-party headers come in as SYSTEM
# includes, so they do not trip -Werror.
# -Wno-restrict: GCC 12 false positive on std::string concatenation (GCC bug 105329).
# ROTOMATCH_WERROR=OFF (the clang `fuzz` preset only): a clang-only warning in code the
# fuzzers merely link must not stop fuzzing; the g++ builds keep -Werror.
option(ROTOMATCH_WERROR "Treat warnings in our code as errors" ON)
function(rotomatch_strict_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra)
  if(ROTOMATCH_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
endfunction()
