# Each layer includes only the ones below it (docs/ARCHITECTURE.md): the engine nothing of
# ui/ or app/, the Qt model (ui/model) nothing of the widgets or app/, the widgets nothing of
# app/, the CLI nothing of ui/. Checked when CMake configures: an include that runs upward
# fails it, naming the file.
function(rotomatch_check_layer folder)
  file(GLOB_RECURSE sources ${PROJECT_SOURCE_DIR}/${folder}/*.h ${PROJECT_SOURCE_DIR}/${folder}/*.cpp)
  foreach(source ${sources})
    file(STRINGS ${source} includes REGEX "^[ \t]*#[ \t]*include[ \t]*\"")
    foreach(line ${includes})
      foreach(above ${ARGN})
        if(line MATCHES "\"${above}")
          file(RELATIVE_PATH where ${PROJECT_SOURCE_DIR} ${source})
          message(FATAL_ERROR "${where}: '${line}' runs upward (${folder}/ lies below ${above})")
        endif()
      endforeach()
    endforeach()
  endforeach()
endfunction()

rotomatch_check_layer(engine ui/ app/)
rotomatch_check_layer(ui/model ui/widgets/ app/)
rotomatch_check_layer(ui/widgets app/)
rotomatch_check_layer(app/cli ui/ app/gui/)
