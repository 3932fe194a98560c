# Strict warnings for our own targets only; third-party headers come in as SYSTEM
# includes, so they do not trip -Werror.
# -Wno-restrict: GCC 12 false positive on std::string concatenation (GCC bug 105329).
function(rotomatch_strict_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror -Wno-restrict)
endfunction()
