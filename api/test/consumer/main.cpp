// A consumer of the installed sslc package: loads the zoo MLP, checks the
// JIT output against naive loops, zeroes hidden units, checks the pruned
// network against the unpruned one, exports a static library and catches
// an sslc::Error. Exits non-zero with a message on any mismatch.
#include <sslc/sslc.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <random>

namespace {

int failures = 0;

void expect(bool ok, const std::string &what) {
  if (!ok) {
    std::fprintf(stderr, "consumer: FAILED: %s\n", what.c_str());
    ++failures;
  }
}

/// relu(relu(x W1ᵀ + b1) W2ᵀ + b2) W3ᵀ + b3 in plain loops.
std::vector<float> naiveMlp(const sslc::Model &m, const std::vector<float> &x) {
  std::vector<float> a = x;
  const char *layers[] = {"ip1", "ip2", "ip3"};
  for (int l = 0; l < 3; ++l) {
    sslc::HostTensor w = m.parameter(std::string(layers[l]) + ".weight");
    sslc::HostTensor b = m.parameter(std::string(layers[l]) + ".bias");
    int64_t out = w.shape[0], in = w.shape[1];
    std::vector<float> y(out);
    for (int64_t o = 0; o < out; ++o) {
      double acc = b.data[o];
      for (int64_t k = 0; k < in; ++k)
        acc += double(w.data[o * in + k]) * a[k];
      y[o] = l < 2 ? std::max<float>(0.0f, acc) : float(acc);
    }
    a = y;
  }
  return a;
}

double maxDiff(const std::vector<float> &a, const std::vector<float> &b) {
  double d = a.size() == b.size() ? 0 : INFINITY;
  for (size_t i = 0; i < a.size() && i < b.size(); ++i)
    d = std::max(d, double(std::fabs(a[i] - b[i])));
  return d;
}

} // namespace

int main(int argc, char **argv) {
  std::string aotDir = argc > 1 ? argv[1] : "aot";
  try {
    sslc::Model model = sslc::Model::load("mlp");
    expect(model.inputs().size() == 1 &&
               model.inputs()[0].shape == std::vector<int64_t>{1, 784},
           "mlp input [1, 784]");
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> dist(0.0f, 1.0f);
    std::vector<float> x(784);
    for (float &v : x)
      v = dist(rng);

    // Zero 400 of ip1's 500 rows (hidden units) and their ip2 columns.
    sslc::HostTensor w1 = model.parameter("ip1.weight");
    for (int64_t r = 0; r < 400; ++r)
      for (int64_t k = 0; k < 784; ++k)
        w1.data[r * 784 + k] = 0.0f;
    sslc::Model sparse =
        model.withWeights({{"ip1.weight", {w1.data.data(), w1.shape}}});
    sslc::Model pruned = sparse.prune();

    std::vector<float> reference = naiveMlp(sparse, x);
    sslc::CompiledModel dense = sslc::compile(sparse, {"host", 2});
    sslc::CompiledModel small = sslc::compile(pruned);
    std::vector<float> yDense(10), yPruned(10);
    dense.run({{x.data(), {1, 784}}}, {{yDense.data(), {1, 10}}});
    small.run({{x.data(), {1, 784}}}, {{yPruned.data(), {1, 10}}});
    double dRef = maxDiff(yDense, reference), dPruned = maxDiff(yPruned, yDense);
    std::printf("consumer: |unpruned - naive| = %.3g, |pruned - unpruned| = "
                "%.3g, y[0] = %.6f\n", dRef, dPruned, yDense[0]);
    expect(dRef < 1e-4, "unpruned output matches naive loops");
    expect(dPruned < 1e-4, "pruned output matches unpruned");

    sslc::StructureReport report = sparse.report();
    expect(report.layers.size() == 3 && report.layers[0].liveFilters == 100 &&
               report.layers[0].filters == 500,
           "report: ip1 keeps 100 of 500 rows");
    expect(report.prunedParameters < report.parameters,
           "report: pruning removes parameters");
    std::printf("%s", report.text().c_str());

    small.exportLibrary(aotDir + "/mlp_pruned");
    expect(std::ifstream(aotDir + "/mlp_pruned.a").good() &&
               std::ifstream(aotDir + "/mlp_pruned.h").good(),
           "exportLibrary writes mlp_pruned.a and mlp_pruned.h");
  } catch (const sslc::Error &e) {
    std::fprintf(stderr, "consumer: unexpected sslc::Error: %s\n", e.what());
    return 1;
  }
  try {
    sslc::Model::load("no_such_model");
    expect(false, "loading an unknown zoo name throws");
  } catch (const sslc::Error &e) {
    expect(e.kind() == sslc::ErrorKind::Load &&
               std::string(e.what()).find("unknown model 'no_such_model'") !=
                   std::string::npos,
           std::string("load error message, got: ") + e.what());
  }
  if (failures)
    return 1;
  std::printf("consumer: ok\n");
  return 0;
}
