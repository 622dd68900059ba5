// Driver of the image benchmark (tests/bench/image/run): optimises each file given and prints
// one tab-separated line per file. Not a test; see tests/bench/README.md.
//
// usage: image_bench [--profile standard|low-bandwidth] [--write DIR] FILE...
//   --write DIR  also writes each output (or the input, when kept) to DIR/<n>.<ext>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "cpk/converters/image.hpp"
#include "cpk/core/report.hpp"

int main(int argc, char** argv) {
  cpk::image::OptimiseOptions options;
  std::string write_dir;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--profile" && i + 1 < argc) {
      const std::string p = argv[++i];
      if (p != "standard" && p != "low-bandwidth") {
        std::cerr << "unknown profile " << p << "\n";
        return 2;
      }
      options.profile = p == "standard" ? cpk::image::Profile::kStandard : cpk::image::Profile::kLowBandwidth;
    } else if (arg == "--write" && i + 1 < argc) {
      write_dir = argv[++i];
    } else {
      files.push_back(arg);
    }
  }
  std::cout << "file\tformat\tin\tout\treplaced\tsize\tout_size\tssim\tquality\tms\twhat\n";
  int n = 0;
  for (const std::string& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      std::cerr << "cannot read " << file << "\n";
      return 2;
    }
    const std::string bytes((std::istreambuf_iterator<char>(in)), {});
    cpk::Report report;
    const auto start = std::chrono::steady_clock::now();
    auto r = cpk::image::Optimise(bytes, file, options, &report);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (!r) {
      std::cerr << file << ": " << r.error().message << "\n";
      return 1;
    }
    const std::string& out = r->replaced ? r->bytes : bytes;
    std::string what = r->replaced ? r->method : r->reason;
    for (const cpk::Diagnostic& d : report.diagnostics()) what += " [" + d.code + "]";
    std::printf("%s\t%s\t%zu\t%zu\t%d\t%ux%u\t%ux%u\t%.4f\t%d\t%.1f\t%s\n", file.c_str(), r->format.c_str(),
                bytes.size(), out.size(), r->replaced ? 1 : 0, r->width, r->height, r->out_width, r->out_height,
                r->ssim, r->quality, ms, what.c_str());
    if (!write_dir.empty()) {
      const size_t dot = file.find_last_of('.');
      const std::string ext = dot == std::string::npos ? "" : file.substr(dot);
      std::ofstream(write_dir + "/" + std::to_string(n) + ext, std::ios::binary) << out;
    }
    ++n;
  }
  return 0;
}
