#include "cpk/core/report.hpp"

#include <algorithm>
#include <functional>
#include <numeric>

#include "cpk/core/codes.hpp"

namespace cpk {
namespace {

size_t HashOf(const Diagnostic& d) {
  std::hash<std::string> h;
  size_t seed = h(d.code);
  auto mix = [&seed](size_t v) { seed ^= v + 0x9e3779b97f4a7c15ull + (seed << 6) + (seed >> 2); };
  mix(h(d.message));
  mix(h(d.location.file));
  mix(d.location.line);
  mix(d.location.column);
  return seed;
}

void Count(Summary& s, Severity severity) {
  switch (severity) {
    case Severity::kError:
      ++s.errors;
      break;
    case Severity::kWarning:
      ++s.warnings;
      break;
    case Severity::kInfo:
      ++s.infos;
      break;
  }
}

}  // namespace

Report::Report(std::string input, size_t max_diagnostics)
    : input_(std::move(input)), max_diagnostics_(std::max<size_t>(max_diagnostics, 1)) {}

void Report::Add(Diagnostic diagnostic) {
  const size_t hash = HashOf(diagnostic);
  auto [first, last] = seen_.equal_range(hash);
  for (auto it = first; it != last; ++it) {
    if (diagnostics_[it->second] == diagnostic) return;
  }
  if (diagnostics_.size() >= max_diagnostics_) {
    ++dropped_;
    Count(dropped_summary_, diagnostic.severity);
    return;
  }
  if (diagnostics_.size() + 1 == max_diagnostics_ && diagnostic.code != codes::kReportTruncated.id) {
    // Keep the last slot for the note that says findings were dropped; it is written when
    // the first one is dropped (below), so reserve it now.
    ++dropped_;
    Count(dropped_summary_, diagnostic.severity);
    diagnostics_.push_back(MakeDiagnostic(codes::kReportTruncated,
                                          "too many findings: the rest were counted but not listed", {},
                                          "fix the problems listed, then validate again to see the others"));
    return;
  }
  seen_.emplace(hash, diagnostics_.size());
  diagnostics_.push_back(std::move(diagnostic));
}

void Report::Merge(const Report& other) {
  for (const Diagnostic& d : other.diagnostics_) Add(d);
  dropped_ += other.dropped_;
  dropped_summary_.errors += other.dropped_summary_.errors;
  dropped_summary_.warnings += other.dropped_summary_.warnings;
  dropped_summary_.infos += other.dropped_summary_.infos;
}

std::vector<Diagnostic> Report::Sorted() const {
  std::vector<size_t> order(diagnostics_.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [this](size_t a, size_t b) {
    const Diagnostic& x = diagnostics_[a];
    const Diagnostic& y = diagnostics_[b];
    if (x.severity != y.severity) return x.severity < y.severity;
    if (x.location.file != y.location.file) return x.location.file < y.location.file;
    if (x.location.line != y.location.line) return x.location.line < y.location.line;
    return x.location.column < y.location.column;
  });
  std::vector<Diagnostic> out;
  out.reserve(order.size());
  for (size_t i : order) out.push_back(diagnostics_[i]);
  return out;
}

Summary Report::summary() const {
  Summary s = dropped_summary_;
  for (const Diagnostic& d : diagnostics_) Count(s, d.severity);
  return s;
}

bool Report::Has(std::string_view code) const {
  return std::any_of(diagnostics_.begin(), diagnostics_.end(), [code](const Diagnostic& d) { return d.code == code; });
}

}  // namespace cpk
