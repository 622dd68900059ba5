#include "cpk/core/diagnostic.hpp"

namespace cpk {

const char* SeverityName(Severity severity) noexcept {
  switch (severity) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kInfo:
      return "info";
  }
  return "error";
}

Diagnostic MakeDiagnostic(const DiagnosticCode& code, std::string message, Location location, std::string hint) {
  return Diagnostic{std::string(code.id), code.severity, std::move(message), std::move(location), std::move(hint)};
}

void DiagnosticSink::Add(const DiagnosticCode& code, std::string message, Location location, std::string hint) {
  Add(MakeDiagnostic(code, std::move(message), std::move(location), std::move(hint)));
}

}  // namespace cpk
