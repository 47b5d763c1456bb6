//===- sslc_module.cpp - the Python module over the C++ API ---------------===//
//
// Arrays enter through the buffer protocol (numpy arrays; torch tensors
// through Tensor.numpy(), which shares their memory, other __dlpack__ objects
// through numpy.from_dlpack): dense C-contiguous
// float32 of the expected shape, checked with a message naming the argument
// otherwise. The compiled code runs on that memory with the GIL released.
// sslc::Error becomes the sslc.Error subclass of its kind (sslc/_errors.py).
//
//===----------------------------------------------------------------------===//
#include "sslc/sslc.h"

#include <iostream>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <chrono>
#include <sstream>

namespace py = pybind11;

namespace {

std::string shapeText(const std::vector<int64_t> &shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

py::tuple shapeTuple(const std::vector<int64_t> &shape) {
  py::tuple t(shape.size());
  for (size_t i = 0; i < shape.size(); ++i)
    t[i] = shape[i];
  return t;
}

[[noreturn]] void invalid(const std::string &message) {
  throw sslc::Error(sslc::ErrorKind::InvalidArgument, message);
}

/// A float32 view of `obj` without a copy. Objects without the buffer
/// protocol but with __dlpack__ go through a view that shares their memory:
/// Tensor.numpy() for torch tensors, numpy.from_dlpack otherwise.
py::buffer_info floatView(py::handle obj, const std::string &what,
                          bool writable) {
  py::object target = py::reinterpret_borrow<py::object>(obj);
  if (!PyObject_CheckBuffer(obj.ptr())) {
    if (!py::hasattr(obj, "__dlpack__"))
      invalid(what + ": expected a numpy array or a torch tensor, found " +
              std::string(py::str(py::type::of(obj).attr("__name__"))));
    try {
      // A torch tensor's numpy() shares its memory and stays writable
      // (numpy.from_dlpack arrays are read-only, no use for out=).
      if (py::hasattr(obj, "numpy"))
        target = obj.attr("numpy")();
      else
        target = py::module_::import("numpy").attr("from_dlpack")(obj);
    } catch (py::error_already_set &e) {
      invalid(what + ": cannot share its memory (" + std::string(e.what()) +
              "); expected a CPU tensor (detach() one that requires grad)");
    }
  }
  int flags = PyBUF_STRIDES | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0);
  Py_buffer *view = new Py_buffer();
  if (PyObject_GetBuffer(target.ptr(), view, flags) != 0) {
    delete view;
    PyErr_Clear();
    invalid(what + (writable ? ": expected a writable buffer"
                             : ": cannot read its buffer"));
  }
  py::buffer_info info(view, /*ownview=*/true);
  if (info.itemsize != 4 ||
      (info.format != "f" && info.format != "<f" && info.format != "=f"))
    invalid(what + ": expected dtype float32, found format '" + info.format +
            "' (" + std::to_string(info.itemsize) + "-byte items)");
  int64_t expected = info.itemsize;
  for (py::ssize_t d = info.ndim - 1; d >= 0; --d) {
    if (info.shape[d] != 1 && info.strides[d] != expected)
      invalid(what + ": expected a dense C-contiguous array (strides of a "
                     "transposed or sliced array are not supported; use "
                     "numpy.ascontiguousarray)");
    expected *= info.shape[d];
  }
  return info;
}

std::vector<int64_t> shapeOf(const py::buffer_info &info) {
  return std::vector<int64_t>(info.shape.begin(), info.shape.end());
}

/// A name -> array mapping or a safetensors path.
sslc::Model withWeights(const sslc::Model &model, py::handle weights) {
  if (py::isinstance<py::str>(weights) ||
      py::hasattr(weights, "__fspath__"))
    return model.withWeights(
        std::string(py::str(py::module_::import("os").attr("fspath")(weights))));
  if (!py::hasattr(weights, "items"))
    invalid("weights: expected a safetensors path or a mapping of names to "
            "arrays, found " +
            std::string(py::str(py::type::of(weights).attr("__name__"))));
  std::vector<py::buffer_info> views;
  std::map<std::string, sslc::ConstTensorRef> refs;
  for (py::handle item : weights.attr("items")()) {
    auto pair = item.cast<py::tuple>();
    std::string name = py::str(pair[0]);
    py::object value = pair[1];
    // A state_dict's tensors may require grad; their values are what counts.
    if (py::hasattr(value, "detach"))
      value = value.attr("detach")();
    views.push_back(floatView(value, "weights['" + name + "']", false));
    refs[name] = {static_cast<const float *>(views.back().ptr),
                  shapeOf(views.back())};
  }
  return model.withWeights(refs);
}

py::list tensorInfos(const std::vector<sslc::TensorInfo> &infos) {
  py::list list;
  for (const sslc::TensorInfo &i : infos)
    list.append(py::cast(i));
  return list;
}

/// Runs `compiled` on `args`, writing into `out` (a sequence or one array)
/// when given, else into new numpy arrays. One output returns an array,
/// several a tuple.
py::object call(sslc::CompiledModel &compiled, py::args args, py::object out) {
  std::vector<sslc::TensorInfo> ins = compiled.inputs(),
                                outs = compiled.outputs();
  if (args.size() != ins.size())
    invalid("expected " + std::to_string(ins.size()) + " input(s), got " +
            std::to_string(args.size()));
  std::vector<py::buffer_info> inViews, outViews;
  std::vector<const float *> inPtrs;
  std::vector<float *> outPtrs;
  for (size_t i = 0; i < ins.size(); ++i) {
    inViews.push_back(floatView(args[i], "input " + std::to_string(i) + " ('" +
                                             ins[i].name + "')",
                                false));
    if (shapeOf(inViews.back()) != ins[i].shape)
      invalid("input " + std::to_string(i) + " ('" + ins[i].name +
              "'): expected shape " + shapeText(ins[i].shape) + ", found " +
              shapeText(shapeOf(inViews.back())));
    inPtrs.push_back(static_cast<const float *>(inViews.back().ptr));
  }
  py::list results;
  if (!out.is_none()) {
    py::list given;
    if (outs.size() == 1 && !py::isinstance<py::tuple>(out) &&
        !py::isinstance<py::list>(out))
      given.append(out);
    else
      given = py::list(out);
    if (given.size() != outs.size())
      invalid("out: expected " + std::to_string(outs.size()) +
              " array(s), got " + std::to_string(given.size()));
    for (size_t i = 0; i < outs.size(); ++i) {
      outViews.push_back(floatView(given[i], "out " + std::to_string(i) +
                                                 " ('" + outs[i].name + "')",
                                   true));
      if (shapeOf(outViews.back()) != outs[i].shape)
        invalid("out " + std::to_string(i) + " ('" + outs[i].name +
                "'): expected shape " + shapeText(outs[i].shape) +
                ", found " + shapeText(shapeOf(outViews.back())));
      outPtrs.push_back(static_cast<float *>(outViews.back().ptr));
      results.append(given[i]);
    }
  } else {
    for (const sslc::TensorInfo &o : outs) {
      py::array_t<float> a(o.shape);
      outPtrs.push_back(a.mutable_data());
      results.append(a);
    }
  }
  {
    py::gil_scoped_release release;
    compiled.run(inPtrs.data(), outPtrs.data());
  }
  if (results.size() == 1)
    return results[0];
  return py::tuple(results);
}

} // namespace

PYBIND11_MODULE(_sslc, m) {
  m.doc() = "sslc: compile networks trained with Structured Sparsity "
            "Learning (C++ extension; use the `sslc` package).";

  // Imported now so a broken package fails at import, not at the first error.
  py::module_::import("sslc._errors");
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p)
        std::rethrow_exception(p);
    } catch (const sslc::Error &e) {
      py::object cls = py::module_::import("sslc._errors")
                           .attr("ERROR_CLASSES")[py::str(
                               sslc::errorKindName(e.kind()))];
      PyErr_SetString(cls.ptr(), e.what());
    }
  });

  py::class_<sslc::TensorInfo>(m, "TensorInfo",
                               "A named input, output or parameter.")
      .def_readonly("name", &sslc::TensorInfo::name)
      .def_property_readonly(
          "shape", [](const sslc::TensorInfo &t) { return shapeTuple(t.shape); })
      .def("__repr__", [](const sslc::TensorInfo &t) {
        return "TensorInfo(name='" + t.name + "', shape=" +
               std::string(py::repr(shapeTuple(t.shape))) + ")";
      });

  py::class_<sslc::LayerReport>(m, "LayerReport",
                                "What is left of one conv or dense layer.")
      .def_readonly("name", &sslc::LayerReport::name)
      .def_readonly("kind", &sslc::LayerReport::kind)
      .def_property_readonly("shape",
                             [](const sslc::LayerReport &l) {
                               return shapeTuple(l.shape);
                             })
      .def_readonly("filters", &sslc::LayerReport::filters)
      .def_readonly("live_filters", &sslc::LayerReport::liveFilters)
      .def_readonly("channels", &sslc::LayerReport::channels)
      .def_readonly("live_channels", &sslc::LayerReport::liveChannels)
      .def_readonly("shape_columns", &sslc::LayerReport::shapeColumns)
      .def_readonly("live_shape_columns", &sslc::LayerReport::liveShapeColumns)
      .def_readonly("sparsity", &sslc::LayerReport::sparsity)
      .def_readonly("removed", &sslc::LayerReport::removed)
      .def_property_readonly(
          "pruned_shape",
          [](const sslc::LayerReport &l) -> py::object {
            if (l.prunedShape.empty())
              return py::none();
            return shapeTuple(l.prunedShape);
          },
          "The weight's shape after prune(), None when pruning folds the "
          "layer away.")
      .def("__repr__", [](const sslc::LayerReport &l) {
        std::ostringstream s;
        s << "LayerReport(name='" << l.name << "', kind='" << l.kind
          << "', filters=" << l.liveFilters << "/" << l.filters
          << ", channels=" << l.liveChannels << "/" << l.channels << ")";
        return s.str();
      });

  py::class_<sslc::StructureReport>(
      m, "StructureReport",
      "The learned structure per layer and what pruning leaves.")
      .def_readonly("layers", &sslc::StructureReport::layers)
      .def_readonly("flops", &sslc::StructureReport::flops)
      .def_readonly("pruned_flops", &sslc::StructureReport::prunedFlops)
      .def_readonly("parameters", &sslc::StructureReport::parameters)
      .def_readonly("pruned_parameters",
                    &sslc::StructureReport::prunedParameters)
      .def("text", &sslc::StructureReport::text,
           "The table `sslc report` prints.")
      .def("__str__", &sslc::StructureReport::text);

  py::class_<sslc::Model>(m, "Model", "A network in sslc's Model IR.")
      .def_property_readonly("source", &sslc::Model::source)
      .def_property_readonly(
          "inputs", [](const sslc::Model &m) { return tensorInfos(m.inputs()); })
      .def_property_readonly("outputs", [](const sslc::Model &m) {
        return tensorInfos(m.outputs());
      })
      .def_property_readonly("parameters", [](const sslc::Model &m) {
        return tensorInfos(m.parameters());
      })
      .def_property_readonly("is_pruned", &sslc::Model::isPruned)
      .def("state_dict",
           [](const sslc::Model &m) {
             py::dict d;
             for (const sslc::TensorInfo &p : m.parameters()) {
               sslc::HostTensor t = m.parameter(p.name);
               py::array_t<float> a(t.shape);
               std::copy(t.data.begin(), t.data.end(), a.mutable_data());
               d[py::str(p.name)] = a;
             }
             return d;
           },
           "Every parameter as a numpy array (a copy), by PyTorch name.")
      .def("with_weights", &withWeights, py::arg("weights"),
           "A copy with parameters replaced from a safetensors path or a "
           "mapping of names to arrays (a torch state_dict).")
      .def("report", &sslc::Model::report, py::call_guard<py::gil_scoped_release>())
      .def("prune", &sslc::Model::prune, py::call_guard<py::gil_scoped_release>())
      .def("mlir", &sslc::Model::mlir)
      .def("__repr__", [](const sslc::Model &m) {
        return "<sslc.Model '" + m.source() + "'" +
               (m.isPruned() ? " pruned" : "") + ">";
      });

  py::class_<sslc::CompiledModel>(m, "CompiledModel",
                                  "A JIT-compiled network; call it on arrays.")
      .def_property_readonly("inputs",
                             [](const sslc::CompiledModel &c) {
                               return tensorInfos(c.inputs());
                             })
      .def_property_readonly("outputs",
                             [](const sslc::CompiledModel &c) {
                               return tensorInfos(c.outputs());
                             })
      .def_property_readonly(
          "target",
          [](const sslc::CompiledModel &c) { return c.options().target; })
      .def_property_readonly(
          "threads",
          [](const sslc::CompiledModel &c) -> py::object {
            if (c.options().threads == 0)
              return py::none();
            return py::int_(c.options().threads);
          })
      .def_property_readonly("pipeline_count",
                             &sslc::CompiledModel::pipelineCount)
      .def_property_readonly("loaded_from_cache",
                             &sslc::CompiledModel::loadedFromCache)
      .def("__call__", &call, py::arg("out") = py::none(),
           "Runs on one array or CPU tensor per input; returns numpy.")
      .def(
          "export",
          [](const sslc::CompiledModel &c, py::object prefix,
             const std::string &kind) {
            if (kind != "static-library" && kind != "object")
              invalid("kind: expected 'static-library' or 'object', got '" +
                      kind + "'");
            std::string p = py::str(py::module_::import("os").attr("fspath")(prefix));
            py::gil_scoped_release release;
            c.exportLibrary(p, kind == "object" ? sslc::ExportKind::Object
                                                : sslc::ExportKind::StaticLibrary);
          },
          py::arg("prefix"), py::arg("kind") = "static-library");

  py::class_<sslc::TrainSession>(
      m, "TrainSession",
      "sslc's own SSL train step, JIT-compiled, one step at a time.")
      .def(
          "step",
          [](sslc::TrainSession &t, py::handle images, py::handle labels,
             float lr) {
            py::buffer_info view = floatView(images, "images", false);
            std::vector<int64_t> classes;
            py::object seq = py::reinterpret_borrow<py::object>(labels);
            if (py::hasattr(seq, "tolist"))
              seq = seq.attr("tolist")();
            for (py::handle c : seq)
              classes.push_back(c.cast<int64_t>());
            sslc::ConstTensorRef ref{static_cast<const float *>(view.ptr),
                                     shapeOf(view)};
            py::gil_scoped_release release;
            return t.step(ref, classes, lr);
          },
          py::arg("images"), py::arg("labels"), py::arg("lr"),
          "One step on a batch (float32 images of the model's input shape, "
          "one class index per image); returns the loss before the update.")
      .def(
          "state_dict",
          [](const sslc::TrainSession &t) {
            py::dict d;
            for (const sslc::TensorInfo &info : t.state()) {
              sslc::HostTensor h = t.state(info.name);
              py::array_t<float> a(h.shape);
              std::copy(h.data.begin(), h.data.end(), a.mutable_data());
              d[py::str(info.name)] = a;
            }
            return d;
          },
          "Parameters, momentum buffers and statistics (copies) by name.")
      .def("model", &sslc::TrainSession::model,
           "The model with the current parameters.");

  m.def(
      "_train_step",
      [](const sslc::Model &model, std::map<std::string, float> ssl,
         float momentum, float weightDecay, float zeroThreshold, int threads,
         std::string sslUpdate, std::string finetune) {
        sslc::TrainStepOptions options;
        options.ssl = std::move(ssl);
        options.sslUpdate = std::move(sslUpdate);
        options.finetune = std::move(finetune);
        options.momentum = momentum;
        options.weightDecay = weightDecay;
        options.zeroThreshold = zeroThreshold;
        options.threads = threads;
        py::gil_scoped_release release;
        return sslc::TrainSession::compile(model, options);
      });

  m.def(
      "_train",
      [](const std::map<std::string, std::string> &options) {
        py::gil_scoped_release release;
        // The epoch log goes to the process's standard output, as
        // `sslc train` prints it.
        sslc::train(options, std::cout);
        std::cout.flush();
      },
      py::arg("options"));

  m.def(
      "_load",
      [](const std::string &spec, int64_t batch) {
        sslc::LoadOptions options;
        options.batch = batch;
        py::gil_scoped_release release;
        return sslc::Model::load(spec, options);
      },
      py::arg("spec"), py::arg("batch"));
  m.def(
      "_compile",
      [](const sslc::Model &model, const std::string &target, int threads,
         const std::string &cacheDir) {
        py::gil_scoped_release release;
        return sslc::compile(model, {target, threads, cacheDir});
      },
      py::arg("model"), py::arg("target"), py::arg("threads"),
      py::arg("cache_dir"));
  // For python/bench/overhead.py: the median of `runs` C++ calls of
  // CompiledModel::run on the same model and arrays a Python call uses, so
  // the difference is the Python call's own cost.
  m.def(
      "_median_cpp_run_us",
      [](sslc::CompiledModel &compiled, py::handle x, py::handle out,
         int runs) {
        py::buffer_info in = floatView(x, "x", false);
        py::buffer_info o = floatView(out, "out", true);
        const float *inputs[] = {static_cast<const float *>(in.ptr)};
        float *outputs[] = {static_cast<float *>(o.ptr)};
        py::gil_scoped_release release;
        std::vector<double> us;
        for (int i = 0; i < runs + 20; ++i) {
          auto start = std::chrono::steady_clock::now();
          compiled.run(inputs, outputs);
          if (i >= 20)
            us.push_back(std::chrono::duration<double, std::micro>(
                             std::chrono::steady_clock::now() - start)
                             .count());
        }
        std::sort(us.begin(), us.end());
        return us.empty() ? 0.0 : us[us.size() / 2];
      },
      py::arg("compiled"), py::arg("x"), py::arg("out"), py::arg("runs"));
  m.def("zoo_names", &sslc::zooNames,
        "The model zoo names sslc.load accepts besides files.");
}
