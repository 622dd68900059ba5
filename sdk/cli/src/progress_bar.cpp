#include "progress_bar.hpp"

#include <cstdio>

namespace cpk::cli {
namespace {

std::string Duration(double seconds) {
  const int s = static_cast<int>(seconds + 0.5);
  char buffer[32];
  if (s >= 3600) {
    std::snprintf(buffer, sizeof buffer, "%dh%02dm", s / 3600, s / 60 % 60);
  } else {
    std::snprintf(buffer, sizeof buffer, "%dm%02ds", s / 60, s % 60);
  }
  return buffer;
}

}  // namespace

ProgressBar::ProgressBar(bool enabled)
    : enabled_(enabled), started_(std::chrono::steady_clock::now()), stage_started_(started_) {}

ProgressBar::~ProgressBar() { Clear(); }

ProgressCallback ProgressBar::Callback() {
  if (!enabled_) return {};
  return [this](const Progress& p) { Update(p); };
}

std::string ProgressBar::HumanBytes(uint64_t bytes) {
  static const char* kUnits[] = {"B", "kB", "MB", "GB", "TB"};
  double v = static_cast<double>(bytes);
  int unit = 0;
  while (v >= 1000 && unit < 4) {
    v /= 1000;
    ++unit;
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, unit == 0 ? "%.0f %s" : "%.1f %s", v, kUnits[unit]);
  return buffer;
}

void ProgressBar::Update(const Progress& p) {
  std::lock_guard lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  if (p.stage != stage_) {
    stage_ = p.stage;
    stage_started_ = now;
  } else if (now - last_draw_ < std::chrono::milliseconds(100) && p.done != p.total) {
    return;
  }
  last_draw_ = now;
  const auto fmt = [&](uint64_t n) { return p.unit == "bytes" ? HumanBytes(n) : std::to_string(n); };
  std::string line = p.stage;
  if (p.total > 0) {
    const double fraction = std::min(1.0, static_cast<double>(p.done) / static_cast<double>(p.total));
    constexpr int kWidth = 28;
    const int filled = static_cast<int>(fraction * kWidth);
    line += " [" + std::string(filled, '#') + std::string(kWidth - filled, '.') + "] ";
    char percent[16];
    std::snprintf(percent, sizeof percent, "%3.0f%%", fraction * 100);
    line += percent;
    line += "  " + fmt(p.done) + " / " + fmt(p.total);
    const double elapsed = std::chrono::duration<double>(now - stage_started_).count();
    if (fraction > 0.02 && elapsed > 1.0) line += "  ETA " + Duration(elapsed / fraction - elapsed);
  } else {
    line += "  " + fmt(p.done) + (p.unit == "bytes" ? "" : " " + p.unit);
  }
  std::fprintf(stderr, "\r\033[K%s", line.c_str());
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressBar::Clear() {
  std::lock_guard lock(mutex_);
  if (drawn_) {
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
    drawn_ = false;
  }
}

}  // namespace cpk::cli
