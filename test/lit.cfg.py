# lit configuration for the sslc lit suite (ssl-opt, sslc, FileCheck).
import os
import lit.formats

config.name = "sslc"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".mlir"]
# fuzz/ holds corpora, among them .mlir seeds that are not tests.
config.excludes = ["Inputs", "unittests", "fuzz", "CMakeLists.txt"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.sslc_obj_root, "test")

# Tools compile in process: no user compile cache.
config.environment["SSLC_CACHE"] = "off"
config.environment["PATH"] = os.pathsep.join(
    [config.sslc_tools_dir, config.llvm_tools_dir, config.environment.get("PATH", "")])
config.substitutions.append(("%sslc_src", config.sslc_src_root))
