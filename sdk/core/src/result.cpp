#include "cpk/core/result.hpp"

namespace cpk {

const char* ErrcName(Errc code) noexcept {
  switch (code) {
    case Errc::kOk:
      return "ok";
    case Errc::kInvalidArgument:
      return "invalid-argument";
    case Errc::kNotFound:
      return "not-found";
    case Errc::kIo:
      return "io";
    case Errc::kMalformed:
      return "malformed";
    case Errc::kUnsupported:
      return "unsupported";
    case Errc::kLimitExceeded:
      return "limit-exceeded";
    case Errc::kCancelled:
      return "cancelled";
    case Errc::kInternal:
      return "internal";
  }
  return "internal";
}

}  // namespace cpk
