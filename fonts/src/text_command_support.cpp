#include "text_command_support.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace cpk::fonts::internal {

std::vector<std::string> Args::Values(const std::string& name) {
  std::vector<std::string> out;
  for (size_t i = 0; i < args_.size();) {
    if (args_[i] == name) {
      if (i + 1 >= args_.size()) {
        missing_value_ = name;
        args_.erase(args_.begin() + static_cast<ptrdiff_t>(i));
        continue;
      }
      out.push_back(args_[i + 1]);
      args_.erase(args_.begin() + static_cast<ptrdiff_t>(i), args_.begin() + static_cast<ptrdiff_t>(i) + 2);
    } else if (args_[i].starts_with(name + "=")) {
      out.push_back(args_[i].substr(name.size() + 1));
      args_.erase(args_.begin() + static_cast<ptrdiff_t>(i));
    } else {
      ++i;
    }
  }
  return out;
}

std::optional<std::string> Args::Value(const std::string& name, const std::string& alias) {
  std::vector<std::string> values = Values(name);
  if (!alias.empty()) {
    for (std::string& v : Values(alias)) values.push_back(std::move(v));
  }
  if (values.empty()) return std::nullopt;
  return values.back();
}

bool Args::Flag(const std::string& name) {
  const auto it = std::find(args_.begin(), args_.end(), name);
  if (it == args_.end()) return false;
  args_.erase(std::remove(args_.begin(), args_.end(), name), args_.end());
  return true;
}

bool Args::Finish(std::ostream& err) {
  if (!missing_value_.empty()) {
    err << command_ << ": " << missing_value_ << " needs a value\n";
    return false;
  }
  if (!args_.empty()) {
    err << command_ << ": unexpected argument '" << args_.front() << "'\n";
    return false;
  }
  return true;
}

int TextInput::Parse(Args& args, std::ostream& err) {
  const std::optional<std::string> text_arg = args.Value("--text");
  const std::optional<std::string> file = args.Value("--text-file");
  if (text_arg.has_value() == file.has_value()) {
    err << args.command() << ": give the text with exactly one of --text T or --text-file F\n";
    return 2;
  }
  if (file) {
    std::ifstream in(*file, std::ios::binary);
    if (!in) {
      err << args.command() << ": cannot read " << *file << "\n";
      return 3;
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    text = buffer.str();
    if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  } else {
    text = *text_arg;
  }
  shape.language = args.Value("--lang", "--language").value_or("");
  const std::string style = args.Value("--style").value_or("sans");
  const std::string direction = args.Value("--direction").value_or("auto");
  if (style != "sans" && style != "serif") {
    err << args.command() << ": --style is sans or serif\n";
    return 2;
  }
  if (direction != "auto" && direction != "ltr" && direction != "rtl") {
    err << args.command() << ": --direction is auto, ltr or rtl\n";
    return 2;
  }
  shape.style = style == "serif" ? FontStyle::kSerif : FontStyle::kSans;
  shape.direction = direction == "ltr"   ? BaseDirection::kLeftToRight
                    : direction == "rtl" ? BaseDirection::kRightToLeft
                                         : BaseDirection::kAuto;
  font_folders = args.Values("--fonts");
  return 0;
}

int TextInput::AddFonts(FontCatalog& catalog, std::ostream& err) const {
  for (const std::string& folder : font_folders) {
    if (Status s = catalog.AddFolder(folder); !s) {
      err << "coursepack: --fonts " << folder << ": " << s.error().message << "\n";
      return 2;
    }
  }
  return 0;
}

bool EndsWithIgnoreCase(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         std::equal(suffix.begin(), suffix.end(), s.end() - static_cast<ptrdiff_t>(suffix.size()), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
         });
}

bool ParseNumber(const std::string& s, double min, double max, double& out) {
  if (s.empty()) return false;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end == nullptr || *end != '\0' || !(v >= min && v <= max)) return false;
  out = v;
  return true;
}

}  // namespace cpk::fonts::internal
