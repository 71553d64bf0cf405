#include "sanitize/internal/video_embed.h"

#include <gtest/gtest.h>

namespace wiredesk::sanitize::internal {
namespace {

TEST(VideoEmbed, YouTubePlayersBecomeTheNoCookiePlayer) {
  const std::string canonical = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ";
  for (const char* src : {"https://www.youtube.com/embed/dQw4w9WgXcQ",
                          "http://youtube.com/embed/dQw4w9WgXcQ?autoplay=1&mute=1",
                          "//www.youtube-nocookie.com/embed/dQw4w9WgXcQ#t=10",
                          "HTTPS://WWW.YouTube.COM/embed/dQw4w9WgXcQ",
                          " https://youtube-nocookie.com/embed/dQw4w9WgXcQ\n"}) {
    EXPECT_EQ(CanonicalVideoEmbedUrl(src), canonical) << src;
  }
  EXPECT_EQ(CanonicalVideoEmbedUrl("https://www.youtube.com/embed/a-b_c-D_E-9"),
            "https://www.youtube-nocookie.com/embed/a-b_c-D_E-9");
}

TEST(VideoEmbed, VimeoPlayersKeepTheirNumericIdAndDoNotTrack) {
  EXPECT_EQ(CanonicalVideoEmbedUrl("https://player.vimeo.com/video/76979871"),
            "https://player.vimeo.com/video/76979871?dnt=1");
  EXPECT_EQ(CanonicalVideoEmbedUrl("//player.vimeo.com/video/1?h=abc#t=1"),
            "https://player.vimeo.com/video/1?dnt=1");
}

TEST(VideoEmbed, RefusesEverythingElse) {
  for (const char* src : {"",
                          "javascript:alert(1)",
                          "data:text/html,x",
                          "ftp://www.youtube.com/embed/dQw4w9WgXcQ",
                          "https://www.youtube.com/embed/dQw4w9WgXc",     // 10 characters.
                          "https://www.youtube.com/embed/dQw4w9WgXcQQ",   // 12.
                          "https://www.youtube.com/embed/dQw4w9WgXcQ/x",  // More path.
                          "https://www.youtube.com/embed/dQw4w9WgXc%51",  // Encoded.
                          "https://www.youtube.com/embed/dQw4w9WgXc\"",   // Quote.
                          "https://www.youtube.com/embed/<script>xx",     // Markup.
                          "https://www.youtube.com/EMBED/dQw4w9WgXcQ",
                          "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                          "https://www.youtube.com.evil.example/embed/dQw4w9WgXcQ",
                          "https://evil.example/www.youtube.com/embed/dQw4w9WgXcQ",
                          "https://evil.example/?www.youtube.com/embed/dQw4w9WgXcQ",
                          "https://user@www.youtube.com/embed/dQw4w9WgXcQ",
                          "https://www.youtube.com:8443/embed/dQw4w9WgXcQ",
                          "https://m.youtube.com/embed/dQw4w9WgXcQ",
                          "www.youtube.com/embed/dQw4w9WgXcQ",
                          "https://player.vimeo.com/video/",
                          "https://player.vimeo.com/video/12ab",
                          "https://player.vimeo.com/video/1234567890123",  // 13 digits.
                          "https://vimeo.com/video/76979871",
                          "https://player.vimeo.com/76979871"}) {
    EXPECT_EQ(CanonicalVideoEmbedUrl(src), std::nullopt) << src;
  }
}

TEST(VideoEmbed, WritesTheCanonicalIframe) {
  std::string out;
  AppendVideoEmbed(out, "https://player.vimeo.com/video/1?dnt=1");
  EXPECT_EQ(out,
            "<iframe src=\"https://player.vimeo.com/video/1?dnt=1\" sandbox=\"allow-scripts "
            "allow-same-origin allow-presentation\" allow=\"accelerometer; encrypted-media; "
            "gyroscope; picture-in-picture; fullscreen\" loading=\"lazy\" "
            "referrerpolicy=\"strict-origin-when-cross-origin\"></iframe>");
}

}  // namespace
}  // namespace wiredesk::sanitize::internal
