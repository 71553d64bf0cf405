#include "core/article.h"

#include <cctype>

namespace wiredesk::core {

std::string_view ArticleStateName(ArticleState state) {
  switch (state) {
    case ArticleState::kPublished:
      return "published";
    case ArticleState::kWithheld:
      return "withheld";
    case ArticleState::kEmbargoed:
      return "embargoed";
    case ArticleState::kKilled:
      return "killed";
  }
  return "published";
}

std::optional<ArticleState> ParseArticleState(std::string_view name) {
  for (auto s : {ArticleState::kPublished, ArticleState::kWithheld, ArticleState::kEmbargoed,
                 ArticleState::kKilled}) {
    if (ArticleStateName(s) == name)
      return s;
  }
  return std::nullopt;
}

std::string_view SourceKindName(SourceKind kind) {
  return kind == SourceKind::kWire ? "wire" : "web";
}

std::string_view VersionChangeName(VersionChange change) {
  switch (change) {
    case VersionChange::kPublish:
      return "publish";
    case VersionChange::kUpdate:
      return "update";
    case VersionChange::kCorrection:
      return "correction";
    case VersionChange::kWithhold:
      return "withhold";
    case VersionChange::kKill:
      return "kill";
  }
  return "publish";
}

std::optional<VersionChange> ParseVersionChange(std::string_view name) {
  for (auto c : {VersionChange::kPublish, VersionChange::kUpdate, VersionChange::kCorrection,
                 VersionChange::kWithhold, VersionChange::kKill}) {
    if (VersionChangeName(c) == name)
      return c;
  }
  return std::nullopt;
}

std::string Article::Url() const { return section.Url() + slug + "-" + std::to_string(id); }

std::string Slugify(std::string_view headline) {
  std::string slug;
  bool pending_dash = false;
  for (char c : headline) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x80 && std::isalnum(u)) {
      if (pending_dash && !slug.empty())
        slug += '-';
      pending_dash = false;
      slug += static_cast<char>(std::tolower(u));
      if (slug.size() >= 80)
        break;
    } else if (u < 0x80) {
      pending_dash = true;
    }
    // Non-ASCII bytes are skipped; the id in the URL keeps it unique.
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug.empty() ? "story" : slug;
}

}  // namespace wiredesk::core
