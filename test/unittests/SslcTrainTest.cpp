//===- SslcTrainTest.cpp - `sslc train` end to end ------------------------===//
//
// Runs the sslc binary on a small MNIST-format data set written here: bad
// options (the message names the option, nothing is written), a group-Lasso
// run whose all-zero groups come out as exact zeros under the model's
// parameter names, and a run resumed from its checkpoint that writes the
// same bytes as an uninterrupted one.
//
//===----------------------------------------------------------------------===//
#include "TestUtil.h"

#include "runtime/FileUtil.h"
#include "runtime/Safetensors.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <sstream>
#include <sys/stat.h>

namespace {

bool exists(const std::string &path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

class SslcTrain : public ::testing::Test {
protected:
  void SetUp() override {
    dir = sslc::test::makeTempDir();
    ::mkdir((dir + "/mnist").c_str(), 0755);
    sslc::test::writeDigits(dir + "/mnist", "train", 256, 1);
    sslc::test::writeDigits(dir + "/mnist", "t10k", 32, 2);
  }

  sslc::test::CommandResult train(const std::string &args) {
    return sslc::test::runCommand("SSLC_DATA_DIR=" + dir + " " +
                                  sslc::test::binDir() + "/sslc train " + args);
  }

  std::string dir;
};

TEST_F(SslcTrain, BadOptionsNameTheOption) {
  std::string out = dir + "/out.safetensors";
  struct Case {
    std::string args, message;
  } cases[] = {
      {"--dataset mnist -o " + out, "train expects --model"},
      {"--model mlp -o " + out, "train expects --dataset"},
      {"--model mlp --dataset mnist", "train expects -o OUT.safetensors"},
      {"--model mlp --dataset mnist --ssl filtr=0.1 -o " + out,
       "option '--ssl': expected [LAYER.]KIND=LAMBDA with KIND one of "
       "filter, channel, shape, kernel2d, depth, depth_bn, row, column; got "
       "'filtr=0.1'"},
      {"--model mlp --dataset mnist --ssl-update fast -o " + out,
       "option '--ssl-update' expects subgradient, proximal or "
       "KIND=subgradient|proximal, got 'fast'"},
      {"--model mlp --dataset mnist --ssl-update row=fast -o " + out,
       "got 'row=fast'"},
      {"--model mlp --dataset mnist --finetune all -o " + out,
       "option '--finetune' expects groups (freeze the all-zero groups) or "
       "elements (freeze every zero), got 'all'"},
      {"--model mlp --dataset mnist --ssl ip1.filtr=0.1 -o " + out,
       "got 'ip1.filtr=0.1'"},
      {"--model mlp --dataset mnist --ssl ip1.row=-1 -o " + out,
       "option '--ssl' ip1.row expects a number >= 0, got '-1'"},
      {"--model mlp --dataset mnist --ssl ip9.row=0.1 -o " + out,
       "option '--ssl': 'ip9.row' expects a dense layer named 'ip9'; the "
       "model's dense layers are ip1, ip2, ip3"},
      {"--model mlp --dataset mnist --ssl row=-1 -o " + out,
       "option '--ssl' row expects a number >= 0, got '-1'"},
      {"--model mlp --dataset mnist --lr 0 -o " + out,
       "option '--lr' expects a number > 0, got '0'"},
      {"--model mlp --dataset mnist --momentum 1 -o " + out,
       "option '--momentum' expects a number in [0, 1), got '1'"},
      {"--model mlp --dataset mnist --epochs 0 -o " + out,
       "option '--epochs' expects an integer in [1, 1000000], got '0'"},
      {"--model mlp --dataset mnist --lr-steps 3,2 -o " + out,
       "option '--lr-steps' expects increasing epochs >= 1 separated by "
       "commas, got '3,2'"},
      {"--model mlp --dataset mnist --lr-policy step -o " + out,
       "option '--lr-policy' expects multistep or inv, got 'step'"},
      {"--model mlp --dataset mnist --lr-policy inv --lr-power -0.75 -o " + out,
       "option '--lr-power' expects a number >= 0, got '-0.75'"},
      {"--model mlp --dataset mnist --lr-policy inv --lr-inv-gamma x -o " + out,
       "option '--lr-inv-gamma' expects a number >= 0, got 'x'"},
      {"--model mlp --dataset mnist --lr-policy inv --lr-steps 2 -o " + out,
       "option '--lr-steps' belongs to --lr-policy multistep"},
      {"--model mlp --dataset mnist --lr-power 0.75 -o " + out,
       "option '--lr-power' belongs to --lr-policy inv"},
      {"--model mlp --dataset imagenet -o " + out,
       "option '--dataset' expects mnist, fashion-mnist or cifar10:DIR, got "
       "'imagenet'"},
      {"--model mlp --dataset mnist --init a --resume b -o " + out,
       "options '--init' and '--resume' exclude each other"},
      {"--model mlp --dataset mnist --learning-rate 1 -o " + out,
       "Unknown command line argument '--learning-rate'"},
      {"--model mlp --dataset mnist --init " + dir +
           "/missing.safetensors -o " + out,
       dir + "/missing.safetensors"},
      {"--model nonet --dataset mnist -o " + out, "unknown model 'nonet'"},
  };
  for (const Case &c : cases) {
    sslc::test::CommandResult r = train(c.args);
    EXPECT_NE(r.exitCode, 0) << c.args;
    EXPECT_NE(r.output.find(c.message), std::string::npos) << c.args << "\n"
                                                           << r.output;
    EXPECT_FALSE(exists(out)) << c.args;
  }
}

TEST_F(SslcTrain, GroupLassoZeroesGroupsExactly) {
  // Border pixels are always 0, so only the column term and weight decay
  // act on their ip1 columns: the group Lasso drives them to zero, and
  // zero_small makes the zeros exact. A group left with one element moves
  // it by lr·λ per step, so the threshold must exceed lr·λ (0.002 here)
  // for the last element to be caught rather than jump across zero.
  std::string out = dir + "/mlp.safetensors";
  sslc::test::CommandResult r =
      train("--model mlp --dataset mnist --batch 16 --epochs 25 --lr 0.1 "
            "--momentum 0 --ssl column=0.02 --zero-threshold 0.003 -o " +
            out);
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("epoch 25/25: loss "), std::string::npos) << r.output;

  sslc::TensorFile file;
  std::string error;
  ASSERT_TRUE(sslc::readSafetensors(out, file, error)) << error;
  // The zoo's names and nothing of the optimizer.
  for (const char *name : {"ip1.weight", "ip1.bias", "ip2.weight", "ip2.bias",
                           "ip3.weight", "ip3.bias"})
    EXPECT_TRUE(file.tensors.count(name)) << name;
  EXPECT_EQ(file.tensors.size(), 6u);
  EXPECT_TRUE(file.int64Tensors.empty());

  const sslc::Tensor &w = file.tensors.at("ip1.weight"); // [500, 784]
  ASSERT_EQ(w.shape, (std::vector<int64_t>{500, 784}));
  int liveColumns = 0, deadBorder = 0, border = 0;
  for (int k = 0; k < 784; ++k) {
    int y = k / 28, x = k % 28;
    bool centre = y >= 4 && y < 24 && x >= 4 && x < 24;
    bool live = false;
    for (int m = 0; m < 500; ++m)
      live |= w.data[m * 784 + k] != 0.0f;
    liveColumns += live;
    if (!centre) {
      ++border;
      deadBorder += !live;
    }
  }
  EXPECT_EQ(deadBorder, border) << "every blank-pixel column is exactly 0";
  EXPECT_GT(liveColumns, 0) << "informative columns survive";
  // The last epoch's report counts the same columns.
  std::smatch m;
  std::string log = r.output.substr(r.output.find("epoch 25/25"));
  ASSERT_TRUE(std::regex_search(
      log, m,
      std::regex(R"(ip1 \[500, 784\]: rows \d+/500, columns (\d+)/784)")))
      << log;
  EXPECT_EQ(std::stoi(m[1]), liveColumns);
}

TEST_F(SslcTrain, ResumedRunWritesTheSameBytes) {
  std::string common =
      "--model lenet --dataset mnist --batch 16 --lr 0.02 --lr-steps 2 "
      "--ssl filter=0.001,channel=0.001,shape=0.001 --seed 5 --threads 1 ";
  std::string straight = dir + "/straight.safetensors";
  sslc::test::CommandResult a = train(common + "--epochs 3 -o " + straight);
  ASSERT_EQ(a.exitCode, 0) << a.output;

  std::string split = dir + "/split.safetensors";
  sslc::test::CommandResult b = train(common + "--epochs 1 -o " + split);
  ASSERT_EQ(b.exitCode, 0) << b.output;
  std::string checkpoint = dir + "/split.ckpt.safetensors";
  ASSERT_TRUE(exists(checkpoint));
  sslc::test::CommandResult c =
      train(common + "--epochs 3 --resume " + checkpoint + " -o " + split);
  ASSERT_EQ(c.exitCode, 0) << c.output;
  EXPECT_EQ(c.output.find("epoch 1/3"), std::string::npos)
      << "the resumed run starts at epoch 2\n"
      << c.output;

  std::string bytesA, bytesB, error;
  ASSERT_TRUE(sslc::readFileBytes(straight, bytesA, error)) << error;
  ASSERT_TRUE(sslc::readFileBytes(split, bytesB, error)) << error;
  EXPECT_EQ(bytesA, bytesB);
}

/// Lines of a CSV file split at the commas.
std::vector<std::vector<std::string>> readCsv(const std::string &path) {
  std::string text, error;
  EXPECT_TRUE(sslc::readFileBytes(path, text, error)) << error;
  std::vector<std::vector<std::string>> rows;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    rows.emplace_back();
    std::istringstream fields(line);
    for (std::string f; std::getline(fields, f, ',');)
      rows.back().push_back(f);
  }
  return rows;
}

/// The number of points of every polyline of an SVG file, in order.
std::vector<size_t> polylinePoints(const std::string &path) {
  std::string svg, error;
  EXPECT_TRUE(sslc::readFileBytes(path, svg, error)) << error;
  std::vector<size_t> counts;
  std::regex polyline(R"re(<polyline [^>]*points="([^"]*)")re");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), polyline);
       it != std::sregex_iterator(); ++it) {
    std::string points = (*it)[1];
    counts.push_back(std::count(points.begin(), points.end(), ' ') + 1);
  }
  return counts;
}

TEST_F(SslcTrain, TrainingCurveBesideTheOutput) {
  std::string common =
      "--model lenet --dataset mnist --batch 16 --lr 0.05 --max-steps 4 "
      "--ssl filter=0.5,channel=0.5 --ssl-update proximal --seed 3 "
      "--threads 1 ";
  std::string out = dir + "/lenet.safetensors";
  sslc::test::CommandResult r = train(common + "--epochs 2 -o " + out);
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("the training curve " + dir + "/lenet.curve.csv, " +
                          dir + "/lenet.curve.svg"),
            std::string::npos)
      << r.output;

  std::vector<std::vector<std::string>> csv = readCsv(dir + "/lenet.curve.csv");
  ASSERT_EQ(csv.size(), 3u) << "a header and one row per epoch";
  const std::vector<std::string> &header = csv[0];
  auto column = [&](const std::string &name) {
    auto it = std::find(header.begin(), header.end(), name);
    EXPECT_NE(it, header.end()) << name;
    return it - header.begin();
  };
  // Each row holds what that epoch's log line printed.
  std::regex epochLine(
      R"(epoch (\d+)/2: loss ([0-9.e+-]+), train error ([0-9.]+)%, test )"
      R"(error ([0-9.]+)%)");
  std::regex conv1(R"(conv1 \[20, 1, 5, 5\]: filters (\d+)/20, channels )"
                   R"(1/1, columns (\d+)/25)");
  std::string log = r.output;
  for (int e = 1; e <= 2; ++e) {
    std::smatch m, c;
    ASSERT_TRUE(std::regex_search(log, m, epochLine)) << log;
    std::string rest = m.suffix();
    ASSERT_TRUE(std::regex_search(rest, c, conv1)) << rest;
    const std::vector<std::string> &row = csv[e];
    ASSERT_EQ(row.size(), header.size());
    EXPECT_EQ(row[column("epoch")], std::to_string(e));
    EXPECT_EQ(row[column("steps")], std::to_string(4 * e));
    EXPECT_NEAR(std::stod(row[column("loss")]), std::stod(m[2]),
                1e-5 * std::stod(m[2]));
    EXPECT_NEAR(100 * std::stod(row[column("train_error")]), std::stod(m[3]),
                0.006);
    EXPECT_NEAR(100 * std::stod(row[column("test_error")]), std::stod(m[4]),
                0.006);
    EXPECT_EQ(row[column("conv1.live_filters")], c[1].str());
    EXPECT_EQ(row[column("conv1.filters")], "20");
    EXPECT_EQ(row[column("conv1.live_shape_columns")], c[2].str());
    EXPECT_EQ(row[column("lr")], "0.05");
    log = rest;
  }

  // Test and train error, live filters, channels and shape columns: a
  // point per epoch each.
  EXPECT_EQ(polylinePoints(dir + "/lenet.curve.svg"),
            (std::vector<size_t>(5, 2)));

  // Resumed, the curve keeps the first two epochs and appends the third.
  sslc::test::CommandResult resumed =
      train(common + "--epochs 3 --resume " + dir +
            "/lenet.ckpt.safetensors -o " + out);
  ASSERT_EQ(resumed.exitCode, 0) << resumed.output;
  std::vector<std::vector<std::string>> after =
      readCsv(dir + "/lenet.curve.csv");
  ASSERT_EQ(after.size(), 4u);
  for (size_t i = 0; i < 3; ++i)
    EXPECT_EQ(after[i], csv[i]) << "line " << i;
  EXPECT_EQ(after[3][column("epoch")], "3");
  EXPECT_EQ(polylinePoints(dir + "/lenet.curve.svg"),
            (std::vector<size_t>(5, 3)));
}

} // namespace

// A zoo model evaluated on a data set is built for its samples, as `sslc
// train` builds it: ConvNet and ResNet-20 default to 3x32x32 but train on
// MNIST as 1x28x28, and their checkpoints only load into that shape.
TEST_F(SslcTrain, EvalBuildsZooModelsForTheDataSet) {
  std::string out = dir + "/convnet.safetensors";
  sslc::test::CommandResult r =
      train("--model convnet --dataset mnist --batch 16 --lr 0.01 "
            "--max-steps 1 --epochs 1 --threads 1 -o " + out);
  ASSERT_EQ(r.exitCode, 0) << r.output;
  std::smatch trained;
  std::regex trainError(R"(test error ([0-9.]+)%)");
  ASSERT_TRUE(std::regex_search(r.output, trained, trainError)) << r.output;

  sslc::test::CommandResult e = sslc::test::runCommand(
      "SSLC_DATA_DIR=" + dir + " " + sslc::test::binDir() +
      "/sslc eval convnet --weights " + out +
      " --dataset mnist --batch 16 --threads 1");
  ASSERT_EQ(e.exitCode, 0) << e.output;
  std::smatch evaluated;
  std::regex evalError(R"(test error ([0-9.]+)% \((\d+) of 32\))");
  ASSERT_TRUE(std::regex_search(e.output, evaluated, evalError)) << e.output;
  EXPECT_EQ(evaluated[1].str(), trained[1].str())
      << "eval of the checkpoint disagrees with the training log";

  sslc::test::CommandResult report = sslc::test::runCommand(
      "SSLC_DATA_DIR=" + dir + " " + sslc::test::binDir() +
      "/sslc report convnet --weights " + out + " --dataset mnist");
  ASSERT_EQ(report.exitCode, 0) << report.output;
  EXPECT_NE(report.output.find("conv1"), std::string::npos) << report.output;
}
