#pragma once
// Checks for the `format` keyword, used when JsonSchemaOptions::assert_format is set. Each takes
// the string's UTF-8 bytes and says whether it is a valid instance of the format.

#include <string_view>

namespace cpk::internal {

using FormatCheck = bool (*)(std::string_view);

/// The check for a format name, or nullptr when the name is not one this validator checks:
/// date-time, date, time, duration, email, hostname, ipv4, ipv6, uri, uri-reference, iri,
/// iri-reference, uri-template, uuid, json-pointer, relative-json-pointer, regex.
/// (idn-email and idn-hostname need IDNA tables and are not checked.)
FormatCheck FindFormat(std::string_view name);

}  // namespace cpk::internal
