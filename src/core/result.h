// Result<T> and Error: how every part of wiredesk reports an expected failure.
//
// A function that can fail for reasons outside the program's control (bad input, a missing
// row, an unreachable source) returns Result<T>; exceptions never cross a part boundary.
// Error carries a canonical code, which web/ maps to an HTTP status in one place, and a
// message meant for logs and, where safe, for the user. Thread-safe as any value type.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include <tl/expected.hpp>

namespace wiredesk::core {

// Canonical error codes, after absl::StatusCode. Domain code picks the one that fits;
// only web/ decides what a code means to an HTTP client.
enum class ErrorCode {
  kInvalidArgument,     // The input is malformed or out of range.
  kNotFound,            // The named thing does not exist.
  kGone,                // The thing existed and was withdrawn (a killed story).
  kAlreadyExists,       // Creating something that exists already.
  kPermissionDenied,    // Known caller, not allowed.
  kUnauthenticated,     // No valid credentials.
  kResourceExhausted,   // A size, rate or quota limit was hit.
  kFailedPrecondition,  // The system is not in a state that allows the operation.
  kUnavailable,         // A transient failure; retrying may help.
  kDataLoss,            // Stored data is corrupt.
  kInternal,            // A broken invariant or an unexpected library failure.
};

// Returns the code's name, e.g. "invalid_argument", as used in logs and JSON errors.
std::string_view ErrorCodeName(ErrorCode code);

class [[nodiscard]] Error {
 public:
  Error(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}

  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // "not_found: no article 42".
  std::string ToString() const;

 private:
  ErrorCode code_;
  std::string message_;
};

template <class T>
using Result = tl::expected<T, Error>;

// For operations that return nothing on success.
using Status = Result<void>;

inline tl::unexpected<Error> MakeError(ErrorCode code, std::string message) {
  return tl::unexpected<Error>(Error(code, std::move(message)));
}

inline Status Ok() { return {}; }

}  // namespace wiredesk::core

#define WD_CONCAT_INNER_(a, b) a##b
#define WD_CONCAT_(a, b) WD_CONCAT_INNER_(a, b)

// WD_ASSIGN_OR_RETURN(auto x, MaybeX()); returns the error from the enclosing function when
// MaybeX() failed, otherwise moves its value into x.
#define WD_ASSIGN_OR_RETURN(lhs, expr) \
  WD_ASSIGN_OR_RETURN_IMPL_(WD_CONCAT_(wd_result_, __LINE__), lhs, expr)
#define WD_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr)  \
  auto tmp = (expr);                               \
  if (!tmp)                                        \
    return tl::unexpected(std::move(tmp).error()); \
  lhs = std::move(*tmp)

// WD_RETURN_IF_ERROR(DoThing()); returns the error from the enclosing function on failure.
#define WD_RETURN_IF_ERROR(expr)                            \
  do {                                                      \
    auto wd_status_ = (expr);                               \
    if (!wd_status_)                                        \
      return tl::unexpected(std::move(wd_status_).error()); \
  } while (false)
