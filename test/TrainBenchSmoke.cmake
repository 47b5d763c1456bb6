# Runs train_bench for a few steps (ctest: train-bench-smoke): it must exit
# 0 and print a row per sslc network. Never checks a speed.
execute_process(
  COMMAND ${TRAIN_BENCH} --steps 2 --reps 1 --warmup 1 --threads 1
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "train_bench exited with '${rc}'")
endif()
foreach(network lenet lenet-ssl)
  if(NOT out MATCHES "\n${network} +1 +[0-9]+ ")
    message(FATAL_ERROR "train_bench printed no sslc row for ${network}")
  endif()
endforeach()
