//===- SvgPlot.cpp - a small SVG writer for the report's plots ------------===//
#include "api/lib/SvgPlot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace sslc::api::svg {

namespace {
constexpr const char *kFont = "DejaVu Sans, Helvetica, Arial, sans-serif";
constexpr const char *kInk = "#222222";
} // namespace

std::string escape(const std::string &text) {
  std::string out;
  for (char c : text) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&apos;";
      break;
    default:
      out += c;
    }
  }
  return out;
}

std::string num(double v) {
  if (!std::isfinite(v))
    v = 0;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s = buf;
  while (s.back() == '0')
    s.pop_back();
  if (s.back() == '.')
    s.pop_back();
  return s == "-0" ? "0" : s;
}

namespace {
double niceStep(double span, int target, bool integer) {
  if (!(span > 0))
    return 1;
  double raw = span / std::max(target, 1);
  double power = std::pow(10.0, std::floor(std::log10(raw)));
  double step = power;
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * power >= raw) {
      step = m * power;
      break;
    }
  return integer ? std::max(1.0, std::round(step)) : step;
}
} // namespace

std::vector<double> niceTicks(double lo, double hi, int target, bool integer) {
  std::vector<double> ticks;
  if (hi < lo)
    std::swap(lo, hi);
  double step = niceStep(hi - lo, target, integer);
  // A relative epsilon so that 0.30000000004 still counts as 0.3.
  const double eps = step * 1e-9;
  for (double k = std::ceil((lo - eps) / step); k * step <= hi + eps; ++k) {
    // 3 * 0.1 is 0.30000000000000004: snap to 12 significant digits.
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.12g", k * step);
    double t = std::strtod(buf, nullptr);
    ticks.push_back(std::fabs(t) < eps ? 0.0 : t);
  }
  return ticks;
}

double niceCeil(double hi, int target) {
  if (!(hi > 0))
    return 1;
  double step = niceStep(hi, target, false);
  return std::ceil(hi / step - 1e-9) * step;
}

double textWidth(const std::string &text, double size) {
  // DejaVu Sans averages a little over half an em per character; count
  // UTF-8 lead bytes only so that "×" or "‖" count once.
  double chars = 0;
  for (unsigned char c : text)
    chars += (c & 0xC0) != 0x80;
  return chars * size * 0.6;
}

Document::Document(double width, double height) : w(width), h(height) {}

void Document::rect(double x, double y, double rw, double rh,
                    const std::string &fill, const std::string &stroke,
                    double strokeWidth, const std::string &title) {
  body << "<rect x=\"" << num(x) << "\" y=\"" << num(y) << "\" width=\""
       << num(rw) << "\" height=\"" << num(rh) << "\" fill=\"" << fill << "\"";
  if (!stroke.empty())
    body << " stroke=\"" << stroke << "\" stroke-width=\"" << num(strokeWidth)
         << "\"";
  if (title.empty())
    body << "/>\n";
  else
    body << "><title>" << escape(title) << "</title></rect>\n";
}

void Document::line(double x1, double y1, double x2, double y2,
                    const std::string &stroke, double width,
                    const std::string &dash) {
  body << "<line x1=\"" << num(x1) << "\" y1=\"" << num(y1) << "\" x2=\""
       << num(x2) << "\" y2=\"" << num(y2) << "\" stroke=\"" << stroke
       << "\" stroke-width=\"" << num(width) << "\"";
  if (!dash.empty())
    body << " stroke-dasharray=\"" << dash << "\"";
  body << "/>\n";
}

void Document::polyline(const std::vector<std::pair<double, double>> &points,
                        const std::string &stroke, double width,
                        const std::string &dash) {
  body << "<polyline fill=\"none\" stroke=\"" << stroke << "\" stroke-width=\""
       << num(width) << "\" stroke-linejoin=\"round\"";
  if (!dash.empty())
    body << " stroke-dasharray=\"" << dash << "\"";
  body << " points=\"";
  for (size_t i = 0; i < points.size(); ++i)
    body << (i ? " " : "") << num(points[i].first) << ","
         << num(points[i].second);
  body << "\"/>\n";
}

void Document::circle(double cx, double cy, double r, const std::string &fill,
                      const std::string &stroke) {
  body << "<circle cx=\"" << num(cx) << "\" cy=\"" << num(cy) << "\" r=\""
       << num(r) << "\" fill=\"" << fill << "\"";
  if (!stroke.empty())
    body << " stroke=\"" << stroke << "\"";
  body << "/>\n";
}

void Document::text(double x, double y, const std::string &s, double size,
                    const std::string &anchor, const std::string &fill,
                    double rotate, bool bold) {
  body << "<text x=\"" << num(x) << "\" y=\"" << num(y) << "\" font-size=\""
       << num(size) << "\"";
  if (anchor != "start")
    body << " text-anchor=\"" << anchor << "\"";
  if (!fill.empty())
    body << " fill=\"" << fill << "\"";
  if (bold)
    body << " font-weight=\"bold\"";
  if (rotate != 0)
    body << " transform=\"rotate(" << num(rotate) << " " << num(x) << " "
         << num(y) << ")\"";
  body << ">" << escape(s) << "</text>\n";
}

void Document::raw(const std::string &element) { body << element << "\n"; }

std::string Document::str() const {
  std::ostringstream svg;
  svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << num(w)
      << "\" height=\"" << num(h) << "\" viewBox=\"0 0 " << num(w) << " "
      << num(h) << "\" font-family=\"" << kFont << "\" fill=\"" << kInk
      << "\">\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
      << body.str() << "</svg>\n";
  return svg.str();
}

double Axes::px(double x) const {
  double span = xMax - xMin;
  return left + (span > 0 ? (x - xMin) / span : 0.5) * width;
}

double Axes::py(double y) const {
  double span = yMax - yMin;
  return top + height - (span > 0 ? (y - yMin) / span : 0.5) * height;
}

void yAxis(Document &doc, const Axes &a, const std::vector<double> &ticks,
           const TickFormat &format, const std::string &label) {
  double widest = 0;
  for (double t : ticks) {
    double y = a.py(t);
    doc.line(a.left, y, a.left + a.width, y, "#e3e3e3");
    doc.line(a.left - 5, y, a.left, y, kInk);
    std::string s = format(t);
    widest = std::max(widest, textWidth(s, 12));
    doc.text(a.left - 8, y + 4, s, 12, "end");
  }
  doc.line(a.left, a.top, a.left, a.top + a.height, kInk);
  double x = a.left - 8 - widest - 10;
  doc.text(x, a.top + a.height / 2, label, 13, "middle", "", -90);
}

void xAxis(Document &doc, const Axes &a, const std::vector<double> &ticks,
           const TickFormat &format, const std::string &label) {
  const double y = a.top + a.height;
  doc.line(a.left, y, a.left + a.width, y, kInk);
  for (double t : ticks) {
    double x = a.px(t);
    doc.line(x, y, x, y + 5, kInk);
    doc.text(x, y + 19, format(t), 12, "middle");
  }
  if (!label.empty())
    doc.text(a.left + a.width / 2, y + 38, label, 13, "middle");
}

double legend(Document &doc, double x, double y,
              const std::vector<LegendEntry> &entries, double maxWidth,
              double size) {
  const double rowH = size + 8;
  double at = x;
  for (const LegendEntry &e : entries) {
    double w = 28 + textWidth(e.label, size);
    if (at > x && at + w - x > maxWidth) {
      at = x;
      y += rowH;
    }
    if (e.line)
      doc.line(at, y + size / 2, at + 22, y + size / 2, e.color, 2.5, e.dash);
    else
      doc.rect(at + 6, y, size, size, e.color, e.stroke);
    doc.text(at + 28, y + size - 1, e.label, size);
    at += w + 18;
  }
  return y + rowH;
}

} // namespace sslc::api::svg
