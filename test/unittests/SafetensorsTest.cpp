//===- SafetensorsTest.cpp - safetensors reader and writer ----------------===//
#include "runtime/Safetensors.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

using namespace sslc;
namespace fs = std::filesystem;

namespace {

class SafetensorsTest : public ::testing::Test {
protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "sslc-safetensors-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir = pattern;
  }
  void TearDown() override { fs::remove_all(dir); }

  std::string path(const std::string &name) const { return dir + "/" + name; }

  /// Writes `bytes` to a file and expects reading it to fail with a message
  /// that names the file and contains `expected`.
  void expectReadError(const std::string &bytes, const std::string &expected) {
    std::string file = path("bad.safetensors");
    {
      std::ofstream out(file, std::ios::binary);
      out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    }
    TensorFile result;
    std::string error;
    EXPECT_FALSE(readSafetensors(file, result, error));
    EXPECT_EQ(error.rfind(file + ": ", 0), 0u) << error;
    EXPECT_NE(error.find(expected), std::string::npos)
        << "expected '" << expected << "' in: " << error;
  }

  std::string dir;
};

std::string lengthPrefix(uint64_t n) {
  std::string s;
  for (int i = 0; i < 8; ++i)
    s += static_cast<char>((n >> (8 * i)) & 0xff);
  return s;
}

/// A file from a header text and a data section, as another writer would
/// produce it.
std::string craft(const std::string &header, const std::string &data) {
  return lengthPrefix(header.size()) + header + data;
}

std::string floatBytes(std::initializer_list<float> values) {
  std::string s;
  for (float v : values)
    s.append(reinterpret_cast<const char *>(&v), sizeof(v));
  return s;
}

Tensor randomTensor(std::vector<int64_t> shape, std::mt19937 &rng) {
  Tensor t(std::move(shape));
  std::normal_distribution<float> dist(0.0f, 3.0f);
  for (float &v : t.data)
    v = dist(rng);
  return t;
}

TEST_F(SafetensorsTest, RoundTripsRandomTensorsMetadataAndInt64) {
  std::mt19937 rng(7);
  TensorFile file;
  file.tensors["conv1.weight"] = randomTensor({20, 1, 5, 5}, rng);
  file.tensors["conv1.bias"] = randomTensor({20}, rng);
  file.tensors["fc.weight"] = randomTensor({10, 3, 1, 7}, rng);
  file.tensors["scalar"] = randomTensor({}, rng);
  file.tensors["empty"] = randomTensor({0, 3}, rng);
  file.tensors["special"] = Tensor({4});
  file.tensors["special"].data = {-0.0f, 1e-45f, 3.4e38f, -1.5f};
  // Past 2^53, where a double (and long before, a float) would round.
  file.int64Tensors["optimizer.step"] = {{}, {(int64_t(1) << 60) + 3}};
  file.int64Tensors["counts"] = {{2, 2}, {-1, 0, 7, INT64_MIN}};
  file.metadata = {{"format", "pt"}, {"sslc.lambda", "0.0001"}};

  std::string error;
  ASSERT_TRUE(writeSafetensors(path("ckpt.safetensors"), file, error)) << error;
  TensorFile back;
  ASSERT_TRUE(readSafetensors(path("ckpt.safetensors"), back, error)) << error;

  EXPECT_EQ(back.metadata, file.metadata);
  ASSERT_EQ(back.tensors.size(), file.tensors.size());
  for (const auto &[name, t] : file.tensors) {
    ASSERT_TRUE(back.tensors.count(name)) << name;
    const Tensor &b = back.tensors.at(name);
    EXPECT_EQ(b.shape, t.shape) << name;
    ASSERT_EQ(b.data.size(), t.data.size()) << name;
    // Bitwise: the format must not perturb a single value.
    for (size_t i = 0; i < t.data.size(); ++i)
      EXPECT_EQ(std::memcmp(&b.data[i], &t.data[i], sizeof(float)), 0)
          << name << "[" << i << "]";
  }
  ASSERT_EQ(back.int64Tensors.size(), 2u);
  EXPECT_EQ(back.int64Tensors["optimizer.step"].shape, std::vector<int64_t>{});
  EXPECT_EQ(back.int64Tensors["optimizer.step"].data,
            std::vector<int64_t>{(int64_t(1) << 60) + 3});
  EXPECT_EQ(back.int64Tensors["counts"].shape, (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(back.int64Tensors["counts"].data,
            (std::vector<int64_t>{-1, 0, 7, INT64_MIN}));
}

// The byte layout of the reference implementation's own serialization test:
// compact JSON, no padding needed at 64 bytes.
TEST_F(SafetensorsTest, MatchesReferenceLayoutForOneTensor) {
  TensorFile file;
  file.tensors["attn.0"] = Tensor({1, 2, 3});
  file.tensors["attn.0"].data = {0, 1, 2, 3, 4, 5};
  std::string bytes, error;
  ASSERT_TRUE(serializeSafetensors(file, bytes, error)) << error;
  std::string header =
      R"({"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}})";
  ASSERT_EQ(header.size(), 64u);
  EXPECT_EQ(bytes, craft(header, floatBytes({0, 1, 2, 3, 4, 5})));
}

TEST_F(SafetensorsTest, PadsHeaderWithSpacesToEightBytes) {
  TensorFile file;
  std::string bytes, error;
  ASSERT_TRUE(serializeSafetensors(file, bytes, error)) << error;
  EXPECT_EQ(bytes, craft("{}      ", ""));

  file.metadata["framework"] = "pt";
  ASSERT_TRUE(serializeSafetensors(file, bytes, error)) << error;
  EXPECT_EQ(bytes, craft(R"({"__metadata__":{"framework":"pt"}})"
                         "     ",
                         ""));
}

// I64 sorts before F32 (descending dtype), then names ascending; the data
// section follows the same order.
TEST_F(SafetensorsTest, OrdersTensorsByDtypeThenName) {
  TensorFile file;
  file.tensors["b"] = Tensor({1});
  file.tensors["b"].data = {2.0f};
  file.tensors["a"] = Tensor({2});
  file.tensors["a"].data = {1.0f, 1.5f};
  file.int64Tensors["step"] = {{}, {5}};
  std::string bytes, error;
  ASSERT_TRUE(serializeSafetensors(file, bytes, error)) << error;
  std::string header =
      R"({"step":{"dtype":"I64","shape":[],"data_offsets":[0,8]},)"
      R"("a":{"dtype":"F32","shape":[2],"data_offsets":[8,16]},)"
      R"("b":{"dtype":"F32","shape":[1],"data_offsets":[16,20]}})";
  header.append((8 - header.size() % 8) % 8, ' ');
  int64_t step = 5;
  std::string data(reinterpret_cast<const char *>(&step), 8);
  data += floatBytes({1.0f, 1.5f, 2.0f});
  EXPECT_EQ(bytes, craft(header, data));
}

TEST_F(SafetensorsTest, ReadsHeaderInAnyKeyOrderAndU8AsFloat) {
  std::string header =
      R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[3,11]},)"
      R"("__metadata__":{"k":"v"},)"
      R"("mask":{"data_offsets":[0,3],"shape":[3],"dtype":"U8"}})";
  std::string data = std::string("\x00\x07\xff", 3) + floatBytes({0.5f, -2});
  TensorFile file;
  std::string error;
  ASSERT_TRUE(parseSafetensors(craft(header, data), "mem", file, error))
      << error;
  EXPECT_EQ(file.metadata.at("k"), "v");
  EXPECT_EQ(file.tensors.at("mask").data, (std::vector<float>{0, 7, 255}));
  EXPECT_EQ(file.tensors.at("w").data, (std::vector<float>{0.5f, -2}));
  EXPECT_TRUE(file.int64Tensors.empty());
}

TEST_F(SafetensorsTest, WriteReplacesExistingFileAtomically) {
  TensorFile file;
  file.tensors["x"] = Tensor({3});
  std::string error;
  ASSERT_TRUE(writeSafetensors(path("m.safetensors"), file, error)) << error;
  file.tensors["x"].data = {1, 2, 3};
  ASSERT_TRUE(writeSafetensors(path("m.safetensors"), file, error)) << error;
  TensorFile back;
  ASSERT_TRUE(readSafetensors(path("m.safetensors"), back, error)) << error;
  EXPECT_EQ(back.tensors["x"].data, (std::vector<float>{1, 2, 3}));
  // Only the target remains: no temporary file is left behind.
  EXPECT_EQ(
      std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
}

TEST_F(SafetensorsTest, WriteToMissingDirectoryFailsNamingThePath) {
  TensorFile file;
  std::string error;
  std::string target = path("no/such/dir/m.safetensors");
  EXPECT_FALSE(writeSafetensors(target, file, error));
  EXPECT_NE(error.find(target), std::string::npos) << error;
}

TEST_F(SafetensorsTest, WriterRejectsNameUsedTwice) {
  TensorFile file;
  file.tensors["step"] = Tensor({1});
  file.int64Tensors["step"] = {{1}, {1}};
  std::string bytes, error;
  EXPECT_FALSE(serializeSafetensors(file, bytes, error));
  EXPECT_NE(error.find("'step' is used by an F32 and an I64 tensor"),
            std::string::npos)
      << error;
}

TEST_F(SafetensorsTest, WriterRejectsDataNotMatchingShape) {
  TensorFile file;
  file.tensors["w"] = Tensor({2, 3});
  file.tensors["w"].data.pop_back();
  std::string error;
  std::string target = path("w.safetensors");
  EXPECT_FALSE(writeSafetensors(target, file, error));
  EXPECT_NE(error.find(target), std::string::npos) << error;
  EXPECT_NE(error.find("shape [2, 3] has 6 elements, data has 5"),
            std::string::npos)
      << error;
  EXPECT_FALSE(fs::exists(target));
}

TEST_F(SafetensorsTest, WriterRejectsInvalidUtf8Names) {
  TensorFile file;
  file.tensors["bad\xff"] = Tensor({1});
  std::string bytes, error;
  EXPECT_FALSE(serializeSafetensors(file, bytes, error));
  EXPECT_NE(error.find("not valid UTF-8"), std::string::npos) << error;
}

TEST_F(SafetensorsTest, MissingFile) {
  TensorFile file;
  std::string error;
  std::string missing = path("absent.safetensors");
  EXPECT_FALSE(readSafetensors(missing, file, error));
  EXPECT_EQ(error, missing + ": cannot open file");
}

TEST_F(SafetensorsTest, TruncatedHeaderLength) {
  expectReadError(std::string("\x10\x00\x00", 3),
                  "expected an 8-byte header length, found 3 bytes");
}

TEST_F(SafetensorsTest, HeaderLengthLargerThanFile) {
  expectReadError(lengthPrefix(100) + "{}",
                  "header length 100 is larger than the file (2 bytes");
}

TEST_F(SafetensorsTest, InvalidJson) {
  expectReadError(craft(R"({"w": {"dtype": "F32",)", ""),
                  "header is not valid JSON");
}

TEST_F(SafetensorsTest, HeaderNotAnObject) {
  expectReadError(craft("[1, 2]", ""),
                  "expected the header to be a JSON object, found array");
}

TEST_F(SafetensorsTest, MissingDtype) {
  expectReadError(
      craft(R"({"w":{"shape":[1],"data_offsets":[0,4]}})", floatBytes({1})),
      "tensor 'w': missing key 'dtype'");
}

TEST_F(SafetensorsTest, MissingShape) {
  expectReadError(
      craft(R"({"w":{"dtype":"F32","data_offsets":[0,4]}})", floatBytes({1})),
      "tensor 'w': missing key 'shape'");
}

TEST_F(SafetensorsTest, MissingDataOffsets) {
  expectReadError(
      craft(R"({"w":{"dtype":"F32","shape":[1]}})", floatBytes({1})),
      "tensor 'w': missing key 'data_offsets'");
}

TEST_F(SafetensorsTest, TensorEntryNotAnObject) {
  expectReadError(craft(R"({"w":3})", ""),
                  "tensor 'w': expected a JSON object, found number");
}

TEST_F(SafetensorsTest, UnknownDtype) {
  expectReadError(
      craft(R"({"w":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}})",
            floatBytes({1})),
      "tensor 'w': unsupported dtype 'F16' (expected F32, I64 or U8)");
}

TEST_F(SafetensorsTest, NegativeDimension) {
  expectReadError(
      craft(R"({"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}})",
            floatBytes({1})),
      "expected 'shape' to hold non-negative integers, found -1");
}

TEST_F(SafetensorsTest, ShapeDoesNotMatchOffsets) {
  expectReadError(
      craft(R"({"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,20]}})",
            std::string(20, '\0')),
      "tensor 'w': shape [2, 3] of F32 needs 24 bytes, data_offsets "
      "[0, 20] span 20");
}

TEST_F(SafetensorsTest, ShapeOverflowIsNotWrappedAround) {
  // 2^62 * 4 bytes wraps to 0 in 64 bits, which would match [0, 0].
  expectReadError(craft(R"({"w":{"dtype":"F32","shape":[4611686018427387904],)"
                        R"("data_offsets":[0,0]}})",
                        ""),
                  "overflows 64-bit sizes");
}

TEST_F(SafetensorsTest, OffsetsOutOfRange) {
  expectReadError(
      craft(R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})",
            floatBytes({1, 2})),
      "tensor 'w': data_offsets [4, 12] are out of range of the 8-byte data "
      "section");
}

TEST_F(SafetensorsTest, OffsetsReversed) {
  expectReadError(
      craft(R"({"w":{"dtype":"F32","shape":[0],"data_offsets":[8,4]}})",
            floatBytes({1, 2})),
      "data_offsets [8, 4] end before they begin");
}

TEST_F(SafetensorsTest, OverlappingTensors) {
  expectReadError(
      craft(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
            R"("b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})",
            floatBytes({1, 2, 3})),
      "tensors 'a' and 'b' overlap (data_offsets [0, 8] and [4, 12])");
}

TEST_F(SafetensorsTest, GapBetweenTensors) {
  expectReadError(
      craft(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
            R"("b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}})",
            floatBytes({1, 2, 3})),
      "data bytes [4, 8) belong to no tensor");
}

TEST_F(SafetensorsTest, DataSectionLongerThanTensors) {
  expectReadError(
      craft(R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})",
            floatBytes({1, 2, 3})),
      "data section size mismatch: tensors cover 8 bytes, found 12");
}

TEST_F(SafetensorsTest, MetadataValueNotAString) {
  expectReadError(craft(R"({"__metadata__":{"epoch":3}})", ""),
                  "expected '__metadata__' value 'epoch' to be a string, "
                  "found number");
}

TEST_F(SafetensorsTest, DataOffsetsMalformed) {
  expectReadError(
      craft(R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[0]}})",
            floatBytes({1})),
      "expected 'data_offsets' to be [begin, end]");
}

} // namespace
