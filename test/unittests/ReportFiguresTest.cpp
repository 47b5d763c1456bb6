//===- ReportFiguresTest.cpp - the SVG figures of report and train -------===//
//
// The figures drawn from hand-made weights and epoch reports: each filter at
// its own contrast and dead ones marked, the live structure's axes, ticks
// and live/total labels, the training curve's CSV (and its parser) and its
// polylines, and the SVG writer's escaping and ticks.
//
//===----------------------------------------------------------------------===//
#include "api/lib/ReportFigures.h"
#include "api/lib/SvgPlot.h"
#include "api/lib/TrainingCurve.h"

#include <gtest/gtest.h>

#include <regex>

namespace {

using namespace sslc;
using namespace sslc::api;

/// The text of <g id="filter-o" ...> up to the next tile or the legend.
std::string tile(const std::string &svg, int o) {
  size_t begin = svg.find("<g id=\"filter-" + std::to_string(o) + "\"");
  EXPECT_NE(begin, std::string::npos) << "no tile " << o;
  if (begin == std::string::npos)
    return "";
  size_t end = std::min(svg.find("<g id=\"filter-", begin + 1),
                        svg.find("<defs>", begin));
  return svg.substr(begin, end - begin);
}

/// The gray levels of a tile's pixels, in drawing order.
std::vector<int> grays(const std::string &tile) {
  std::vector<int> g;
  std::regex pixel(R"re(fill="rgb\((\d+),\1,\1\)")re");
  for (auto it = std::sregex_iterator(tile.begin(), tile.end(), pixel);
       it != std::sregex_iterator(); ++it)
    g.push_back(std::stoi((*it)[1]));
  return g;
}

/// The number of points of every polyline, in order.
std::vector<size_t> polylinePoints(const std::string &svg) {
  std::vector<size_t> counts;
  std::regex polyline(R"re(<polyline [^>]*points="([^"]*)")re");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), polyline);
       it != std::sregex_iterator(); ++it) {
    std::string points = (*it)[1];
    counts.push_back(
        points.empty() ? 0 : std::count(points.begin(), points.end(), ' ') + 1);
  }
  return counts;
}

TEST(ReportFigures, EachFilterReachesFullContrast) {
  // Filter 1 is filter 0 at 1/100 of its scale, filter 2 is dead and
  // filter 3 is all negative.
  LayerWeights conv{"conv1", true, {4, 1, 2, 2}, {}};
  conv.values = {1.0f, -0.5f, 0.25f, 0.0f, 0.01f, -0.005f, 0.0025f, 0.0f,
                 0.0f, 0.0f,  0.0f,  0.0f, -0.2f, -0.1f,   -0.05f,  -0.02f};
  std::string svg = filterGridSvg(conv);

  std::vector<int> big = grays(tile(svg, 0)), small = grays(tile(svg, 1));
  ASSERT_EQ(big.size(), 4u);
  EXPECT_EQ(big, (std::vector<int>{255, 64, 159, 128}));
  // A global scale would have drawn it as 129, 127, 128, 128.
  EXPECT_EQ(small, big) << "the small filter is scaled to its own max |w|";
  EXPECT_NE(tile(svg, 1).find(">0.01</text>"), std::string::npos)
      << "its max |w| is written under it";
  std::vector<int> negative = grays(tile(svg, 3));
  ASSERT_EQ(negative.size(), 4u);
  EXPECT_EQ(negative[0], 0) << "its extreme pixel is black";

  std::string dead = tile(svg, 2);
  EXPECT_NE(dead.find("class=\"dead\""), std::string::npos);
  EXPECT_EQ(grays(dead), (std::vector<int>{128, 128, 128, 128}));
  // A red outline and a cross of two red lines.
  EXPECT_NE(dead.find("fill=\"none\" stroke=\"#c0392b\""), std::string::npos)
      << dead;
  std::regex redLine(R"(<line [^>]*stroke="#c0392b")");
  EXPECT_EQ(
      std::distance(std::sregex_iterator(dead.begin(), dead.end(), redLine),
                    std::sregex_iterator()),
      2)
      << dead;
  EXPECT_NE(dead.find(">dead</text>"), std::string::npos);
  for (int o : {0, 1, 3})
    EXPECT_EQ(tile(svg, o).find("dead"), std::string::npos) << o;
  // Every tile carries its index.
  for (int o = 0; o < 4; ++o)
    EXPECT_NE(tile(svg, o).find(">" + std::to_string(o) + "</text>"),
              std::string::npos)
        << o;
  EXPECT_NE(svg.find("conv1 filters (4\u00d71\u00d72\u00d72): 3 of 4 live"),
            std::string::npos);
  EXPECT_NE(svg.find("each filter scaled to its own max |w|"),
            std::string::npos);
  EXPECT_NE(svg.find("dead filters (all weights zero) crossed out"),
            std::string::npos);
}

TEST(ReportFigures, LiveStructureHasAxesTicksAndLiveOverTotal) {
  // conv1 [4, 1, 3, 3]: filter 3 dead and tap 8 zero in every filter;
  // ip1 [5, 6]: rows 0 and 4 and column 2 zero.
  LayerWeights conv{"conv1", true, {4, 1, 3, 3}, std::vector<float>(36, 1)};
  for (int k = 0; k < 9; ++k)
    conv.values[27 + k] = 0;
  for (int o = 0; o < 4; ++o)
    conv.values[o * 9 + 8] = 0;
  LayerWeights dense{"ip1", false, {5, 6}, std::vector<float>(30, 1)};
  for (int k = 0; k < 6; ++k)
    dense.values[k] = dense.values[24 + k] = 0;
  for (int m = 0; m < 5; ++m)
    dense.values[m * 6 + 2] = 0;
  std::string svg = liveStructureSvg({conv, dense});

  for (const char *value : {">3/4</text>", ">1/1</text>", ">8/9</text>",
                            ">3/5</text>", ">5/6</text>"})
    EXPECT_NE(svg.find(value), std::string::npos) << value;
  EXPECT_EQ(svg.find(">0/0</text>"), std::string::npos)
      << "a dense layer has no filter-shape bar";
  for (const char *tick : {">0%</text>", ">20%</text>", ">40%</text>",
                           ">60%</text>", ">80%</text>", ">100%</text>"})
    EXPECT_NE(svg.find(tick), std::string::npos) << tick;
  for (const char *label :
       {"live groups (% of the layer&apos;s groups)", "layer (network order)",
        ">conv1</text>", ">ip1</text>", "filters (conv) / rows (dense)",
        "channels (conv) / columns (dense)", "filter-shape columns (conv)",
        "outline: all groups",
        "Live structure per layer (groups with a nonzero weight)"})
    EXPECT_NE(svg.find(label), std::string::npos) << label;
  // The bar of 3 live filters of 4 is 3/4 of the 260 px axis.
  EXPECT_NE(svg.find("height=\"195\" fill=\"#4c72b0\"><title>conv1 filters "
                     "(conv) / rows (dense): 3/4 live</title>"),
            std::string::npos)
      << svg;
}

TEST(ReportFigures, ManyLayersTurnTheirLabels) {
  std::vector<LayerWeights> layers;
  for (int i = 0; i < 20; ++i)
    layers.push_back({"layer" + std::to_string(i) + ".conv<1>",
                      true,
                      {16, 16, 3, 3},
                      std::vector<float>(16 * 16 * 9, 1)});
  std::string svg = liveStructureSvg(layers);
  EXPECT_NE(svg.find(">16/16</text>"), std::string::npos);
  EXPECT_NE(svg.find("transform=\"rotate(-90"), std::string::npos);
  EXPECT_NE(svg.find("layer19.conv&lt;1&gt;"), std::string::npos)
      << "names are escaped";
  EXPECT_EQ(svg.find("conv<1>"), std::string::npos);
}

EpochReport epochReport(int64_t epoch, double testError, int64_t liveFilters) {
  EpochReport r;
  r.epoch = epoch;
  r.steps = 10 * epoch;
  r.lr = r.lastLr = 0.01f;
  r.meanLoss = 2.0 / double(epoch);
  r.trainError = testError / 2;
  r.testError = testError;
  r.seconds = 1.5;
  LayerStructure conv{"conv1", {20, 1, 5, 5}, 20, liveFilters, 1, 1, 25, 24};
  LayerStructure dense{"ip1", {10, 800}, 10, 10, 800, 700, 800, 700};
  r.layers = {conv, dense};
  return r;
}

TEST(TrainingCurve, OneRowPerEpochAndBack) {
  TrainingCurve curve;
  curve.add(epochReport(1, 0.5, 20));
  curve.add(epochReport(2, 0.25, 12));
  curve.add(epochReport(3, 0.125, 7));
  std::string csv = curve.csv();
  std::string header = csv.substr(0, csv.find('\n'));
  EXPECT_EQ(header,
            "epoch,steps,lr,last_lr,loss,train_error,test_error,seconds,"
            "live_filters_rows,filters_rows,live_channels_columns,"
            "channels_columns,live_shape_columns,shape_columns,"
            "conv1.live_filters,conv1.filters,conv1.live_channels,"
            "conv1.channels,conv1.live_shape_columns,conv1.shape_columns,"
            "ip1.live_rows,ip1.rows,ip1.live_columns,ip1.columns");
  EXPECT_NE(csv.find("\n2,20,0.01,0.01,1,0.125,0.25,1.5,22,30,701,801,24,25,"
                     "12,20,1,1,24,25,10,10,700,800\n"),
            std::string::npos)
      << csv;
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 4);

  TrainingCurve back;
  std::string error;
  ASSERT_TRUE(TrainingCurve::parse(csv, "c.csv", back, error)) << error;
  EXPECT_EQ(back.columns, curve.columns);
  ASSERT_EQ(back.rows.size(), 3u);
  EXPECT_EQ(back.at(2, "conv1.live_filters"), 7);
  EXPECT_DOUBLE_EQ(back.at(1, "test_error"), 0.25);
  EXPECT_TRUE(std::isnan(back.at(0, "missing")));
  back.truncate(1);
  EXPECT_EQ(back.rows.size(), 1u);

  for (const auto &[text, message] :
       std::vector<std::pair<std::string, std::string>>{
           {"", "c.csv: expected a header line"},
           {"step,loss\n", "c.csv:1: expected a header starting with 'epoch'"},
           {"epoch,loss\n1,2,3\n", "c.csv:2: expected 2 values, got 3"},
           {"epoch,loss\n1,x\n", "c.csv:2: expected a number, got 'x'"},
           {"epoch,loss\n2,1\n1,1\n",
            "c.csv:3: epoch 1 does not follow epoch 2"}}) {
    EXPECT_FALSE(TrainingCurve::parse(text, "c.csv", back, error)) << text;
    EXPECT_EQ(error.rfind(message, 0), 0u) << error;
  }
}

TEST(TrainingCurve, SvgHasAPointPerEpochInEverySeries) {
  TrainingCurve curve;
  for (int e = 1; e <= 5; ++e)
    curve.add(epochReport(e, 0.5 / e, 21 - 3 * e));
  std::string svg = trainingCurveSvg(curve, "Training curve: lenet on mnist");
  // Test and train error, then live filters, channels and shape columns.
  EXPECT_EQ(polylinePoints(svg), (std::vector<size_t>(5, 5)));
  for (const char *label :
       {"Training curve: lenet on mnist", "error (%)", "live groups (% of all)",
        ">epoch</text>", "test error", "train error",
        "filters / rows (16/30 at epoch 5)",
        "channels / columns (701/801 at epoch 5)",
        "filter-shape columns (24/25 at epoch 5)", ">60%</text>",
        ">100%</text>", ">1</text>", ">5</text>"})
    EXPECT_NE(svg.find(label), std::string::npos) << label;

  TrainingCurve one;
  one.add(epochReport(1, 0.1, 20));
  EXPECT_EQ(polylinePoints(trainingCurveSvg(one, "t")),
            (std::vector<size_t>(5, 1)));
}

TEST(TrainingCurve, PathsBesideTheOutput) {
  EXPECT_EQ(curvePath("out/lenet.safetensors", ".curve.csv"),
            "out/lenet.curve.csv");
  EXPECT_EQ(curvePath("out/lenet.bin", ".curve.svg"),
            "out/lenet.bin.curve.svg");
}

TEST(SvgPlot, EscapesAndTicks) {
  EXPECT_EQ(svg::escape("a<b & \"c\" 'd'>"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;");
  EXPECT_EQ(svg::num(2.5), "2.5");
  EXPECT_EQ(svg::num(-0.001), "0");
  EXPECT_EQ(svg::niceTicks(0, 100, 5),
            (std::vector<double>{0, 20, 40, 60, 80, 100}));
  EXPECT_EQ(svg::niceTicks(1, 3, 8, true), (std::vector<double>{1, 2, 3}));
  EXPECT_EQ(svg::niceTicks(0, 0.3, 3), (std::vector<double>{0, 0.1, 0.2, 0.3}));
  EXPECT_DOUBLE_EQ(svg::niceCeil(13.2), 15);
}

} // namespace
