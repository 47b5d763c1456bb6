//===- TrainingCurve.h - the per-epoch record of `sslc train` ---*- C++ -*-===//
//
// What each epoch report says, one row per epoch, kept beside the trained
// parameters as OUT.curve.csv and drawn as OUT.curve.svg (error and live
// groups against the epoch), so that a run's course can be plotted or
// checked after it ends and a resumed run continues the same record.
//
//===----------------------------------------------------------------------===//
#ifndef SSLC_API_LIB_TRAININGCURVE_H
#define SSLC_API_LIB_TRAININGCURVE_H

#include "runtime/Trainer.h"

#include <string>
#include <vector>

namespace sslc::api {

struct TrainingCurve {
  /// The CSV header: epoch, steps, lr, last_lr, loss, train_error,
  /// test_error, seconds; the live and total groups summed over the layers
  /// (live_filters_rows, filters_rows, live_channels_columns,
  /// channels_columns, live_shape_columns, shape_columns); zero_depth_bn
  /// and depth_bn when the model has depth_bn groups; then each layer's own
  /// live and total counts (LAYER.live_filters, LAYER.filters, ... for a
  /// convolution, LAYER.live_rows, LAYER.rows, ... for a dense layer).
  std::vector<std::string> columns;
  /// One row per epoch, in epoch order.
  std::vector<std::vector<double>> rows;

  /// The columns a report of this structure fills.
  static std::vector<std::string> columnsOf(const EpochReport &report);
  /// Appends `report`'s row; the first row sets the columns.
  void add(const EpochReport &report);
  /// Drops the rows of epochs after `epoch`.
  void truncate(int64_t epoch);
  /// The value in `column` of row `row`, NaN when there is no such column.
  double at(size_t row, const std::string &column) const;

  std::string csv() const;
  /// Parses csv() text; `error` names `path` and the line at fault.
  static bool parse(const std::string &text, const std::string &path,
                    TrainingCurve &curve, std::string &error);
};

/// OUT.safetensors -> OUT.curve.csv and OUT.curve.svg: the output without
/// ".safetensors", then `suffix` (".curve.csv", ".curve.svg").
std::string curvePath(const std::string &output, const std::string &suffix);

/// Two panels over the epochs: train and test error (%), then the live
/// groups of each kind as % of all (the legend gives the last epoch's
/// counts). `title` heads the figure. Each series is one polyline with a
/// point per epoch.
std::string trainingCurveSvg(const TrainingCurve &curve,
                             const std::string &title);

} // namespace sslc::api

#endif
