//===- NpyTest.cpp - .npy reading and writing -----------------------------===//
#include "runtime/Npy.h"
#include "TestUtil.h"

#include <fstream>
#include <gtest/gtest.h>
#include <sys/stat.h>

using namespace sslc;

namespace {

std::string npyBytes(const std::string &dict, const std::string &data,
                     int major = 1) {
  std::string header = dict;
  size_t prefix = major == 1 ? 10 : 12;
  header.append((64 - (prefix + header.size() + 1) % 64) % 64, ' ');
  header += '\n';
  std::string bytes = std::string("\x93NUMPY", 6);
  bytes += static_cast<char>(major);
  bytes += '\0';
  size_t len = header.size();
  bytes += static_cast<char>(len & 0xff);
  bytes += static_cast<char>((len >> 8) & 0xff);
  if (major != 1) {
    bytes += '\0';
    bytes += '\0';
  }
  return bytes + header + data;
}

std::string floatBytes(const std::vector<float> &v) {
  return std::string(reinterpret_cast<const char *>(v.data()),
                     v.size() * sizeof(float));
}

TEST(Npy, RoundTripsRandomTensors) {
  std::string dir = test::makeTempDir();
  for (std::vector<int64_t> shape :
       {std::vector<int64_t>{7}, {3, 13}, {2, 3, 5, 7}, {}}) {
    Tensor t(shape);
    t.data = test::randomValues(t.numElements(), 42);
    std::string path = dir + "/t.npy", error;
    ASSERT_TRUE(writeNpy(path, t, error)) << error;
    Tensor back;
    ASSERT_TRUE(readNpy(path, back, error)) << error;
    EXPECT_EQ(back.shape, shape);
    EXPECT_EQ(back.data, t.data);
  }
}

TEST(Npy, WritesNumPyCompatibleHeader) {
  Tensor t({5});
  std::string bytes = serializeNpy(t);
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x93NUMPY\x01\x00", 8));
  // Header (incl. magic and length) is padded to a multiple of 64 bytes.
  size_t headerLen = static_cast<unsigned char>(bytes[8]) |
                     (static_cast<unsigned char>(bytes[9]) << 8);
  EXPECT_EQ((10 + headerLen) % 64, 0u);
  EXPECT_NE(bytes.find("'shape': (5,)"), std::string::npos);
}

TEST(Npy, ReadsVersion2Headers) {
  std::vector<float> v = test::randomValues(6, 1);
  std::string bytes = npyBytes(
      "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }",
      floatBytes(v), 2);
  Tensor t;
  std::string error;
  ASSERT_TRUE(parseNpy(bytes, "v2.npy", t, error)) << error;
  EXPECT_EQ(t.shape, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(t.data, v);
}

TEST(Npy, RejectsOtherDtypes) {
  std::string bytes = npyBytes(
      "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }",
      std::string(16, '\0'));
  Tensor t;
  std::string error;
  EXPECT_FALSE(parseNpy(bytes, "x.npy", t, error));
  EXPECT_NE(error.find("x.npy"), std::string::npos) << error;
  EXPECT_NE(error.find("float32"), std::string::npos) << error;
  EXPECT_NE(error.find("<f8"), std::string::npos) << error;
}

TEST(Npy, RejectsFortranOrder) {
  std::string bytes = npyBytes(
      "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }",
      std::string(16, '\0'));
  Tensor t;
  std::string error;
  EXPECT_FALSE(parseNpy(bytes, "f.npy", t, error));
  EXPECT_NE(error.find("Fortran"), std::string::npos) << error;
}

TEST(Npy, RejectsTruncatedData) {
  std::string bytes = npyBytes(
      "{'descr': '<f4', 'fortran_order': False, 'shape': (4, 4), }",
      std::string(60, '\0'));
  Tensor t;
  std::string error;
  EXPECT_FALSE(parseNpy(bytes, "short.npy", t, error));
  EXPECT_NE(error.find("expected 64 bytes"), std::string::npos) << error;
}

TEST(Npy, RejectsBadMagicAndMissingFiles) {
  Tensor t;
  std::string error;
  EXPECT_FALSE(parseNpy("PK\x03\x04 not numpy", "zip.npy", t, error));
  EXPECT_NE(error.find("magic"), std::string::npos) << error;
  EXPECT_FALSE(readNpy("/nonexistent/dir/x.npy", t, error));
  EXPECT_NE(error.find("/nonexistent/dir/x.npy"), std::string::npos) << error;
}

TEST(Npy, FailedWriteLeavesNoFile) {
  Tensor t({2});
  std::string error;
  EXPECT_FALSE(writeNpy("/nonexistent/dir/y.npy", t, error));
  EXPECT_NE(error.find("/nonexistent/dir/y.npy"), std::string::npos);
  struct stat st;
  EXPECT_NE(::stat("/nonexistent/dir/y.npy", &st), 0);
}

} // namespace
