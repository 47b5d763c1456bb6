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
  if(ARG_PROPERTIES)
    gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60
                         PROPERTIES ${ARG_PROPERTIES})
  else()
    gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60)
  endif()
endfunction()
