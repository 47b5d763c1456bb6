# The torchvision fixtures of RealModelTest: runs torchvision_models.py into
# OUT, unless OUT already holds an export by this very script. Without
# torch, torchvision or onnx, records why in OUT/torch-missing.txt (every
# RealModelTest case then skips, saying so) and succeeds.
#   cmake -DPYTHON=... -DSCRIPT=.../torchvision_models.py -DOUT=... -P this
file(MAKE_DIRECTORY "${OUT}")
file(REMOVE "${OUT}/torch-missing.txt")
execute_process(COMMAND "${PYTHON}" -c "import torch, torchvision, onnx, numpy"
                RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  string(STRIP "${err}" err)
  file(WRITE "${OUT}/torch-missing.txt"
       "'${PYTHON} -c \"import torch, torchvision, onnx, numpy\"' failed "
       "(${rc}): ${err}\n")
  message(STATUS "torchvision fixtures skipped: ${err}")
  return()
endif()
file(MD5 "${SCRIPT}" hash)
if(EXISTS "${OUT}/stamp" AND EXISTS "${OUT}/manifest.json")
  file(READ "${OUT}/stamp" stamp)
  if(stamp STREQUAL hash)
    message(STATUS "torchvision fixtures up to date in ${OUT}")
    return()
  endif()
endif()
file(REMOVE "${OUT}/stamp" "${OUT}/manifest.json")
execute_process(COMMAND "${PYTHON}" "${SCRIPT}" "${OUT}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${SCRIPT} failed (${rc})")
endif()
file(WRITE "${OUT}/stamp" "${hash}")
