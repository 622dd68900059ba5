#pragma once
/// @file sha256.hpp
/// SHA-256 (FIPS 180-4) of byte streams, for the `files` list of a package and its id.
/// Backed by the system's libcrypto, which uses the CPU's SHA extensions where present.
/// @since 0.1

#include <memory>
#include <string>
#include <string_view>

namespace cpk::io {

/// An incremental SHA-256. Not thread-safe; one per stream.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(Sha256&&) noexcept;
  Sha256& operator=(Sha256&&) noexcept;

  void Update(std::string_view bytes);
  /// The digest as 64 lower-case hex digits. The hasher starts over afterwards.
  std::string FinishHex();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

/// SHA-256 of `bytes` as 64 lower-case hex digits.
std::string Sha256Hex(std::string_view bytes);

}  // namespace cpk::io
