#pragma once
/// @file diagnostic.hpp
/// Diagnostics: findings about the input, each with a stable code, a severity, a message,
/// a location and a fix hint. They are the product: content providers read them.
/// @since 0.1

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cpk/core/location.hpp"

namespace cpk {

/// How bad a finding is. `kError`: the package cannot be published or converted.
/// `kWarning`: it works, but badly somewhere. `kInfo`: worth knowing.
enum class Severity : uint8_t { kError = 0, kWarning = 1, kInfo = 2 };

/// "error", "warning" or "info".
const char* SeverityName(Severity severity) noexcept;

/// A diagnostic code: a stable dotted slug (`zip.path-traversal`) and its severity.
/// Codes are API: once released they never change meaning. Every code is declared with
/// CPK_DIAGNOSTIC_CODE and has an entry in docs/diagnostics.md (a test checks both ways).
struct DiagnosticCode {
  std::string_view id;
  Severity severity;
};

/// Declares a diagnostic code constant: `CPK_DIAGNOSTIC_CODE(kZipSymlink, "zip.symlink", kError);`
#define CPK_DIAGNOSTIC_CODE(name, id, severity) \
  inline constexpr ::cpk::DiagnosticCode name { id, ::cpk::Severity::severity }

/// One finding about the input.
struct Diagnostic {
  std::string code{};  ///< stable dotted slug, e.g. "zip.path-traversal"
  Severity severity = Severity::kError;
  std::string message{};  ///< what is wrong, in plain words, naming the thing
  Location location{};    ///< where
  std::string hint{};     ///< how to fix it (may be empty)

  friend bool operator==(const Diagnostic&, const Diagnostic&) = default;
};

/// Builds a Diagnostic with the code's own severity.
Diagnostic MakeDiagnostic(const DiagnosticCode& code, std::string message, Location location = {},
                          std::string hint = {});

/// Where findings go. Implementations must be cheap to call; a sink is used by one thread
/// at a time unless it says otherwise.
class DiagnosticSink {
 public:
  virtual ~DiagnosticSink() = default;
  /// Records one finding.
  virtual void Add(Diagnostic diagnostic) = 0;
  /// Convenience: records MakeDiagnostic(code, ...).
  void Add(const DiagnosticCode& code, std::string message, Location location = {}, std::string hint = {});
};

/// A sink that discards everything (for callers that only want the Result).
class NullSink final : public DiagnosticSink {
 public:
  void Add(Diagnostic) override {}
  using DiagnosticSink::Add;
};

}  // namespace cpk
