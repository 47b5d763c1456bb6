# ctest script: cmake --install BUILD_DIR into WORK_DIR/prefix, configure and
# build CONSUMER_DIR against it (find_package(sslc), nothing from the build
# tree), run the consumer and the installed sslc tool.
foreach(var BUILD_DIR CONSUMER_DIR WORK_DIR GENERATOR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "InstallConsumer.cmake: ${var} is not set")
  endif()
endforeach()
file(REMOVE_RECURSE "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")

function(run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc
                  OUTPUT_VARIABLE out ERROR_VARIABLE err)
  message(STATUS "${what}:\n${out}${err}")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${what} failed (exit ${rc})")
  endif()
endfunction()

run("install" ${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${prefix}")
foreach(f include/sslc/sslc.h lib/cmake/sslc/sslcConfig.cmake bin/sslc
          bin/ssl-opt)
  if(NOT EXISTS "${prefix}/${f}")
    message(FATAL_ERROR "install: ${prefix}/${f} is missing")
  endif()
endforeach()
# The consumer sees the prefix only: no hint at the build tree, and the
# build tree's package registry is not consulted.
run("configure consumer" ${CMAKE_COMMAND} -G "${GENERATOR}"
    -S "${CONSUMER_DIR}" -B "${WORK_DIR}/consumer"
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
    -DCMAKE_BUILD_TYPE=Release)
run("build consumer" ${CMAKE_COMMAND} --build "${WORK_DIR}/consumer")
run("run consumer" "${WORK_DIR}/consumer/sslc_consumer" "${WORK_DIR}/aot")
run("installed sslc" "${prefix}/bin/sslc" report lenet)
