//===- Schedules.h - schedules for lowered networks -------------*- C++ -*-===//
#ifndef SSLC_CODEGEN_SCHEDULES_SCHEDULES_H
#define SSLC_CODEGEN_SCHEDULES_SCHEDULES_H

#include "codegen/Lowering.h"
#include "codegen/Schedules/ConvSchedules.h"
#include "codegen/Schedules/GradientSchedules.h"
#include "codegen/Schedules/RowVectors.h"
#include "codegen/Schedules/TapConvSchedules.h"

namespace sslc::codegen {

void scheduleForCPU(LoweredNetwork &net, const Halide::Target &target);
void scheduleForCUDA(LoweredNetwork &net, const Halide::Target &target);

/// Picks the schedule family from the target.
void applySchedule(LoweredNetwork &net, const Halide::Target &target);

} // namespace sslc::codegen

#endif
