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
# The tool is built on the API: it loads the prefix's libsslc.so.
execute_process(COMMAND ldd "${prefix}/bin/sslc" OUTPUT_VARIABLE libs)
string(FIND "${libs}" "libsslc.so.0 => ${prefix}/" at)
if(at EQUAL -1)
  message(FATAL_ERROR "installed sslc does not load ${prefix}/lib/libsslc.so:\n${libs}")
endif()
# The installed Python package: the module loads libsslc.so from the prefix
# (its RPATH).
if(NOT DEFINED PYTHON)
  set(PYTHON /usr/bin/python3)
endif()
run("installed python module" ${CMAKE_COMMAND} -E env
    "PYTHONPATH=${prefix}/lib/python3/dist-packages" ${PYTHON} -c [[
import numpy as np, os, sys, sslc
prefix = os.path.realpath(sys.argv[1])
assert os.path.realpath(sslc.__file__).startswith(prefix), sslc.__file__
assert os.path.realpath(sslc._sslc.__file__).startswith(prefix), sslc._sslc.__file__
model = sslc.load("mlp")
x = np.random.default_rng(0).random((1, 784), dtype=np.float32)
y = sslc.compile(model)(x)
s = model.state_dict()
h = np.maximum(x @ s["ip1.weight"].T + s["ip1.bias"], 0)
h = np.maximum(h @ s["ip2.weight"].T + s["ip2.bias"], 0)
ref = h @ s["ip3.weight"].T + s["ip3.bias"]
np.testing.assert_allclose(y, ref, rtol=1e-4, atol=1e-5)
print("installed python module: ok", float(np.abs(y - ref).max()))
]] "${prefix}")
