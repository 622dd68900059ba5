#pragma once
// Helpers for the cmi5, xAPI, AICC and HTML5 reader tests: validate a small package or file
// made in a temporary folder, and pick findings out of the report.

#include <string>
#include <vector>

#include "cpk/engine/engine.hpp"
#include "zip_builder.hpp"

namespace cpk::test {

inline const Engine& TheEngine() {
  static const Engine engine;
  return engine;
}

/// Validates `bytes` written to `dir`/`name` (a standalone file).
inline ValidationResult ValidateFile(const TempDir& dir, const std::string& name, const std::string& bytes) {
  WriteFile(dir.File(name), bytes);
  auto r = TheEngine().Validate(dir.File(name));
  return r ? std::move(*r) : ValidationResult{};
}

/// Validates a zip made of `entries` (stored in `dir`/upload.zip).
inline ValidationResult ValidateZip(const TempDir& dir, const std::vector<ZipEntrySpec>& entries) {
  WriteFile(dir.File("upload.zip"), BuildZip(entries));
  auto r = TheEngine().Validate(dir.File("upload.zip"));
  return r ? std::move(*r) : ValidationResult{};
}

/// The findings with this code, in the order found.
inline std::vector<Diagnostic> Findings(const Report& report, std::string_view code) {
  std::vector<Diagnostic> out;
  for (const Diagnostic& d : report.diagnostics()) {
    if (d.code == code) out.push_back(d);
  }
  return out;
}

/// "code@line:column" of every finding, for compact expectations.
/// The format's own findings as "code@line:column" (the shared content checks, which
/// content_test.cpp covers, are left out).
inline std::vector<std::string> Where(const Report& report) {
  std::vector<std::string> out;
  for (const Diagnostic& d : report.diagnostics()) {
    if (d.code.starts_with("content.")) continue;
    out.push_back(d.code + "@" + std::to_string(d.location.line) + ":" + std::to_string(d.location.column));
  }
  return out;
}

/// All diagnostics as text, for failure messages.
inline std::string Dump(const Report& report) {
  std::string out;
  for (const Diagnostic& d : report.diagnostics()) {
    out += d.code + " " + d.location.file + ":" + std::to_string(d.location.line) + ":" +
           std::to_string(d.location.column) + " " + d.message + " | " + d.hint + "\n";
  }
  return out;
}

}  // namespace cpk::test
