#include "web/errors.h"

#include <gtest/gtest.h>

namespace wiredesk::web {
namespace {

using core::ErrorCode;

TEST(HttpStatusFor, MapsEveryCode) {
  EXPECT_EQ(HttpStatusFor(ErrorCode::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kUnauthenticated), 401);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kNotFound), 404);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kAlreadyExists), 409);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kFailedPrecondition), 409);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kGone), 410);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kResourceExhausted), 429);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kUnavailable), 503);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kDataLoss), 500);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kInternal), 500);
}

TEST(JsonErrorResponse, CarriesCodeAndMessage) {
  Response response = JsonErrorResponse(core::Error(ErrorCode::kGone, "story \"x\" withdrawn"));
  EXPECT_EQ(response.status, 410);
  EXPECT_EQ(response.content_type, "application/json");
  EXPECT_EQ(*response.body,
            "{\"error\":{\"code\":\"gone\",\"message\":\"story \\\"x\\\" withdrawn\"}}");
}

TEST(JsonErrorResponse, HidesInternalDetailsFromReaders) {
  Response response =
      JsonErrorResponse(core::Error(ErrorCode::kInternal, "sqlite: disk I/O error at /var/x"));
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.body->find("sqlite"), std::string::npos);
  EXPECT_NE(response.body->find("\"code\":\"internal\""), std::string::npos);
}

}  // namespace
}  // namespace wiredesk::web
