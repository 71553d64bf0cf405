#include "core/address_policy.h"

#include <arpa/inet.h>
#include <cstring>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>

namespace wiredesk::core {
namespace {

// True when the first `bits` bits of `address` equal those of `prefix`.
template <size_t N>
bool InPrefix(const std::array<uint8_t, N>& address, std::initializer_list<uint8_t> prefix,
              int bits) {
  const uint8_t* p = prefix.begin();
  for (int i = 0; i < bits; i += 8) {
    const size_t byte = static_cast<size_t>(i / 8);
    const int remaining = bits - i;
    const uint8_t want = byte < prefix.size() ? p[byte] : 0;
    const uint8_t mask = remaining >= 8 ? 0xff : static_cast<uint8_t>(0xff << (8 - remaining));
    if ((address[byte] & mask) != (want & mask))
      return false;
  }
  return true;
}

std::array<uint8_t, 4> Ipv4At(const std::array<uint8_t, 16>& address, size_t offset) {
  return {address[offset], address[offset + 1], address[offset + 2], address[offset + 3]};
}

}  // namespace

std::string_view AddressRangeName(AddressRange range) {
  switch (range) {
    case AddressRange::kPublic:
      return "public";
    case AddressRange::kUnspecified:
      return "unspecified";
    case AddressRange::kLoopback:
      return "loopback";
    case AddressRange::kPrivate:
      return "private";
    case AddressRange::kSharedCgnat:
      return "shared (carrier-grade NAT)";
    case AddressRange::kLinkLocal:
      return "link-local";
    case AddressRange::kUniqueLocal:
      return "unique-local";
    case AddressRange::kMulticast:
      return "multicast";
    case AddressRange::kReserved:
      return "reserved";
  }
  return "unknown";
}

AddressRange ClassifyIpv4(const std::array<uint8_t, 4>& a) {
  // The IANA IPv4 special-purpose registry, less the few globally reachable entries.
  if (InPrefix(a, {0}, 8))
    return AddressRange::kUnspecified;
  if (InPrefix(a, {127}, 8))
    return AddressRange::kLoopback;
  if (InPrefix(a, {10}, 8) || InPrefix(a, {172, 16}, 12) || InPrefix(a, {192, 168}, 16))
    return AddressRange::kPrivate;
  if (InPrefix(a, {100, 64}, 10))
    return AddressRange::kSharedCgnat;
  if (InPrefix(a, {169, 254}, 16))
    return AddressRange::kLinkLocal;
  if (InPrefix(a, {224}, 4))
    return AddressRange::kMulticast;
  if (InPrefix(a, {192, 0, 0}, 24) ||     // IETF protocol assignments.
      InPrefix(a, {192, 0, 2}, 24) ||     // TEST-NET-1.
      InPrefix(a, {192, 88, 99}, 24) ||   // 6to4 relay anycast (deprecated).
      InPrefix(a, {198, 18}, 15) ||       // Benchmarking.
      InPrefix(a, {198, 51, 100}, 24) ||  // TEST-NET-2.
      InPrefix(a, {203, 0, 113}, 24) ||   // TEST-NET-3.
      InPrefix(a, {240}, 4)) {            // Future use, and 255.255.255.255 broadcast.
    return AddressRange::kReserved;
  }
  return AddressRange::kPublic;
}

AddressRange ClassifyIpv6(const std::array<uint8_t, 16>& a) {
  static constexpr std::array<uint8_t, 16> kZero{};
  std::array<uint8_t, 16> loopback{};
  loopback[15] = 1;
  if (a == kZero)
    return AddressRange::kUnspecified;
  if (a == loopback)
    return AddressRange::kLoopback;
  // ::ffff:a.b.c.d (mapped): a socket connecting to it reaches the IPv4 address.
  if (InPrefix(a, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff}, 96))
    return ClassifyIpv4(Ipv4At(a, 12));
  // ::a.b.c.d (IPv4-compatible, deprecated) and ::ffff:0:a.b.c.d (SIIT): judged as IPv4, so
  // ::127.0.0.1 is not a way around the loopback check.
  if (InPrefix(a, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 96) ||
      InPrefix(a, {0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0}, 96)) {
    return ClassifyIpv4(Ipv4At(a, 12));
  }
  // NAT64 well-known prefix: the translator forwards to the embedded IPv4 address.
  if (InPrefix(a, {0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0}, 96))
    return ClassifyIpv4(Ipv4At(a, 12));
  // Local-use NAT64 (RFC 8215): translators inside the operator's own network.
  if (InPrefix(a, {0x00, 0x64, 0xff, 0x9b, 0x00, 0x01}, 48))
    return AddressRange::kReserved;
  // 6to4: the relay forwards to the IPv4 address in bits 16..47.
  if (InPrefix(a, {0x20, 0x02}, 16))
    return ClassifyIpv4(Ipv4At(a, 2));
  if (InPrefix(a, {0xfc}, 7))
    return AddressRange::kUniqueLocal;
  if (InPrefix(a, {0xfe, 0xc0}, 10))
    return AddressRange::kUniqueLocal;  // Site-local, deprecated but still routed locally.
  if (InPrefix(a, {0xfe, 0x80}, 10))
    return AddressRange::kLinkLocal;
  if (InPrefix(a, {0xff}, 8))
    return AddressRange::kMulticast;
  if (InPrefix(a, {0x01, 0x00, 0, 0, 0, 0, 0, 0}, 64) ||        // Discard-only.
      InPrefix(a, {0x20, 0x01, 0x0d, 0xb8}, 32) ||              // Documentation.
      InPrefix(a, {0x3f, 0xff}, 20) ||                          // Documentation (RFC 9637).
      InPrefix(a, {0x20, 0x01, 0x00, 0x00}, 32) ||              // Teredo: hides an IPv4 address.
      InPrefix(a, {0x20, 0x01, 0x00, 0x10}, 28) ||              // ORCHID.
      InPrefix(a, {0x20, 0x01, 0x00, 0x20}, 28) ||              // ORCHIDv2.
      InPrefix(a, {0x20, 0x01, 0x00, 0x02, 0x00, 0x00}, 48) ||  // Benchmarking.
      !InPrefix(a, {0x20}, 3)) {  // Outside 2000::/3, the only global unicast space assigned.
    return AddressRange::kReserved;
  }
  return AddressRange::kPublic;
}

std::optional<AddressRange> ClassifyAddressText(std::string_view text) {
  if (text.size() > INET6_ADDRSTRLEN)
    return std::nullopt;
  const std::string copy(text);
  std::array<uint8_t, 4> v4{};
  if (inet_pton(AF_INET, copy.c_str(), v4.data()) == 1)
    return ClassifyIpv4(v4);
  std::array<uint8_t, 16> v6{};
  if (inet_pton(AF_INET6, copy.c_str(), v6.data()) == 1)
    return ClassifyIpv6(v6);
  return std::nullopt;
}

std::optional<AddressRange> ClassifySockaddr(const struct sockaddr* address) {
  if (address == nullptr)
    return std::nullopt;
  if (address->sa_family == AF_INET) {
    sockaddr_in in{};
    std::memcpy(&in, address, sizeof in);
    std::array<uint8_t, 4> bytes{};
    std::memcpy(bytes.data(), &in.sin_addr, 4);
    return ClassifyIpv4(bytes);
  }
  if (address->sa_family == AF_INET6) {
    sockaddr_in6 in6{};
    std::memcpy(&in6, address, sizeof in6);
    std::array<uint8_t, 16> bytes{};
    std::memcpy(bytes.data(), &in6.sin6_addr, 16);
    return ClassifyIpv6(bytes);
  }
  return std::nullopt;
}

bool AddressPolicy::Allows(AddressRange range) const {
  switch (range) {
    case AddressRange::kPublic:
      return true;
    case AddressRange::kUnspecified:
    case AddressRange::kMulticast:
      return false;
    case AddressRange::kLoopback:
    case AddressRange::kPrivate:
    case AddressRange::kSharedCgnat:
    case AddressRange::kLinkLocal:
    case AddressRange::kUniqueLocal:
    case AddressRange::kReserved:
      return scope_ == Scope::kAllowPrivate;
  }
  return false;
}

bool AddressPolicy::Allows(const struct sockaddr* address) const {
  auto range = ClassifySockaddr(address);
  return range && Allows(*range);
}

}  // namespace wiredesk::core
