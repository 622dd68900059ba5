// Sample embedding of the C++ API: validate a package and print its findings.
#include <cpk/engine/engine.hpp>

#include <iostream>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: " << argv[0] << " PACKAGE\n";
    return 2;
  }
  const cpk::Engine engine;
  auto result = engine.Validate(argv[1]);
  if (!result) {
    std::cerr << "validate failed: " << result.error().message << "\n";
    return 3;
  }
  std::cout << cpk::ReportToJson(result->report) << "\n";
  return static_cast<int>(cpk::ExitCodeFor(*result));
}
