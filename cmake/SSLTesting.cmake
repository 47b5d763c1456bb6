# Test registration helpers: gtest binaries are discovered per test case so
# ctest's summary counts every case.
find_package(GTest REQUIRED)
include(GoogleTest)

# PROPERTIES are set on every discovered case (e.g. FIXTURES_REQUIRED).
function(sslc_add_unittest name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS;PROPERTIES" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gtest_main)
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY
                        "${PROJECT_BINARY_DIR}/test/unittests")
  # Tests that drive the tools or read fixtures find them through these.
  target_compile_definitions(${name} PRIVATE
    SSLC_BIN_DIR="${SSLC_TOOLS_DIR}" SSLC_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  # Every test compiles in process unless it names a compile cache itself
  # (a user's default cache would make results depend on earlier runs).
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60
                       PROPERTIES ENVIRONMENT_MODIFICATION "SSLC_CACHE=set:off"
                                  ${ARG_PROPERTIES})
endfunction()

# A sanitizer build (scripts/sanitize.sh) instruments sslc's libraries but
# not the programs some tests run over them (python, a consumer built
# against the installed libsslc.so): the sanitizer runtimes must then be
# loaded first, which these tests do through LD_PRELOAD.
set(SSLC_TEST_PRELOAD "" CACHE STRING
    "Libraries preloaded into tests that run uninstrumented programs over sslc's libraries (sanitizer builds)")
# The ENVIRONMENT entries of such a test: `entries` plus the preload.
function(sslc_test_environment out)
  set(env "SSLC_CACHE=off" ${ARGN})
  if(SSLC_TEST_PRELOAD)
    string(REPLACE ";" " " preload "${SSLC_TEST_PRELOAD}")
    list(APPEND env "LD_PRELOAD=${preload}")
  endif()
  set(${out} "${env}" PARENT_SCOPE)
endfunction()
