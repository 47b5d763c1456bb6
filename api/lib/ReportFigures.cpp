//===- ReportFigures.cpp - the learned structure as SVG figures -----------===//
#include "api/lib/ReportFigures.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace sslc::api {

std::string filterGridSvg(const LayerWeights &l) {
  const int64_t O = l.shape[0], C = l.shape[1], KH = l.shape[2],
                KW = l.shape[3];
  const int cell = 8, gap = 4;
  const int64_t cols = std::min<int64_t>(O, 16);
  const int64_t rows = (O + cols - 1) / cols;
  const int64_t tileW = C * KW * cell + gap, tileH = KH * cell + gap;
  float maxAbs = 1e-12f;
  for (float v : l.values)
    maxAbs = std::max(maxAbs, std::fabs(v));
  std::ostringstream svg;
  svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << cols * tileW
      << "\" height=\"" << rows * tileH << "\">\n"
      << "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n";
  for (int64_t o = 0; o < O; ++o) {
    int64_t ox = (o % cols) * tileW, oy = (o / cols) * tileH;
    for (int64_t c = 0; c < C; ++c)
      for (int64_t y = 0; y < KH; ++y)
        for (int64_t x = 0; x < KW; ++x) {
          float v = l.values[((o * C + c) * KH + y) * KW + x];
          int g = static_cast<int>(std::lround(127.5 + 127.5 * v / maxAbs));
          svg << "<rect x=\"" << ox + (c * KW + x) * cell << "\" y=\""
              << oy + y * cell << "\" width=\"" << cell << "\" height=\""
              << cell << "\" fill=\"rgb(" << g << "," << g << "," << g
              << ")\"/>\n";
        }
  }
  svg << "</svg>\n";
  return svg.str();
}

std::string groupSparsitySvg(const std::vector<LayerWeights> &layers) {
  struct Bar {
    const char *label;
    ssl::GroupKind conv, dense;
    const char *color;
  };
  const Bar bars[] = {
      {"filter / row", ssl::GroupKind::Filter, ssl::GroupKind::Row, "#4c72b0"},
      {"channel / column", ssl::GroupKind::Channel, ssl::GroupKind::Column,
       "#dd8452"},
      {"shape (conv)", ssl::GroupKind::Shape, ssl::GroupKind::Row, "#55a868"},
  };
  const int barW = 18, groupW = 3 * barW + 24, height = 220, top = 30,
            left = 40;
  const int width = left + groupW * static_cast<int>(layers.size()) + 160;
  std::ostringstream svg;
  svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width
      << "\" height=\"" << height + top + 60 << "\" font-family=\"sans-serif\""
      << " font-size=\"11\">\n<rect width=\"100%\" height=\"100%\" "
         "fill=\"#ffffff\"/>\n"
      << "<text x=\"" << left << "\" y=\"18\">zero groups per layer (%)</text>\n"
      << "<line x1=\"" << left << "\" y1=\"" << top + height << "\" x2=\""
      << width - 160 << "\" y2=\"" << top + height
      << "\" stroke=\"#000\"/>\n";
  for (size_t i = 0; i < layers.size(); ++i) {
    const LayerWeights &l = layers[i];
    int gx = left + static_cast<int>(i) * groupW + 12;
    for (int b = 0; b < 3; ++b) {
      if (!l.conv && b == 2)
        continue;
      ssl::GroupKind kind = l.conv ? bars[b].conv : bars[b].dense;
      auto [live, total] = liveGroups(kind, l);
      double zero = total ? 1.0 - double(live) / total : 0.0;
      int h = static_cast<int>(std::lround(zero * height));
      svg << "<rect x=\"" << gx + b * barW << "\" y=\"" << top + height - h
          << "\" width=\"" << barW - 2 << "\" height=\"" << h << "\" fill=\""
          << bars[b].color << "\"><title>" << l.name << " " << bars[b].label
          << ": " << std::lround(1000 * zero) / 10.0 << "%</title></rect>\n";
    }
    svg << "<text x=\"" << gx << "\" y=\"" << top + height + 16 << "\">"
        << l.name << "</text>\n";
  }
  for (int b = 0; b < 3; ++b)
    svg << "<rect x=\"" << width - 150 << "\" y=\"" << top + 16 * b
        << "\" width=\"10\" height=\"10\" fill=\"" << bars[b].color
        << "\"/><text x=\"" << width - 135 << "\" y=\"" << top + 16 * b + 9
        << "\">" << bars[b].label << "</text>\n";
  svg << "</svg>\n";
  return svg.str();
}

} // namespace sslc::api
