// The `coursepack` command: parses flags, runs a job through the engine, prints text or JSON,
// and exits with the job's exit code. No logic here that the library lacks.
#include <unistd.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "cpk/engine/job.hpp"
#include "human_report.hpp"
#include "progress_bar.hpp"

namespace {

bool UseColour() { return isatty(STDOUT_FILENO) != 0 && std::getenv("NO_COLOR") == nullptr; }

// Ctrl-C asks the running job to stop; it cleans up and the command exits with 3.
cpk::CancellationToken* g_cancel = nullptr;
extern "C" void OnInterrupt(int) {
  if (g_cancel != nullptr) g_cancel->Cancel();
}

std::string ConversionLine(const cpk::JobSpec& spec, const cpk::JobResult& result) {
  using cpk::cli::ProgressBar;
  if (!result.written) {
    return "not converted: " + (result.refusal.empty() ? result.error : result.refusal) + "\n";
  }
  const uint64_t in = result.stats.Get("bytes_in"), out = result.stats.Get("bytes_out");
  char ratio[32] = "";
  if (in > 0)
    std::snprintf(ratio, sizeof ratio, " (%.0f%%)", 100.0 * static_cast<double>(out) / static_cast<double>(in));
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.1f s", result.seconds);
  return "wrote " + spec.convert.output + ": " + std::to_string(result.stats.Get("files")) + " files, " +
         ProgressBar::HumanBytes(in) + " in, " + ProgressBar::HumanBytes(out) + " out" + ratio + ", " + seconds + "\n";
}

int Finish(const cpk::JobSpec& spec, const cpk::JobResult& result, bool json, bool one_line) {
  if (json) {
    std::cout << cpk::JobResultToJson(spec, result, one_line ? -1 : 2) << "\n";
  } else if (!result.error.empty() && result.validation.report.format().kind.empty()) {
    // Nothing was examined (the output's folder is missing, say): the error is all there is.
    std::cerr << "coursepack: " << result.error << "\n";
  } else {
    std::cout << cpk::cli::RenderHumanReport(result.validation.report, {UseColour()});
    if (spec.command == "inspect") {
      std::cout << "\n" << cpk::CourseModelToJson(result.validation.model) << "\n";
    }
    if (spec.command == "convert") std::cout << ConversionLine(spec, result);
    if (!result.error.empty() && spec.command != "convert") std::cerr << "coursepack: " << result.error << "\n";
  }
  return static_cast<int>(result.exit_code);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"coursepack: validate, normalise and play e-learning course packages", "coursepack"};
  app.set_version_flag("--version", std::string("coursepack ") + cpk::VersionString());
  app.require_subcommand(1);

  cpk::JobSpec spec;
  std::vector<std::string> inputs;
  bool json = false;
  std::vector<std::string> limit_overrides;
  auto add_common = [&](CLI::App* sub) {
    sub->add_option("input", inputs,
                    "the package: a .zip, a folder, or a single file (PDF, video, XML); several inputs are "
                    "validated one after the other (with --json, one report per line)")
        ->required();
    sub->add_flag("--json", json, "print one JSON object instead of the human report (see docs/report.md)");
    sub->add_option("--limit", limit_overrides, "override a safety limit, NAME=VALUE (see docs/limits.md)");
  };
  CLI::App* validate = app.add_subcommand("validate", "check a package and list every problem with a fix hint");
  add_common(validate);
  CLI::App* inspect = app.add_subcommand("inspect", "print the course model read from a package");
  add_common(inspect);
  CLI::App* verify = app.add_subcommand(
      "verify", "check a normalised package (.cpk or folder): schema, every file's size and SHA-256");
  add_common(verify);

  CLI::App* convert =
      app.add_subcommand("convert", "validate a package and write it as a normalised, mobile-optimised package");
  std::string convert_input;
  convert->add_option("input", convert_input, "the package: a .zip, a folder, or a single file")->required();
  convert->add_option("-o,--output", spec.convert.output, "the package to write (.cpk, or a folder with --dir)")
      ->required();
  convert->add_flag("--dir", spec.convert.directory, "write a folder instead of a .cpk file");
  convert
      ->add_option("--profile", spec.convert.profile,
                   "standard, or low-bandwidth (smaller, lossier images; see docs/package.md)")
      ->check(CLI::IsMember({"standard", "low-bandwidth"}));
  convert->add_option("--format", spec.convert.format, "coursepack (default), or ecar for a Sunbird-based platform")
      ->check(CLI::IsMember({"coursepack", "ecar"}));
  convert->add_flag("--force", spec.convert.forced,
                    "convert even when the input has errors (they go into report.json)");
  convert->add_flag("--json", json, "print one JSON object instead of the human report (see docs/report.md)");
  convert->add_option("--limit", limit_overrides, "override a safety limit, NAME=VALUE (see docs/limits.md)");

  // One engine for every input: the library's set-up is paid once per process.
  const cpk::Engine engine;
  // Commands the modules bring parse their own arguments: everything after the name is theirs.
  std::vector<std::pair<CLI::App*, const cpk::Command*>> module_commands;
  for (const cpk::Command& command : engine.registry().commands()) {
    CLI::App* sub = app.add_subcommand(command.name, command.summary);
    sub->prefix_command();
    sub->set_help_flag();
    module_commands.emplace_back(sub, &command);
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : static_cast<int>(cpk::ExitCode::kUsage);
  }
  for (const auto& [sub, command] : module_commands) {
    if (!sub->parsed()) continue;
    cpk::CommandContext context{std::cout, std::cerr, UseColour()};
    return command->run(sub->remaining(), context);
  }
  spec.command = validate->parsed()  ? "validate"
                 : inspect->parsed() ? "inspect"
                 : verify->parsed()  ? "verify"
                                     : "convert";
  if (convert->parsed()) {
    inputs = {convert_input};
    if (cpk::Status s = cpk::CheckConvertRequest(spec); !s) {
      std::cerr << "coursepack: " << s.error().message << "\n";
      return static_cast<int>(cpk::ExitCode::kUsage);
    }
  }
  for (const std::string& o : limit_overrides) {
    const size_t eq = o.find('=');
    char* end = nullptr;
    const unsigned long long value = eq == std::string::npos ? 0 : std::strtoull(o.c_str() + eq + 1, &end, 10);
    if (eq == std::string::npos || end == nullptr || *end != '\0' || eq + 1 == o.size() || o[eq + 1] == '-' ||
        o[eq + 1] == '+' || o[eq + 1] == ' ') {
      std::cerr << "coursepack: --limit expects NAME=VALUE, got '" << o << "'\n";
      return static_cast<int>(cpk::ExitCode::kUsage);
    }
    if (cpk::Status s = cpk::SetLimit(spec.limits, o.substr(0, eq), value); !s) {
      std::cerr << "coursepack: " << s.error().message << "\n";
      return static_cast<int>(cpk::ExitCode::kUsage);
    }
  }
  cpk::CancellationToken cancel;
  g_cancel = &cancel;
  std::signal(SIGINT, OnInterrupt);
  std::signal(SIGTERM, OnInterrupt);
  int exit_code = 0;
  for (size_t i = 0; i < inputs.size(); ++i) {
    spec.input = inputs[i];
    if (!json && i > 0) std::cout << "\n";
    cpk::JobResult result;
    {
      cpk::cli::ProgressBar bar(!json && isatty(STDERR_FILENO) != 0);
      result = cpk::RunJob(engine, spec, cancel, bar.Callback());
    }
    exit_code = std::max(exit_code, Finish(spec, result, json, inputs.size() > 1));
    if (cancel.IsCancelled()) break;
  }
  return exit_code;
}
