#include "sequencing_rules.hpp"

#include <cstdlib>
#include <set>
#include <string_view>

#include "cpk/formats/scorm_codes.hpp"

namespace cpk::formats::scorm::internal {
namespace {

constexpr std::string_view kImsssNamespace = "http://www.imsglobal.org/xsd/imsss";

constexpr std::string_view kBooleanAttributes[] = {"choice",
                                                   "choiceExit",
                                                   "flow",
                                                   "forwardOnly",
                                                   "useCurrentAttemptObjectiveInfo",
                                                   "useCurrentAttemptProgressInfo",
                                                   "tracked",
                                                   "completionSetByContent",
                                                   "objectiveSetByContent",
                                                   "satisfiedByMeasure",
                                                   "readSatisfiedStatus",
                                                   "readNormalizedMeasure",
                                                   "writeSatisfiedStatus",
                                                   "writeNormalizedMeasure",
                                                   "rollupObjectiveSatisfied",
                                                   "rollupProgressCompletion",
                                                   "constrainChoice",
                                                   "preventActivation",
                                                   "randomizeChildren",
                                                   "reorderChildren",
                                                   "measureSatisfactionIfActive",
                                                   "attemptLimitControl",
                                                   "attemptAbsoluteDurationLimitControl"};

constexpr std::string_view kConditions[] = {"satisfied",
                                            "objectiveStatusKnown",
                                            "objectiveMeasureKnown",
                                            "objectiveMeasureGreaterThan",
                                            "objectiveMeasureLessThan",
                                            "completed",
                                            "activityProgressKnown",
                                            "attempted",
                                            "attemptLimitExceeded",
                                            "timeLimitExceeded",
                                            "outsideAvailableTimeRange",
                                            "always"};

constexpr std::string_view kRuleActions[] = {"skip",
                                             "disabled",
                                             "hiddenFromChoice",
                                             "stopForwardTraversal",
                                             "exitParent",
                                             "exitAll",
                                             "retry",
                                             "retryAll",
                                             "continue",
                                             "previous",
                                             "exit"};
constexpr std::string_view kRollupActions[] = {"satisfied", "notSatisfied", "completed", "incomplete"};

template <size_t N>
bool OneOf(std::string_view v, const std::string_view (&list)[N]) {
  for (std::string_view x : list) {
    if (v == x) return true;
  }
  return false;
}

std::string List(std::initializer_list<std::string_view> items) {
  std::string out;
  for (std::string_view i : items) out += (out.empty() ? "" : ", ") + std::string(i);
  return out;
}

class SequencingChecker {
 public:
  SequencingChecker(const std::string& file, Report& report) : file_(file), report_(report) {}

  void Walk(const xml::Element& e) {
    for (const xml::Attribute& a : e.attributes) CheckAttribute(e, a);
    if (e.name == "ruleCondition" || e.name == "rollupCondition") {
      const std::string c = e.AttributeOr("condition");
      if (!OneOf(c, kConditions))
        Bad(e, "condition '" + c + "' is not a sequencing condition",
            "use one of: satisfied, completed, attempted, objectiveStatusKnown, always, …");
    } else if (e.name == "ruleAction") {
      const std::string a = e.AttributeOr("action");
      if (!OneOf(a, kRuleActions))
        Bad(e, "rule action '" + a + "' is not a sequencing action",
            "use one of: skip, disabled, hiddenFromChoice, stopForwardTraversal, exitParent, exitAll, retry, retryAll, "
            "continue, previous, exit");
    } else if (e.name == "rollupAction") {
      const std::string a = e.AttributeOr("action");
      if (!OneOf(a, kRollupActions))
        Bad(e,
            "rollup action '" + a + "' is not one of " + List({"satisfied", "notSatisfied", "completed", "incomplete"}),
            "fix the action name (it is case-sensitive)");
    } else if ((e.name == "primaryObjective" || e.name == "objective") && e.ns == kImsssNamespace) {
      // adlseq:objective repeats an imsss objective's id on purpose (4th Edition extension).
      const std::string id = e.AttributeOr("objectiveID");
      // A missing objectiveID is a structural finding (structure_rules.cpp).
      if (!id.empty() && !objective_ids_.insert(id).second) {
        report_.Add(codes::kScormSequencingInvalid, "objectiveID '" + id + "' is used twice in the same activity",
                    {file_, e.line, e.column}, "give each objective of an activity its own objectiveID");
      }
    }
    for (const xml::Element& c : e.children) {
      // Each <sequencing> of a collection is its own activity scope for objective ids.
      if (c.name == "sequencing") {
        SequencingChecker child(file_, report_);
        child.Walk(c);
      } else {
        Walk(c);
      }
    }
  }

 private:
  /// Vocabulary, boolean and range violations: the imsss schema rejects them, so they are
  /// structural findings.
  void Bad(const xml::Element& e, std::string message, std::string hint) {
    report_.Add(codes::kScormSchema, std::move(message), {file_, e.line, e.column}, std::move(hint));
  }

  void CheckAttribute(const xml::Element& e, const xml::Attribute& a) {
    if (OneOf(a.name, kBooleanAttributes) && a.value != "true" && a.value != "false") {
      Bad(e, "<imsss:" + e.name + "> attribute " + a.name + "='" + a.value + "' must be 'true' or 'false'",
          "write true or false in lower case");
      return;
    }
    auto number = [&](double lo, double hi) {
      char* end = nullptr;
      const double v = std::strtod(a.value.c_str(), &end);
      if (a.value.empty() || end == nullptr || *end != '\0' || v < lo || v > hi) {
        Bad(e,
            "<imsss:" + e.name + "> attribute " + a.name + "='" + a.value + "' must be a number from " +
                std::to_string(static_cast<int>(lo)) + " to " + std::to_string(static_cast<int>(hi)),
            "use a decimal such as 0.8");
      }
    };
    if (a.name == "minNormalizedMeasure" || a.name == "measureThreshold") {
      number(-1, 1);
    } else if (a.name == "minimumPercent" || a.name == "rollupObjectiveMeasureWeight") {
      number(0, 1);
    } else if (a.name == "attemptLimit" || a.name == "minimumCount") {
      const bool digits = !a.value.empty() && a.value.find_first_not_of("0123456789") == std::string::npos;
      if (!digits) {
        Bad(e, "<imsss:" + e.name + "> attribute " + a.name + "='" + a.value + "' must be a whole number",
            "use a non-negative integer");
      }
    }
  }

  const std::string& file_;
  Report& report_;
  std::set<std::string> objective_ids_;
};

}  // namespace

void CheckSequencing(const xml::Element& sequencing, const std::string& file, bool is2004, Report& report) {
  if (!is2004) {
    report.Add(
        codes::kScormSequencingInvalid,
        "<imsss:" + sequencing.name + "> appears in a SCORM 1.2 manifest, which has no sequencing; it is ignored",
        {file, sequencing.line, sequencing.column},
        "remove the sequencing, or export the course as SCORM 2004 if it needs sequencing rules");
    return;
  }
  SequencingChecker checker(file, report);
  checker.Walk(sequencing);
}

}  // namespace cpk::formats::scorm::internal
