//===- ReportFigures.cpp - the learned structure as SVG figures -----------===//
//
// The figures `sslc report -o DIR` writes, drawn to be read in a paper:
// the first convolution's filters with each filter at full contrast and
// the dead ones marked, and the live groups of every layer against their
// totals on a labelled percentage axis.
//
//===----------------------------------------------------------------------===//
#include "api/lib/ReportFigures.h"
#include "api/lib/SvgPlot.h"
#include "passes/Analysis/GroupNorms.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace sslc::api {

std::pair<int64_t, int64_t> liveGroups(ssl::GroupKind kind,
                                       const LayerWeights &w) {
  if (!isValidGroupShape(kind, w.shape))
    return {0, 0};
  llvm::FailureOr<GroupNorms> norms =
      computeGroupNorms(kind, w.shape, w.values);
  if (llvm::failed(norms))
    return {0, 0};
  return {norms->getNumGroups() - norms->getNumZeroGroups(),
          norms->getNumGroups()};
}

namespace {

std::string shortNumber(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2g", v);
  return buf;
}

} // namespace

std::string shapeText(const std::vector<int64_t> &shape, const char *sep) {
  std::string s;
  for (int64_t d : shape)
    s += (s.empty() ? "" : sep) + std::to_string(d);
  return s;
}

std::string filterGridSvg(const LayerWeights &l) {
  const int64_t O = l.shape[0], C = l.shape[1], KH = l.shape[2],
                KW = l.shape[3];
  // Tiles about 60 px wide whatever the kernel, so that a 3x3 and a 11x11
  // filter both read at a glance; a channel gap separates the inputs.
  const double channelGap = C > 1 ? 2 : 0;
  const double cell = std::clamp(
      std::floor(std::min(100.0 / double(C * KW), 60.0 / double(KH))), 3.0,
      14.0);
  const double tileW = C * KW * cell + (C - 1) * channelGap, tileH = KH * cell;
  const double labelH = 16, valueH = 16, gapX = 18, gapY = 10;
  const double slotW = std::max(tileW, 40.0) + gapX,
               slotH = labelH + tileH + valueH + gapY;
  const int64_t maxCols =
      std::clamp<int64_t>(static_cast<int64_t>(900 / slotW), 1, 16);
  const int64_t rows = (O + maxCols - 1) / maxCols;
  const int64_t cols = (O + rows - 1) / rows;
  const double margin = 24, top = C > 1 ? 56 : 42;
  const double gridW = cols * slotW;
  const double width = std::max(gridW + 2 * margin, 640.0);
  // Whole pixels, so that the cells of a tile meet without seams.
  const double left = std::floor((width - gridW) / 2);
  const double captionTop = top + rows * slotH + 8;
  svg::Document doc(width, captionTop + 62);

  std::vector<float> maxAbs(O, 0.0f);
  int64_t dead = 0;
  for (int64_t o = 0; o < O; ++o) {
    for (int64_t i = 0; i < C * KH * KW; ++i)
      maxAbs[o] = std::max(maxAbs[o], std::fabs(l.values[o * C * KH * KW + i]));
    dead += maxAbs[o] == 0.0f;
  }
  doc.text(margin, 26,
           l.name + " filters (" + shapeText(l.shape, "\u00d7") + "): " +
               std::to_string(O - dead) + " of " + std::to_string(O) + " live",
           16, "start", "", 0, true);
  if (C > 1)
    doc.text(margin, 44,
             "each tile: input channels 0-" + std::to_string(C - 1) +
                 " left to right",
             12, "start", "#555555");

  for (int64_t o = 0; o < O; ++o) {
    const double sx = left + (o % cols) * slotW, sy = top + (o / cols) * slotH;
    const double tx = std::floor(sx + (slotW - tileW) / 2), ty = sy + labelH;
    const bool isDead = maxAbs[o] == 0.0f;
    doc.raw("<g id=\"filter-" + std::to_string(o) + "\"" +
            (isDead ? " class=\"dead\"" : "") + ">");
    doc.text(sx + slotW / 2, sy + 12, std::to_string(o), 12, "middle",
             isDead ? "#c0392b" : "");
    doc.raw("<g shape-rendering=\"crispEdges\">");
    for (int64_t c = 0; c < C; ++c)
      for (int64_t y = 0; y < KH; ++y)
        for (int64_t x = 0; x < KW; ++x) {
          float v = l.values[((o * C + c) * KH + y) * KW + x];
          // -max |w| is black, 0 mid-grey, +max |w| white.
          int g = isDead ? 128
                         : static_cast<int>(
                               std::lround(127.5 + 127.5 * v / maxAbs[o]));
          std::string rgb = "rgb(" + std::to_string(g) + "," +
                            std::to_string(g) + "," + std::to_string(g) + ")";
          doc.rect(tx + c * (KW * cell + channelGap) + x * cell, ty + y * cell,
                   cell, cell, rgb);
        }
    doc.raw("</g>");
    if (isDead) {
      doc.rect(tx, ty, tileW, tileH, "none", "#c0392b", 1.5);
      doc.line(tx, ty, tx + tileW, ty + tileH, "#c0392b", 1.5);
      doc.line(tx + tileW, ty, tx, ty + tileH, "#c0392b", 1.5);
      doc.text(sx + slotW / 2, ty + tileH + 13, "dead", 11, "middle",
               "#c0392b");
    } else {
      doc.rect(tx, ty, tileW, tileH, "none", "#444444", 0.75);
      doc.text(sx + slotW / 2, ty + tileH + 13, shortNumber(maxAbs[o]), 11,
               "middle", "#555555");
    }
    doc.raw("</g>");
  }

  // The gray scale, then what the numbers and crosses mean.
  const double barX = margin, barY = captionTop + 4, barW = 160;
  doc.raw("<defs><linearGradient id=\"gray\"><stop offset=\"0\" "
          "stop-color=\"#000000\"/><stop offset=\"1\" "
          "stop-color=\"#ffffff\"/></linearGradient></defs>");
  doc.rect(barX, barY, barW, 10, "url(#gray)", "#444444", 0.75);
  doc.text(barX, barY + 24, "\u2212max|w|", 11, "start");
  doc.text(barX + barW / 2, barY + 24, "0", 11, "middle");
  doc.text(barX + barW, barY + 24, "+max|w|", 11, "end");
  doc.text(barX + barW + 20, barY + 9,
           "each filter scaled to its own max |w| (the number under it)", 12);
  doc.text(barX + barW + 20, barY + 27,
           "dead filters (all weights zero) crossed out in red", 12, "start",
           "#c0392b");
  return doc.str();
}

std::string liveStructureSvg(const std::vector<LayerWeights> &layers) {
  struct Kind {
    const char *label;
    ssl::GroupKind conv, dense;
    const char *color;
  };
  const Kind kinds[] = {
      {"filters (conv) / rows (dense)", ssl::GroupKind::Filter,
       ssl::GroupKind::Row, "#4c72b0"},
      {"channels (conv) / columns (dense)", ssl::GroupKind::Channel,
       ssl::GroupKind::Column, "#dd8452"},
      {"filter-shape columns (conv)", ssl::GroupKind::Shape,
       ssl::GroupKind::Row, "#55a868"},
  };
  const size_t n = std::max<size_t>(layers.size(), 1);
  struct Bar {
    int64_t live, total;
  };
  std::vector<std::vector<Bar>> bars;
  double widestName = 0, widestValue = 0;
  for (const LayerWeights &l : layers) {
    bars.emplace_back();
    for (int b = 0; b < 3; ++b) {
      const Kind &k = kinds[b];
      auto [live, total] = l.conv || b < 2
                               ? liveGroups(l.conv ? k.conv : k.dense, l)
                               : std::pair<int64_t, int64_t>{0, 0};
      bars.back().push_back({live, total});
      widestValue =
          std::max(widestValue,
                   svg::textWidth(
                       std::to_string(live) + "/" + std::to_string(total), 11));
    }
    widestName = std::max(widestName, svg::textWidth(l.name, 12));
  }
  // Wide bars with their labels on top for a handful of layers; for a
  // ResNet's dozens, narrow bars and the labels turned upright above them.
  const bool narrow = n > 8;
  const double barW = narrow ? 14 : 54, barGap = 3;
  const bool turnValues = narrow || widestValue > barW - 2;
  const double groupW = 3 * barW + 2 * barGap;
  const double slot = std::max(groupW + (narrow ? 12 : 34), 560.0 / n);
  const bool turnNames = widestName > slot - 6;
  const double namesH = turnNames ? widestName * 0.71 + 16 : 18;

  const double left = 84, right = 24, plotH = 260;
  const double plotW = n * slot;
  const double width = std::max(left + plotW + right, 700.0);
  svg::Document doc(width, 0);
  doc.text(left, 24, "Live structure per layer (groups with a nonzero weight)",
           16, "start", "", 0, true);
  std::vector<svg::LegendEntry> legend;
  for (const Kind &k : kinds)
    legend.push_back({k.label, k.color});
  legend.push_back({"outline: all groups", "none", false, "", "#888888"});
  double legendBottom =
      svg::legend(doc, left, 38, legend, width - left - right);
  // Headroom for the labels of full bars.
  const double top = legendBottom + (turnValues ? widestValue + 16 : 20);
  svg::Axes axes{left, top, plotW, plotH, 0, 1, 0, 100};
  const double bottom = top + plotH;
  doc.setHeight(bottom + namesH + 64);

  svg::yAxis(
      doc, axes, svg::niceTicks(0, 100, 5),
      [](double t) { return svg::num(t) + "%"; },
      "live groups (% of the layer's groups)");
  for (size_t i = 0; i < layers.size(); ++i) {
    const LayerWeights &l = layers[i];
    // A dense layer's two bars centred like a convolution's three.
    const double barsW = l.conv ? groupW : 2 * barW + barGap;
    const double gx = left + i * slot + (slot - barsW) / 2;
    for (int b = 0; b < 3; ++b) {
      const Kind &k = kinds[b];
      auto [live, total] = bars[i][b];
      if (total == 0)
        continue;
      const double x = gx + b * (barW + barGap);
      const double h = plotH * double(live) / double(total);
      const std::string value =
          std::to_string(live) + "/" + std::to_string(total);
      doc.rect(x, top, barW, plotH, "none", k.color, 1);
      doc.rect(x, bottom - h, barW, h, k.color, "", 1,
               l.name + " " + k.label + ": " + value + " live");
      if (turnValues)
        doc.text(x + barW / 2 + 4, top - 5, value, 11, "start", "", -90);
      else
        // Above the outline when the bar nearly fills it, so that the
        // label never sits on the outline's top edge.
        doc.text(x + barW / 2, h > plotH - 16 ? top - 4 : bottom - h - 4, value,
                 11, "middle");
    }
    const double cx = gx + barsW / 2;
    if (turnNames)
      doc.text(cx + 4, bottom + 14, l.name, 12, "end", "", -45);
    else
      doc.text(cx, bottom + 18, l.name, 12, "middle");
  }
  doc.line(left, bottom, left + plotW, bottom, "#222222");
  doc.text(left + plotW / 2, bottom + namesH + 22, "layer (network order)", 13,
           "middle");
  doc.text(left, bottom + namesH + 44,
           "labels: live/total groups; dense layers have rows and columns "
           "only",
           12, "start", "#555555");
  return doc.str();
}

} // namespace sslc::api
