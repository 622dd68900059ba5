// The `coursepack` command: parses flags, runs a job through the engine, prints text or JSON,
// and exits with the job's exit code. No logic here that the library lacks.
#include <unistd.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "cpk/engine/job.hpp"
#include "human_report.hpp"

namespace {

bool UseColour() { return isatty(STDOUT_FILENO) != 0 && std::getenv("NO_COLOR") == nullptr; }

int Finish(const cpk::JobSpec& spec, const cpk::JobResult& result, bool json, bool one_line) {
  if (json) {
    std::cout << cpk::JobResultToJson(spec, result, one_line ? -1 : 2) << "\n";
  } else {
    std::cout << cpk::cli::RenderHumanReport(result.validation.report, {UseColour()});
    if (spec.command == "inspect") {
      std::cout << "\n" << cpk::CourseModelToJson(result.validation.model) << "\n";
    }
    if (!result.error.empty()) std::cerr << "coursepack: " << result.error << "\n";
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
  spec.command = validate->parsed() ? "validate" : "inspect";
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
  int exit_code = 0;
  for (size_t i = 0; i < inputs.size(); ++i) {
    spec.input = inputs[i];
    if (!json && i > 0) std::cout << "\n";
    const cpk::JobResult result = cpk::RunJob(engine, spec);
    exit_code = std::max(exit_code, Finish(spec, result, json, inputs.size() > 1));
  }
  return exit_code;
}
