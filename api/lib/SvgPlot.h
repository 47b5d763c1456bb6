//===- SvgPlot.h - a small SVG writer for the report's plots ---*- C++ -*-===//
//
// The figures of `sslc report` and `sslc train` are plain SVG so that
// neither the library nor its users need a plotting dependency. This is
// the one place that knows about SVG syntax: escaping, number formatting,
// shapes, axes with ticks and gridlines, and legends.
//
//===----------------------------------------------------------------------===//
#ifndef SSLC_API_LIB_SVGPLOT_H
#define SSLC_API_LIB_SVGPLOT_H

#include <functional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace sslc::api::svg {

/// `text` with &, <, >, " and ' as XML entities.
std::string escape(const std::string &text);

/// A coordinate or length: at most two decimals, no trailing zeros.
std::string num(double v);

/// About `target` round tick values (steps of 1, 2 or 5 times a power of
/// ten) from the first multiple of the step at or above `lo` to the last at
/// or below `hi`. `integer` keeps the step at least 1 (epochs, counts).
std::vector<double> niceTicks(double lo, double hi, int target = 5,
                              bool integer = false);

/// The smallest tick-aligned value at or above `hi` (an axis maximum).
double niceCeil(double hi, int target = 5);

/// Roughly how wide `text` is in a sans-serif font of `size` px, for
/// layout (no font metrics are available here).
double textWidth(const std::string &text, double size);

class Document {
public:
  Document(double width, double height);

  void rect(double x, double y, double w, double h, const std::string &fill,
            const std::string &stroke = "", double strokeWidth = 1,
            const std::string &title = "");
  void line(double x1, double y1, double x2, double y2,
            const std::string &stroke, double width = 1,
            const std::string &dash = "");
  void polyline(const std::vector<std::pair<double, double>> &points,
                const std::string &stroke, double width = 2,
                const std::string &dash = "");
  void circle(double cx, double cy, double r, const std::string &fill,
              const std::string &stroke = "");
  /// `anchor` is start, middle or end; `rotate` turns the text about
  /// (x, y) by that many degrees.
  void text(double x, double y, const std::string &s, double size = 13,
            const std::string &anchor = "start", const std::string &fill = "",
            double rotate = 0, bool bold = false);
  /// Verbatim SVG (already escaped).
  void raw(const std::string &element);

  double width() const { return w; }
  double height() const { return h; }
  /// The height once the content is laid out.
  void setHeight(double height) { h = height; }
  std::string str() const;

private:
  double w, h;
  std::ostringstream body;
};

/// A plot area in pixels and the data range it shows.
struct Axes {
  double left, top, width, height;
  double xMin, xMax, yMin, yMax;
  double px(double x) const;
  double py(double y) const;
};

using TickFormat = std::function<std::string(double)>;

/// The left axis: a line, ticks with their labels, light horizontal
/// gridlines and `label` rotated along it.
void yAxis(Document &doc, const Axes &axes, const std::vector<double> &ticks,
           const TickFormat &format, const std::string &label);

/// The bottom axis with numeric ticks and `label` under them.
void xAxis(Document &doc, const Axes &axes, const std::vector<double> &ticks,
           const TickFormat &format, const std::string &label);

struct LegendEntry {
  std::string label, color;
  /// Swatch drawn as a line (series) rather than a filled square (bars).
  bool line = false;
  std::string dash = "";
  /// The square's outline, if any.
  std::string stroke = "";
};

/// Entries left to right from (x, y), the top of the first row, wrapped
/// into rows of at most `maxWidth`; returns the y below the last row.
double legend(Document &doc, double x, double y,
              const std::vector<LegendEntry> &entries, double maxWidth,
              double size = 12);

} // namespace sslc::api::svg

#endif
