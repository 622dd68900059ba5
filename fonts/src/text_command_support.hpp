#pragma once
// Argument handling shared by the text engine's commands (they parse their own arguments).

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "cpk/core/registry.hpp"
#include "cpk/fonts/font_catalog.hpp"
#include "cpk/fonts/shaping.hpp"

namespace cpk::fonts::internal {

/// "--name value", "--name=value" and flags, taken out one by one; Finish() rejects what is left.
class Args {
 public:
  Args(std::vector<std::string> args, std::string command) : args_(std::move(args)), command_(std::move(command)) {}
  /// The value of the first of `names` given (the last occurrence wins); nullopt when absent.
  std::optional<std::string> Value(const std::string& name, const std::string& alias = {});
  /// All values of a repeatable option, in order.
  std::vector<std::string> Values(const std::string& name);
  bool Flag(const std::string& name);
  /// False (after saying why on `err`) when arguments are left over or a value was missing.
  bool Finish(std::ostream& err);
  const std::string& command() const { return command_; }

 private:
  std::vector<std::string> args_;
  std::string command_;
  std::string missing_value_;
};

/// The options every text command shares: the text, its language, style and direction, fonts.
struct TextInput {
  std::string text;
  ShapeOptions shape;
  std::vector<std::string> font_folders;
  /// Reads --text/--text-file, --lang, --style, --direction, --fonts. Returns an exit code.
  int Parse(Args& args, std::ostream& err);
  int AddFonts(FontCatalog& catalog, std::ostream& err) const;
};

bool EndsWithIgnoreCase(const std::string& s, const std::string& suffix);
/// Parses a decimal number within [min, max].
bool ParseNumber(const std::string& s, double min, double max, double& out);

}  // namespace cpk::fonts::internal
