#pragma once
/// @file result.hpp
/// Result<T> and Error: "the call failed". Findings about the input are Diagnostics
/// (diagnostic.hpp), never Errors: an invalid package is a successful validation
/// whose report holds error-severity diagnostics.
/// @since 0.1

#include <cstdint>
#include <string>
#include <utility>

#include <tl/expected.hpp>

#include "cpk/core/location.hpp"

namespace cpk {

/// Canonical failure codes. The values are API (mirrored 1:1 by CPK_E_* in coursepack.h)
/// and are never renumbered.
enum class [[nodiscard]] Errc : int32_t{
    kOk = 0,
    kInvalidArgument = -1,  ///< the caller passed something unusable
    kNotFound = -2,         ///< a named file or entry does not exist
    kIo = -3,               ///< reading or writing failed
    kMalformed = -4,        ///< the input is broken beyond recovery
    kUnsupported = -5,      ///< the input is of a kind we do not handle
    kLimitExceeded = -6,    ///< a configured limit (Limits) was hit
    kCancelled = -7,        ///< the caller's CancellationToken was triggered
    kInternal = -99,        ///< a bug in coursepack
};

/// Stable lower-case name of an Errc ("io", "limit-exceeded", ...).
const char* ErrcName(Errc code) noexcept;

/// Why a call failed.
struct Error {
  Errc code = Errc::kInternal;
  std::string message{};
  Location where{};
};

/// The outcome of a fallible call: a T or an Error.
template <class T>
using Result = tl::expected<T, Error>;
/// A Result without a value.
using Status = Result<void>;

/// Builds the error side of any Result: `return Fail(Errc::kIo, "cannot open x");`
inline tl::unexpected<Error> Fail(Errc code, std::string message, Location where = {}) {
  return tl::unexpected<Error>(Error{code, std::move(message), std::move(where)});
}
/// Passes an existing Error on.
inline tl::unexpected<Error> Fail(Error error) { return tl::unexpected<Error>(std::move(error)); }

/// A successful Status.
inline Status Ok() { return {}; }

}  // namespace cpk

#define CPK_CONCAT_INNER_(a, b) a##b
#define CPK_CONCAT_(a, b) CPK_CONCAT_INNER_(a, b)

/// Evaluates a Status/Result expression and returns its Error from the calling function on failure.
#define CPK_TRY(expr)                                                  \
  do {                                                                 \
    auto&& cpk_try_result_ = (expr);                                   \
    if (!cpk_try_result_) return ::cpk::Fail(cpk_try_result_.error()); \
  } while (false)

#define CPK_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr)      \
  auto tmp = (expr);                                    \
  if (!tmp) return ::cpk::Fail(std::move(tmp).error()); \
  lhs = std::move(*tmp)

/// `CPK_ASSIGN_OR_RETURN(auto doc, ParseXml(...));` declares and assigns, or returns the Error.
#define CPK_ASSIGN_OR_RETURN(lhs, expr) CPK_ASSIGN_OR_RETURN_IMPL_(CPK_CONCAT_(cpk_result_, __LINE__), lhs, expr)
