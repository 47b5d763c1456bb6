// Times batch-1 calls of a model through the C++ API on caller-owned
// buffers: the reference the Python call overhead is measured against
// (python/bench/overhead.py runs both). Prints one JSON line.
//   sslc_api_overhead MODEL WEIGHTS.safetensors THREADS RUNS
#include <sslc/sslc.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>

int main(int argc, char **argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: sslc_api_overhead MODEL WEIGHTS THREADS RUNS\n");
    return 2;
  }
  try {
    sslc::LoadOptions load;
    load.weights = argv[2];
    sslc::Model model = sslc::Model::load(argv[1], load).prune();
    sslc::CompiledModel compiled =
        sslc::compile(model, {"host", std::atoi(argv[3])});
    int runs = std::atoi(argv[4]);
    sslc::TensorInfo in = compiled.inputs()[0], out = compiled.outputs()[0];
    std::vector<float> x(in.numElements()), y(out.numElements());
    for (size_t i = 0; i < x.size(); ++i)
      x[i] = static_cast<float>((i * 2654435761u) % 1000) / 1000.0f;
    auto median = [&](auto &&call) {
      for (int i = 0; i < 20; ++i)
        call();
      std::vector<double> us;
      for (int i = 0; i < runs; ++i) {
        auto start = std::chrono::steady_clock::now();
        call();
        us.push_back(std::chrono::duration<double, std::micro>(
                         std::chrono::steady_clock::now() - start)
                         .count());
      }
      std::sort(us.begin(), us.end());
      return us[us.size() / 2];
    };
    const float *inputs[] = {x.data()};
    float *outputs[] = {y.data()};
    double raw = median([&] { compiled.run(inputs, outputs); });
    double checked = median([&] {
      compiled.run({{x.data(), in.shape}}, {{y.data(), out.shape}});
    });
    std::printf("{\"cpp_raw_us\": %.3f, \"cpp_checked_us\": %.3f, "
                "\"y0\": %.6f}\n",
                raw, checked, y[0]);
  } catch (const sslc::Error &e) {
    std::fprintf(stderr, "sslc_api_overhead: %s\n", e.what());
    return 1;
  }
  return 0;
}
