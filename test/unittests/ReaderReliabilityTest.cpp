//===- ReaderReliabilityTest.cpp - hostile inputs to the runtime readers --===//
//
// One test per class of malformed or abusive input (not per example): each
// must be rejected with a message naming the file, without a crash, a hang
// or an allocation the input never justified; and every output must land
// whole, through a temporary file in its folder and a rename.
//
//===----------------------------------------------------------------------===//
#include "TestUtil.h"
#include "runtime/Datasets.h"
#include "runtime/Npy.h"
#include "runtime/Safetensors.h"

#include <algorithm>
#include <cstdlib>
#include <dirent.h>
#include <fstream>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

using namespace sslc;

namespace {

void writeFile(const std::string &path, const std::string &bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string npyBytes(const std::string &dict, const std::string &data) {
  std::string header = dict;
  header.append((64 - (10 + header.size() + 1) % 64) % 64, ' ');
  header += '\n';
  std::string bytes = std::string("\x93NUMPY\x01\x00", 8);
  bytes += static_cast<char>(header.size() & 0xff);
  bytes += static_cast<char>((header.size() >> 8) & 0xff);
  return bytes + header + data;
}

std::string npyWithShape(const std::string &shape, const std::string &data) {
  return npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': " + shape +
                      ", }",
                  data);
}

std::string safetensorsBytes(const std::string &header,
                             const std::string &data) {
  std::string s;
  for (int i = 0; i < 8; ++i)
    s += static_cast<char>((uint64_t(header.size()) >> (8 * i)) & 0xff);
  return s + header + data;
}

std::string bigEndian(uint32_t v) {
  std::string s;
  for (int i = 3; i >= 0; --i)
    s += static_cast<char>((v >> (8 * i)) & 0xff);
  return s;
}

std::string idxImages(uint32_t n, uint32_t h, uint32_t w,
                      const std::string &pixels) {
  return bigEndian(2051) + bigEndian(n) + bigEndian(h) + bigEndian(w) + pixels;
}

std::string idxLabels(uint32_t n, const std::string &labels) {
  return bigEndian(2049) + bigEndian(n) + labels;
}

std::string gzip(const std::string &data) {
  z_stream s{};
  EXPECT_EQ(deflateInit2(&s, 1, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY),
            Z_OK);
  std::string out(deflateBound(&s, data.size()), '\0');
  s.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.data()));
  s.avail_in = static_cast<uInt>(data.size());
  s.next_out = reinterpret_cast<Bytef *>(&out[0]);
  s.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&s, Z_FINISH), Z_STREAM_END);
  out.resize(s.total_out);
  deflateEnd(&s);
  return out;
}

/// Sets an environment variable for one scope.
struct ScopedEnv {
  std::string name;
  ScopedEnv(const std::string &name, const std::string &value) : name(name) {
    ::setenv(name.c_str(), value.c_str(), 1);
  }
  ~ScopedEnv() { ::unsetenv(name.c_str()); }
};

std::vector<std::string> listDir(const std::string &dir) {
  std::vector<std::string> names;
  if (DIR *d = ::opendir(dir.c_str())) {
    while (dirent *e = ::readdir(d))
      if (std::string(e->d_name) != "." && std::string(e->d_name) != "..")
        names.push_back(e->d_name);
    ::closedir(d);
  }
  std::sort(names.begin(), names.end());
  return names;
}

class ReaderReliability : public ::testing::Test {
protected:
  void SetUp() override {
    ::unsetenv("SSLC_MAX_TENSOR_BYTES");
    dir = test::makeTempDir();
  }
  std::string path(const std::string &name) const { return dir + "/" + name; }

  /// `bytes` as an .npy file must be rejected with `message`, naming it.
  void expectNpyError(const std::string &bytes, const std::string &message) {
    std::string file = path("bad.npy"), error;
    writeFile(file, bytes);
    Tensor t;
    EXPECT_FALSE(readNpy(file, t, error)) << message;
    EXPECT_EQ(error.rfind(file + ": ", 0), 0u) << error;
    EXPECT_NE(error.find(message), std::string::npos) << error;
  }

  std::string dir;
};

// .npy headers are a Python literal with exactly one grammar: anything
// looser (a fractional or suffixed dimension, a header cut short) is an
// error, not a number read as far as it goes.
TEST_F(ReaderReliability, NpyHeaderIsParsedStrictly) {
  std::string four(16, '\0');
  expectNpyError(npyBytes("{'descr':", ""), "expected a string for 'descr'");
  expectNpyError(npyBytes("{'descr': '<f4", ""), "expected a string");
  expectNpyError(npyWithShape("(1.5, 4)", four), "found '1.5'");
  expectNpyError(npyWithShape("(8abc,)", four), "found '8abc'");
  expectNpyError(npyWithShape("(-4,)", four), "found '-4'");
  expectNpyError(npyWithShape("(4 4)", four), "found '4 4'");
  expectNpyError(npyWithShape("(99999999999999999999,)", four),
                 "found '99999999999999999999'");
  expectNpyError(npyWithShape("(4,", four),
                 "expected a non-negative integer dimension, found ''");
  expectNpyError(npyBytes("{'descr': '<f4', 'fortran_order': Maybe, "
                          "'shape': (4,), }",
                          four),
                 "expected True or False");
  expectNpyError(npyBytes("{'descr': '<f4', 'fortran_order': False, "
                          "'shape': (4,), 'extra': 1, }",
                          four),
                 "unexpected key 'extra'");
  // The well-formed variant of the same bytes still reads.
  std::string good = path("good.npy"), error;
  writeFile(good, npyWithShape("(2, 2)", four));
  Tensor t;
  EXPECT_TRUE(readNpy(good, t, error)) << error;
  EXPECT_EQ(t.shape, (std::vector<int64_t>{2, 2}));
}

// Every element count and byte size is computed without wrap-around and
// held against one ceiling (SSLC_MAX_TENSOR_BYTES) before anything is
// allocated.
TEST_F(ReaderReliability, SizesAreCheckedBeforeAllocating) {
  // 2^32 * 2^32 elements wrap to 0 in 64 bits and would match no data.
  expectNpyError(npyWithShape("(4294967296, 4294967296)", ""),
                 "more bytes than 64 bits can count");
  // 2^61 floats are 2^63 bytes: counted, then refused by the ceiling.
  expectNpyError(npyWithShape("(2305843009213693952,)", ""),
                 "needs 9223372036854775808 bytes");
  expectNpyError(npyWithShape("(100000, 100000)", ""), "more than the 4 GiB");

  ScopedEnv limit("SSLC_MAX_TENSOR_BYTES", "1K");
  std::string error;
  {
    // 300 floats fit a 2 KiB file but not a 1 KiB ceiling.
    Tensor t({300});
    ASSERT_TRUE(writeFileAtomically(path("big.npy"), serializeNpy(t), error));
    Tensor back;
    EXPECT_FALSE(readNpy(path("big.npy"), back, error));
    EXPECT_NE(error.find(path("big.npy") + ": file of "), std::string::npos)
        << error;
    EXPECT_NE(error.find("1 KiB limit (SSLC_MAX_TENSOR_BYTES"),
              std::string::npos)
        << error;
  }
  {
    // A U8 tensor is widened to float: four times its bytes in the file.
    std::string data(300, '\x07');
    std::string bytes = safetensorsBytes(
        R"({"p":{"dtype":"U8","shape":[300],"data_offsets":[0,300]}})", data);
    TensorFile file;
    EXPECT_FALSE(parseSafetensors(bytes, "mem.safetensors", file, error));
    EXPECT_NE(error.find("mem.safetensors: tensor 'p' widened to float needs "
                         "1200 bytes"),
              std::string::npos)
        << error;
  }
  {
    // 2 images of 20x20 bytes are 3.2 KiB as floats.
    writeFile(path("images"), idxImages(2, 20, 20, std::string(800, '\1')));
    Tensor images;
    EXPECT_FALSE(readIdxImages(path("images"), images, error));
    EXPECT_NE(error.find("images as float of shape [2, 1, 20, 20] needs"),
              std::string::npos)
        << error;
  }
  {
    ScopedEnv bad("SSLC_MAX_TENSOR_BYTES", "lots");
    Tensor t;
    EXPECT_FALSE(readNpy(path("big.npy"), t, error));
    EXPECT_NE(error.find("SSLC_MAX_TENSOR_BYTES: expected a byte count"),
              std::string::npos)
        << error;
  }
}

// Recursive structures are bounded before a recursive parser or printer
// sees them.
TEST_F(ReaderReliability, NestingDepthIsBounded) {
  std::string shape = std::string(100000, '[') + std::string(100000, ']');
  std::string bytes = safetensorsBytes(R"({"w":{"dtype":"F32","shape":)" +
                                           shape + R"(,"data_offsets":[0,0]}})",
                                       "");
  TensorFile file;
  std::string error;
  EXPECT_FALSE(parseSafetensors(bytes, "deep.safetensors", file, error));
  EXPECT_NE(error.find("deep.safetensors: header nests arrays and objects "
                       "100002 levels deep (expected at most 64"),
            std::string::npos)
      << error;
  // Brackets inside names do not count.
  std::string name = std::string(100, '[');
  bytes = safetensorsBytes(R"({")" + name +
                               R"(":{"dtype":"F32","shape":[1],)"
                               R"("data_offsets":[0,4]}})",
                           std::string(4, '\0'));
  EXPECT_TRUE(parseSafetensors(bytes, "names.safetensors", file, error))
      << error;
}

// gzip data inflates only as far as the idx header inside it declares: a
// small file cannot claim gigabytes.
TEST_F(ReaderReliability, GzipInflationIsBoundedByTheHeader) {
  // The header says 10 images of 28x28 (7840 bytes); the stream holds 64
  // MiB more.
  std::string payload = idxImages(10, 28, 28, std::string(7840, '\0'));
  payload.append(64 << 20, '\0');
  std::string gz = gzip(payload);
  ASSERT_LT(gz.size(), 1u << 20);
  writeFile(path("bomb.gz"), gz);
  Tensor images;
  std::string error;
  EXPECT_FALSE(readIdxImages(path("bomb.gz"), images, error));
  EXPECT_NE(error.find(path("bomb.gz") +
                       ": gzip data inflates to more than the 7856 bytes its "
                       "idx header declares"),
            std::string::npos)
      << error;
  // Exactly the declared size still reads.
  writeFile(path("ok.gz"), gzip(idxImages(10, 28, 28, std::string(7840, 1))));
  EXPECT_TRUE(readIdxImages(path("ok.gz"), images, error)) << error;
}

// A data set every consumer would divide by its size must hold a sample;
// "cifar10:" with no folder must not read from "/".
TEST_F(ReaderReliability, EmptyDataSetsAreRejected) {
  writeFile(path("train-images-idx3-ubyte"), idxImages(0, 28, 28, ""));
  writeFile(path("train-labels-idx1-ubyte"), idxLabels(0, ""));
  Dataset data;
  std::string error;
  EXPECT_FALSE(loadMnist(dir, Split::Train, data, error));
  EXPECT_NE(error.find(path("train-images-idx3-ubyte") +
                       ": holds no images (expected at least one sample)"),
            std::string::npos)
      << error;
  writeFile(path("t10k-images-idx3-ubyte"), idxImages(1, 0, 28, ""));
  writeFile(path("t10k-labels-idx1-ubyte"), idxLabels(1, "\1"));
  EXPECT_FALSE(loadMnist(dir, Split::Test, data, error));
  EXPECT_NE(error.find("expected images of at least 1x1 pixels, found 0x28"),
            std::string::npos)
      << error;
  EXPECT_FALSE(loadCifar10("", Split::Test, data, error));
  EXPECT_EQ(error, "cifar10:: expected a folder after 'cifar10:' "
                   "(cifar10:DIR), found an empty name");
}

// Inputs that are not files: a directory or a device that never ends.
TEST_F(ReaderReliability, DirectoriesAndDevicesAreNotRead) {
  Tensor t;
  std::string error;
  EXPECT_FALSE(readNpy(dir, t, error));
  EXPECT_EQ(error, dir + ": is a directory, expected a file");
  EXPECT_FALSE(readNpy("/dev/zero", t, error));
  EXPECT_EQ(error, "/dev/zero: is a character device, expected a regular file");
  TensorFile file;
  EXPECT_FALSE(readSafetensors(dir, file, error));
  EXPECT_EQ(error, dir + ": is a directory, expected a file");
}

// Outputs go through a short temporary name in the destination folder and a
// rename: a name near the 255-byte limit works, a relative path works, a
// symbolic link keeps pointing at the file it names (which is updated), and
// no temporary file is left behind.
TEST_F(ReaderReliability, OutputsAreWrittenWholeInPlace) {
  Tensor t({3});
  t.data = {1, 2, 3};
  std::string error;
  std::string longName(250, 'n');
  longName += ".npy"; // 254 bytes: the longest .npy name
  ASSERT_TRUE(writeNpy(path(longName), t, error)) << error;
  Tensor back;
  ASSERT_TRUE(readNpy(path(longName), back, error)) << error;
  EXPECT_EQ(back.data, t.data);

  ASSERT_EQ(::mkdir(path("target").c_str(), 0755), 0);
  writeFile(path("target/real.npy"), "old");
  ASSERT_EQ(::symlink("target/real.npy", path("link.npy").c_str()), 0);
  ASSERT_TRUE(writeNpy(path("link.npy"), t, error)) << error;
  struct stat st;
  ASSERT_EQ(::lstat(path("link.npy").c_str(), &st), 0);
  EXPECT_TRUE(S_ISLNK(st.st_mode)) << "the link was replaced";
  ASSERT_TRUE(readNpy(path("target/real.npy"), back, error)) << error;
  EXPECT_EQ(back.data, t.data);
  // A dangling link creates its target, as a shell redirection does.
  ASSERT_EQ(::symlink("target/new.npy", path("dangling.npy").c_str()), 0);
  ASSERT_TRUE(writeNpy(path("dangling.npy"), t, error)) << error;
  EXPECT_TRUE(readNpy(path("target/new.npy"), back, error)) << error;

  char cwd[4096];
  ASSERT_NE(::getcwd(cwd, sizeof cwd), nullptr);
  ASSERT_EQ(::chdir(dir.c_str()), 0);
  bool relative = writeNpy("target/relative.npy", t, error);
  ASSERT_EQ(::chdir(cwd), 0);
  EXPECT_TRUE(relative) << error;
  EXPECT_TRUE(readNpy(path("target/relative.npy"), back, error)) << error;

  // A write that fails leaves neither the output nor a temporary file.
  EXPECT_FALSE(writeNpy(path("target"), t, error));
  EXPECT_NE(error.find("is a directory"), std::string::npos) << error;
  EXPECT_EQ(listDir(path("target")),
            (std::vector<std::string>{"new.npy", "real.npy", "relative.npy"}));
  EXPECT_EQ(listDir(dir), (std::vector<std::string>{"dangling.npy", "link.npy",
                                                    longName, "target"}));
}

} // namespace
