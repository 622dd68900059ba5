#include "cpk/core/course_model.hpp"

namespace cpk {

void MakeSingleResourceCourse(CourseModel& model, Resource resource) {
  const std::string& path = resource.launch;
  const size_t slash = path.rfind('/');
  std::string stem = path.substr(slash == std::string::npos ? 0 : slash + 1);
  stem = stem.substr(0, stem.rfind('.'));
  if (model.title.empty()) model.title = {{"und", stem}};
  Item item;
  item.id = "item-1";
  item.title = model.title;
  item.resource = resource.id;
  model.resources = {std::move(resource)};
  model.organizations = {Organization{"org-1", model.title, {item}, std::nullopt}};
  model.default_organization = "org-1";
}

}  // namespace cpk
