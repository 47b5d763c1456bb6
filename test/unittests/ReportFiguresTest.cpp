//===- ReportFiguresTest.cpp - the SVG figures of report and train -------===//
//
// The figures drawn from hand-made weights: each filter at its own contrast
// and dead ones marked, the live structure's axes, ticks and live/total
// labels, and the SVG writer's escaping and ticks.
//
//===----------------------------------------------------------------------===//
#include "api/lib/ReportFigures.h"
#include "api/lib/SvgPlot.h"

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
