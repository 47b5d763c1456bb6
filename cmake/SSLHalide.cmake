# Halide 14 as an IMPORTED target. Debian's HalideConfig.cmake runs
# find_dependency(LLVM 14), which would overwrite the LLVM 22 variables that
# MLIR needs, so the library is described by hand instead.
find_library(SSLC_HALIDE_LIBRARY NAMES libHalide14.so.0 Halide14
             PATHS /usr/lib/x86_64-linux-gnu REQUIRED NO_DEFAULT_PATH)
find_path(SSLC_HALIDE_INCLUDE_DIR Halide.h PATHS /usr/include/halide14
          REQUIRED NO_DEFAULT_PATH)

add_library(sslc_halide SHARED IMPORTED GLOBAL)
set_target_properties(sslc_halide PROPERTIES
  IMPORTED_LOCATION "${SSLC_HALIDE_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${SSLC_HALIDE_INCLUDE_DIR}"
  INTERFACE_COMPILE_DEFINITIONS "HALIDE_ENABLE_RTTI;HALIDE_WITH_EXCEPTIONS")
add_library(Halide::Halide ALIAS sslc_halide)

# Halide reports errors by throwing; MLIR's options build without exceptions.
# Targets that call into Halide opt back in with this helper.
function(sslc_enable_exceptions target)
  target_compile_options(${target} PRIVATE -fexceptions)
endfunction()

# Header-only use of the Halide runtime (buffers for AOT consumers, no
# compiler): include directory only.
add_library(sslc_halide_runtime_headers INTERFACE)
target_include_directories(sslc_halide_runtime_headers SYSTEM INTERFACE
  "${SSLC_HALIDE_INCLUDE_DIR}")
