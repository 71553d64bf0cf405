// AddressPolicy: which IP addresses wiredesk may connect to when it fetches a source.
//
// A source URL comes from an operator, but its host name is resolved by whoever runs its DNS,
// and redirects point wherever the remote server likes. So the check runs on the address a
// connection is about to be made to (http_fetcher.cc calls Allows() from libcurl's
// open-socket callback), never on the URL text: a name that resolves to 127.0.0.1, or that
// answers a public address first and a private one later (DNS rebinding), is refused all the
// same. IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible, NAT64 (64:ff9b::/96) and 6to4
// (2002::/16) IPv6 addresses are judged by the IPv4 address they carry.
//
// Thread safety: pure functions and an immutable value type; safe from any thread.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

struct sockaddr;

namespace wiredesk::core {

// The kind of range an address falls in. Only kPublic is reachable by default.
enum class AddressRange {
  kPublic,       // Globally routable unicast.
  kUnspecified,  // 0.0.0.0/8 ("this network"), ::/128.
  kLoopback,     // 127.0.0.0/8, ::1.
  kPrivate,      // 10/8, 172.16/12, 192.168/16 (RFC 1918).
  kSharedCgnat,  // 100.64.0.0/10 (RFC 6598, carrier-grade NAT).
  kLinkLocal,    // 169.254/16, fe80::/10.
  kUniqueLocal,  // fc00::/7, and the deprecated site-local fec0::/10.
  kMulticast,    // 224/4, ff00::/8.
  kReserved,     // Documentation, benchmarking, IETF protocol and future-use ranges,
                 // broadcast, discard-only and local-use NAT64 prefixes.
};

// "public", "loopback", ...: for error messages and logs.
std::string_view AddressRangeName(AddressRange range);

// Classifies an IPv4 address given in network byte order as four bytes.
AddressRange ClassifyIpv4(const std::array<uint8_t, 4>& address);
// Classifies an IPv6 address (sixteen bytes, network order); embedded IPv4 forms are judged
// by the IPv4 address they carry.
AddressRange ClassifyIpv6(const std::array<uint8_t, 16>& address);
// Classifies a textual address ("10.0.0.1", "::ffff:127.0.0.1", "fe80::1"); nullopt when the
// text is not an IP address literal.
std::optional<AddressRange> ClassifyAddressText(std::string_view text);
// Classifies an AF_INET or AF_INET6 socket address; nullopt for other families.
std::optional<AddressRange> ClassifySockaddr(const struct sockaddr* address);

class AddressPolicy {
 public:
  enum class Scope {
    kPublicOnly,    // The default: refuse everything but kPublic.
    kAllowPrivate,  // `[network] allow_private_addresses = true`: allow every unicast range.
  };

  AddressPolicy() = default;  // kPublicOnly.
  explicit AddressPolicy(Scope scope) : scope_(scope) {}

  // Whether a connection to an address of this range may be made. Multicast and unspecified
  // addresses are refused even when private ones are allowed: no feed lives there.
  bool Allows(AddressRange range) const;
  // False for families other than IPv4 and IPv6 (e.g. AF_UNIX).
  bool Allows(const struct sockaddr* address) const;

  Scope scope() const { return scope_; }

 private:
  Scope scope_ = Scope::kPublicOnly;
};

}  // namespace wiredesk::core
