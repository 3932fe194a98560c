# ROTOMATCH_SANITIZE=address,undefined or thread, set by the asan/tsan presets.
set(ROTOMATCH_SANITIZE "" CACHE STRING "Sanitizers to build with (address,undefined | thread)")
if(ROTOMATCH_SANITIZE)
  add_compile_options(-fsanitize=${ROTOMATCH_SANITIZE} -fno-omit-frame-pointer -g)
  add_link_options(-fsanitize=${ROTOMATCH_SANITIZE})
endif()
