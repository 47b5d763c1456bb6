//===- TrainingCurve.cpp - the per-epoch record of `sslc train` -----------===//
#include "api/lib/TrainingCurve.h"
#include "api/lib/SvgPlot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

namespace sslc::api {
namespace {

/// A layer name as a CSV field: the separators of the format replaced, so
/// that the header stays one plain line.
std::string field(std::string name) {
  for (char &c : name)
    if (c == ',' || c == '"' || c == '\n' || c == '\r')
      c = '_';
  return name;
}

struct Sums {
  double liveFilters = 0, filters = 0, liveChannels = 0, channels = 0,
         liveShapes = 0, shapes = 0;
};

Sums sumsOf(const EpochReport &r) {
  Sums s;
  for (const LayerStructure &l : r.layers) {
    s.liveFilters += l.liveFilters;
    s.filters += l.filters;
    s.liveChannels += l.liveChannels;
    s.channels += l.channels;
    if (l.shape.size() == 4) {
      s.liveShapes += l.liveColumns;
      s.shapes += l.columns;
    }
  }
  return s;
}

std::string format(double v) {
  char buf[40];
  if (v == std::floor(v) && std::fabs(v) < 1e15)
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v));
  else
    std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::vector<std::string> split(const std::string &line) {
  std::vector<std::string> fields(1);
  for (char c : line) {
    if (c == ',')
      fields.emplace_back();
    else
      fields.back() += c;
  }
  return fields;
}

} // namespace

std::vector<std::string> TrainingCurve::columnsOf(const EpochReport &r) {
  std::vector<std::string> c = {"epoch",
                                "steps",
                                "lr",
                                "last_lr",
                                "loss",
                                "train_error",
                                "test_error",
                                "seconds",
                                "live_filters_rows",
                                "filters_rows",
                                "live_channels_columns",
                                "channels_columns",
                                "live_shape_columns",
                                "shape_columns"};
  if (!r.blocks.empty()) {
    c.push_back("zero_depth_bn");
    c.push_back("depth_bn");
  }
  for (const LayerStructure &l : r.layers) {
    std::string n = field(l.name) + ".";
    if (l.shape.size() == 4)
      for (const char *k : {"live_filters", "filters", "live_channels",
                            "channels", "live_shape_columns", "shape_columns"})
        c.push_back(n + k);
    else
      for (const char *k : {"live_rows", "rows", "live_columns", "columns"})
        c.push_back(n + k);
  }
  return c;
}

void TrainingCurve::add(const EpochReport &r) {
  if (rows.empty())
    columns = columnsOf(r);
  Sums s = sumsOf(r);
  std::vector<double> row = {
      double(r.epoch), double(r.steps), r.lr,         r.lastLr,      r.meanLoss,
      r.trainError,    r.testError,     r.seconds,    s.liveFilters, s.filters,
      s.liveChannels,  s.channels,      s.liveShapes, s.shapes};
  if (!r.blocks.empty()) {
    row.push_back(
        double(std::count_if(r.blocks.begin(), r.blocks.end(),
                             [](const BlockNorms &b) { return b.isZero(); })));
    row.push_back(double(r.blocks.size()));
  }
  for (const LayerStructure &l : r.layers) {
    for (int64_t v : {l.liveFilters, l.filters})
      row.push_back(double(v));
    if (l.shape.size() == 4)
      for (int64_t v : {l.liveChannels, l.channels, l.liveColumns, l.columns})
        row.push_back(double(v));
    else
      for (int64_t v : {l.liveColumns, l.columns})
        row.push_back(double(v));
  }
  rows.push_back(std::move(row));
}

void TrainingCurve::truncate(int64_t epoch) {
  rows.erase(std::remove_if(rows.begin(), rows.end(),
                            [&](const std::vector<double> &row) {
                              return row[0] > double(epoch);
                            }),
             rows.end());
}

double TrainingCurve::at(size_t row, const std::string &column) const {
  auto it = std::find(columns.begin(), columns.end(), column);
  if (it == columns.end() || row >= rows.size())
    return std::numeric_limits<double>::quiet_NaN();
  return rows[row][it - columns.begin()];
}

std::string TrainingCurve::csv() const {
  std::string s;
  for (size_t i = 0; i < columns.size(); ++i)
    s += (i ? "," : "") + columns[i];
  s += "\n";
  for (const std::vector<double> &row : rows) {
    for (size_t i = 0; i < row.size(); ++i)
      s += (i ? "," : "") + format(row[i]);
    s += "\n";
  }
  return s;
}

bool TrainingCurve::parse(const std::string &text, const std::string &path,
                          TrainingCurve &curve, std::string &error) {
  curve = TrainingCurve();
  size_t at = 0;
  for (int64_t line = 1; at < text.size(); ++line) {
    size_t end = text.find('\n', at);
    std::string l = text.substr(at, end == std::string::npos ? end : end - at);
    at = end == std::string::npos ? text.size() : end + 1;
    if (!l.empty() && l.back() == '\r')
      l.pop_back();
    if (l.empty())
      continue;
    std::vector<std::string> fields = split(l);
    if (curve.columns.empty()) {
      if (fields[0] != "epoch") {
        error = path + ":" + std::to_string(line) +
                ": expected a header starting with 'epoch', got '" + fields[0] +
                "'";
        return false;
      }
      curve.columns = std::move(fields);
      continue;
    }
    if (fields.size() != curve.columns.size()) {
      error = path + ":" + std::to_string(line) + ": expected " +
              std::to_string(curve.columns.size()) + " values, got " +
              std::to_string(fields.size());
      return false;
    }
    std::vector<double> row;
    for (const std::string &f : fields) {
      char *stop = nullptr;
      double v = std::strtod(f.c_str(), &stop);
      if (f.empty() || *stop != '\0' || !std::isfinite(v)) {
        error = path + ":" + std::to_string(line) +
                ": expected a number, got '" + f + "'";
        return false;
      }
      row.push_back(v);
    }
    if (!curve.rows.empty() && row[0] <= curve.rows.back()[0]) {
      error = path + ":" + std::to_string(line) + ": epoch " + format(row[0]) +
              " does not follow epoch " + format(curve.rows.back()[0]);
      return false;
    }
    curve.rows.push_back(std::move(row));
  }
  if (curve.columns.empty()) {
    error = path + ": expected a header line, the file is empty";
    return false;
  }
  return true;
}

std::string curvePath(const std::string &output, const std::string &suffix) {
  const std::string ext = ".safetensors";
  std::string stem = output;
  if (stem.size() >= ext.size() &&
      stem.compare(stem.size() - ext.size(), ext.size(), ext) == 0)
    stem.resize(stem.size() - ext.size());
  return stem + suffix;
}

namespace {

struct Series {
  std::string label, color, dash;
  std::vector<double> values; // NaN where the row has none
};

/// One panel: its legend from `legendY`, then below it the plot (`axes`
/// with its top set here) with gridlines, both axes and a polyline and
/// markers per series. Returns the plot's bottom.
double panel(svg::Document &doc, svg::Axes axes, double legendY,
             const std::vector<double> &epochs,
             const std::vector<Series> &series,
             const std::vector<double> &yTicks, const std::string &yLabel,
             const std::string &xLabel) {
  std::vector<svg::LegendEntry> legend;
  for (const Series &s : series)
    legend.push_back({s.label, s.color, true, s.dash});
  axes.top = svg::legend(doc, axes.left, legendY, legend, axes.width) + 14;
  svg::yAxis(
      doc, axes, yTicks, [](double t) { return svg::num(t) + "%"; }, yLabel);
  svg::xAxis(
      doc, axes, svg::niceTicks(epochs.front(), epochs.back(), 8, true),
      [](double t) { return svg::num(t); }, xLabel);
  for (const Series &s : series) {
    std::vector<std::pair<double, double>> points;
    for (size_t i = 0; i < epochs.size(); ++i)
      if (std::isfinite(s.values[i]))
        points.push_back({axes.px(epochs[i]), axes.py(s.values[i])});
    doc.polyline(points, s.color, 2, s.dash);
    if (epochs.size() <= 60)
      for (const auto &[x, y] : points)
        doc.circle(x, y, 3, s.color);
  }
  return axes.top + axes.height;
}

} // namespace

std::string trainingCurveSvg(const TrainingCurve &c, const std::string &title) {
  const size_t n = c.rows.size();
  std::vector<double> epochs;
  for (size_t i = 0; i < n; ++i)
    epochs.push_back(c.at(i, "epoch"));
  if (epochs.empty())
    epochs.push_back(1);
  auto percentOf = [&](const std::string &column, double scale) {
    std::vector<double> v;
    for (size_t i = 0; i < n; ++i)
      v.push_back(100.0 * c.at(i, column) / scale);
    return v;
  };
  auto liveShare = [&](const std::string &live, const std::string &total,
                       bool zeroCounted = false) {
    std::vector<double> v;
    for (size_t i = 0; i < n; ++i) {
      double t = c.at(i, total), l = c.at(i, live);
      v.push_back(t > 0 ? 100.0 * (zeroCounted ? t - l : l) / t
                        : std::numeric_limits<double>::quiet_NaN());
    }
    return v;
  };
  auto lastCount = [&](const std::string &live, const std::string &total,
                       bool zeroCounted = false) {
    if (n == 0)
      return std::string();
    double t = c.at(n - 1, total), l = c.at(n - 1, live);
    return " (" + svg::num(zeroCounted ? t - l : l) + "/" + svg::num(t) +
           " at epoch " + svg::num(c.at(n - 1, "epoch")) + ")";
  };

  std::vector<Series> errors = {
      {"test error", "#4c72b0", "", percentOf("test_error", 1)},
      {"train error", "#dd8452", "6 4", percentOf("train_error", 1)}};
  std::vector<Series> live = {
      {"filters / rows" + lastCount("live_filters_rows", "filters_rows"),
       "#4c72b0", "", liveShare("live_filters_rows", "filters_rows")},
      {"channels / columns" +
           lastCount("live_channels_columns", "channels_columns"),
       "#dd8452", "", liveShare("live_channels_columns", "channels_columns")}};
  if (n && c.at(0, "shape_columns") > 0)
    live.push_back({"filter-shape columns" +
                        lastCount("live_shape_columns", "shape_columns"),
                    "#55a868", "",
                    liveShare("live_shape_columns", "shape_columns")});
  if (n && c.at(0, "depth_bn") > 0)
    live.push_back(
        {"depth_bn groups" + lastCount("zero_depth_bn", "depth_bn", true),
         "#8172b2", "", liveShare("zero_depth_bn", "depth_bn", true)});

  double maxError = 0, minLive = 100;
  for (const Series &s : errors)
    for (double v : s.values)
      if (std::isfinite(v))
        maxError = std::max(maxError, v);
  for (const Series &s : live)
    for (double v : s.values)
      if (std::isfinite(v))
        minLive = std::min(minLive, v);

  const double left = 84, width = 720, plotW = width - left - 28, plotH = 190;
  const double span = epochs.back() - epochs.front();
  const double pad = span > 0 ? span * 0.04 : 0.5;
  const double x0 = epochs.front() - pad, x1 = epochs.back() + pad;
  svg::Document doc(width, 0);
  doc.text(left, 26, title, 16, "start", "", 0, true);

  const double errorMax = svg::niceCeil(std::max(maxError * 1.08, 1.0));
  double y =
      panel(doc, {left, 0, plotW, plotH, x0, x1, 0, errorMax}, 42, epochs,
            errors, svg::niceTicks(0, errorMax, 5), "error (%)", "");

  // Live shares stay near 100 % early on: start the axis below the lowest
  // one on a multiple of 10 so that a few lost groups still show.
  const double liveMin = minLive > 50 ? std::floor((minLive - 5) / 10) * 10 : 0;
  const double liveTop = 100 + (100 - liveMin) * 0.04;
  y = panel(doc, {left, 0, plotW, plotH, x0, x1, liveMin, liveTop}, y + 40,
            epochs, live, svg::niceTicks(liveMin, 100, 5),
            "live groups (% of all)", "epoch");
  doc.setHeight(y + 52);
  return doc.str();
}

} // namespace sslc::api
