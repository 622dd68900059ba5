#pragma once
/// @file registry.hpp
/// Registry: what the modules bring (format detectors and readers). Each module registers
/// itself through `void Register(cpk::Registry&)`; the engine asks the registry, so no layer
/// below a module ever names it. Registration happens once, before any job runs; after that
/// the registry is read-only and may be shared between threads.
/// @since 0.1

#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cpk/core/course_model.hpp"
#include "cpk/core/limits.hpp"
#include "cpk/core/progress.hpp"
#include "cpk/core/report.hpp"
#include "cpk/core/result.hpp"
#include "cpk/core/source.hpp"

namespace cpk {

/// What a reader gets besides the source.
struct ReadContext {
  const Limits& limits;
  CancellationToken cancel{};
  ProgressCallback progress{};
};

/// How sure a detector is that a source holds its format. Higher wins.
enum class Confidence : int {
  kNone = 0,      ///< not this format
  kWeak = 10,     ///< a hint only (e.g. an index.html)
  kLikely = 50,   ///< typical signs (magic bytes, a probe)
  kCertain = 100  ///< the format's own descriptor file at the root
};

/// A format the engine can detect and read.
struct FormatHandler {
  /// Short kind this handler reports before reading ("scorm", "cmi5", "xapi", "aicc",
  /// "html5", "pdf", "video"). The reader may refine it (e.g. "scorm12").
  std::string kind{};
  std::string description{};
  /// The report names this handler's kind even though the model it reads describes another
  /// course's source (a normalised package: its model says "scorm12", the input is "coursepack").
  bool reports_own_kind = false;
  /// Inspects the entries (and may read small ones) of the source at its current root.
  std::function<Confidence(Source&)> detect{};
  /// Fills the model and reports findings. Returns an Error only when the call could not run.
  /// May be empty: the format is then detected and reported but not read yet.
  std::function<Status(Source&, const ReadContext&, CourseModel&, Report&)> read{};
};

/// Checks that apply to the content of any package once its format has been read (file names,
/// what the pages load). They see the source at the package root and the model the reader
/// filled, and only report findings.
struct RuleSet {
  std::string name{};
  std::function<void(Source&, const ReadContext&, const CourseModel&, Report&)> check{};
};

/// What a conversion is asked to do (`coursepack convert`).
struct ConvertRequest {
  std::string output{};               ///< the package file, or the folder with `directory`
  bool directory = false;             ///< write a folder instead of a zip
  std::string profile = "standard";   ///< "standard" or "low-bandwidth"
  std::string format = "coursepack";  ///< which PackageWriter: "coursepack" or "ecar"
  bool forced = false;                ///< the source has errors and is converted anyway (--force)
};

/// What a conversion did: named counts ("bytes_in", "bytes_out", "files", "images_optimised",
/// ...) in a stable order.
struct ConvertStats {
  std::vector<std::pair<std::string, uint64_t>> counts{};
  uint64_t Get(std::string_view name) const {
    for (const auto& [n, v] : counts) {
      if (n == name) return v;
    }
    return 0;
  }
};

/// An output format the engine can write a validated course into.
struct PackageWriter {
  std::string format{};  ///< "coursepack", "ecar"
  std::string description{};
  /// Writes the course read from `source` (at its package root) into `request.output`,
  /// atomically. Findings of the conversion go to `report`. Fails with kCancelled when asked
  /// to stop, kIo when the output cannot be written.
  std::function<Result<ConvertStats>(Source& source, const CourseModel& model, Report& report,
                                     const ConvertRequest& request, const ReadContext& context)>
      write{};
};

/// What a command gets from the tool that runs it.
struct CommandContext {
  std::ostream& out;    ///< the command's output (stdout for the CLI)
  std::ostream& err;    ///< messages for a person (stderr for the CLI)
  bool colour = false;  ///< `out` is a terminal that shows colour
  CancellationToken cancel{};
  ProgressCallback progress{};
};

/// A command of the `coursepack` tool that a module brings (e.g. "text", "convert"): the tool
/// lists it in its help and hands it every argument after its name.
struct Command {
  std::string name{};     ///< what the user types: `coursepack <name> ...`
  std::string summary{};  ///< one line for the tool's help
  /// Parses `args` (the arguments after the name), runs, and returns the exit code: 0 done,
  /// 1 content errors, 2 bad usage, 3 could not run (the codes of ExitCode).
  std::function<int(const std::vector<std::string>& args, CommandContext& context)> run{};
};

class Registry {
 public:
  void AddFormat(FormatHandler handler) { formats_.push_back(std::move(handler)); }
  const std::vector<FormatHandler>& formats() const { return formats_; }
  void AddRuleSet(RuleSet rules) { rule_sets_.push_back(std::move(rules)); }
  const std::vector<RuleSet>& rule_sets() const { return rule_sets_; }
  void AddPackageWriter(PackageWriter writer) { package_writers_.push_back(std::move(writer)); }
  const std::vector<PackageWriter>& package_writers() const { return package_writers_; }
  const PackageWriter* FindPackageWriter(std::string_view format) const {
    for (const PackageWriter& w : package_writers_) {
      if (w.format == format) return &w;
    }
    return nullptr;
  }
  void AddCommand(Command command) { commands_.push_back(std::move(command)); }
  const std::vector<Command>& commands() const { return commands_; }
  /// The command called `name`, or nullptr.
  const Command* FindCommand(const std::string& name) const {
    for (const Command& c : commands_) {
      if (c.name == name) return &c;
    }
    return nullptr;
  }

 private:
  std::vector<FormatHandler> formats_;
  std::vector<RuleSet> rule_sets_;
  std::vector<PackageWriter> package_writers_;
  std::vector<Command> commands_;
};

}  // namespace cpk
