#include "course_file_reader.hpp"

#include <vector>

#include "cpk/formats/aicc/codes.hpp"
#include "cpk/io/unicode.hpp"

namespace cpk::formats::aicc::internal {
namespace {

constexpr uint64_t kMaxCourseFileBytes = 1 << 20;

std::string Trim(std::string_view s) {
  size_t b = 0;
  size_t e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\n')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n')) --e;
  return std::string(s.substr(b, e - b));
}

bool HasExtension(const std::string& lower_path, std::string_view ext) { return lower_path.ends_with(ext); }

}  // namespace

CourseFile ParseCourseFile(std::string_view raw) {
  if (raw.starts_with("\xEF\xBB\xBF")) raw.remove_prefix(3);
  const std::string text = io::IsValidUtf8(raw) ? std::string(raw) : io::Latin1ToUtf8(raw);
  CourseFile out;
  std::string section;
  std::string description;
  uint32_t line_no = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    const size_t end = text.find('\n', pos);
    const std::string line =
        Trim(std::string_view(text).substr(pos, end == std::string::npos ? std::string::npos : end - pos));
    ++line_no;
    pos = end == std::string::npos ? text.size() + 1 : end + 1;
    if (line.size() >= 2 && line.front() == '[' && line.back() == ']') {
      section = FoldCaseAscii(Trim(std::string_view(line).substr(1, line.size() - 2)));
      if (section == "course" && out.course_line == 0) out.course_line = line_no;
      continue;
    }
    if (section == "course_description") {
      if (!description.empty() || !line.empty()) description += (description.empty() ? "" : "\n") + line;
      continue;
    }
    if (section != "course") continue;
    const size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    const std::string key = FoldCaseAscii(Trim(std::string_view(line).substr(0, eq)));
    std::string value = Trim(std::string_view(line).substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    if (key == "course_title") out.title = value;
    if (key == "course_id") out.id = value;
  }
  out.description = Trim(description);
  return out;
}

Status ReadAicc(Source& source, const ReadContext& context, CourseModel& model, Report& report) {
  (void)context;
  model.source.kind = "aicc";
  const EntryInfo* crs = nullptr;
  std::vector<std::string> found;
  bool has[4] = {false, false, false, false};
  constexpr std::string_view kRequired[4] = {".crs", ".au", ".des", ".cst"};
  for (const EntryInfo& e : source.entries()) {
    if (e.is_directory || e.path.find('/') != std::string::npos) continue;
    const std::string lower = FoldCaseAscii(e.path);
    bool descriptor = false;
    for (size_t i = 0; i < 4; ++i) {
      if (HasExtension(lower, kRequired[i])) {
        has[i] = true;
        descriptor = true;
      }
    }
    for (const std::string_view ext : {".ort", ".pre", ".cmp"}) descriptor |= HasExtension(lower, ext);
    if (!descriptor) continue;
    found.push_back(e.path);
    if (crs == nullptr && HasExtension(lower, ".crs")) crs = &e;
  }
  Location where;
  if (!found.empty()) where.file = found.front();
  if (crs != nullptr) {
    where.file = crs->path;
    if (auto text = source.ReadAll(*crs, kMaxCourseFileBytes)) {
      const CourseFile course = ParseCourseFile(*text);
      model.id = course.id;
      if (!course.title.empty()) model.title["und"] = course.title;
      if (!course.description.empty()) model.description["und"] = course.description;
      if (course.course_line > 0) {
        where.line = course.course_line;
        where.column = 1;
      }
    }
  }
  std::string files;
  for (const std::string& f : found) files += (files.empty() ? "" : ", ") + f;
  std::string message = "this is an AICC course";
  if (!model.title.empty()) message += " ('" + model.title.begin()->second + "')";
  message += std::string(found.size() == 1 ? " with the descriptor file " : " with the descriptor files ") + files +
             "; AICC courses are not supported: they report progress through HTTP calls to the LMS (HACP), which "
             "the platform's offline players cannot answer";
  std::vector<std::string> missing;
  for (size_t i = 0; i < 4; ++i) {
    if (!has[i]) missing.push_back(std::string(kRequired[i]));
  }
  if (!missing.empty()) {
    std::string list;
    for (size_t i = 0; i < missing.size(); ++i) {
      list += (i == 0 ? "" : i + 1 == missing.size() ? " and " : ", ") + missing[i];
    }
    message +=
        "; the course is also incomplete: the " + list + (missing.size() == 1 ? " file is" : " files are") + " missing";
  }
  report.Add(codes::kAiccUnsupported, message, where,
             "export the course from the authoring tool as SCORM 1.2 (every tool that exports AICC offers it) or "
             "as cmi5, and upload that package");
  return Ok();
}

}  // namespace cpk::formats::aicc::internal
