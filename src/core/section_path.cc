#include "core/section_path.h"

#include <cctype>

namespace wiredesk::core {

Result<SectionPath> SectionPath::Parse(std::string_view text) {
  SectionPath path;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t slash = text.find('/', pos);
    if (slash == std::string_view::npos)
      slash = text.size();
    std::string_view raw = text.substr(pos, slash - pos);
    pos = slash + 1;
    if (raw.empty())
      continue;
    std::string segment;
    segment.reserve(raw.size());
    for (char c : raw) {
      unsigned char u = static_cast<unsigned char>(c);
      if (std::isalnum(u) && u < 0x80) {
        segment += static_cast<char>(std::tolower(u));
      } else if (c == '-') {
        segment += c;
      } else {
        return MakeError(ErrorCode::kInvalidArgument, "section segment '" + std::string(raw) +
                                                          "' has a character outside a-z 0-9 -");
      }
    }
    path.segments_.push_back(std::move(segment));
    if (path.segments_.size() > kMaxDepth) {
      return MakeError(ErrorCode::kInvalidArgument, "section path is deeper than 6 segments");
    }
  }
  return path;
}

std::string SectionPath::ToString() const {
  std::string out;
  for (const auto& s : segments_) {
    if (!out.empty())
      out += '/';
    out += s;
  }
  return out;
}

std::string SectionPath::Url() const {
  std::string out = "/";
  for (const auto& s : segments_) {
    out += s;
    out += '/';
  }
  return out;
}

SectionPath SectionPath::Parent() const {
  SectionPath parent = *this;
  if (!parent.segments_.empty())
    parent.segments_.pop_back();
  return parent;
}

bool SectionPath::IsWithin(const SectionPath& ancestor) const {
  if (ancestor.segments_.size() > segments_.size())
    return false;
  for (size_t i = 0; i < ancestor.segments_.size(); ++i) {
    if (segments_[i] != ancestor.segments_[i])
      return false;
  }
  return true;
}

std::string DefaultSectionTitle(std::string_view segment) {
  std::string out;
  bool start = true;
  for (char c : segment) {
    if (c == '-') {
      out += ' ';
      start = true;
    } else {
      out += start ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
      start = false;
    }
  }
  return out;
}

}  // namespace wiredesk::core
