#include "core/address_policy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <sys/un.h>

#include <gtest/gtest.h>

namespace wiredesk::core {
namespace {

AddressRange Classify(const std::string& text) {
  auto range = ClassifyAddressText(text);
  EXPECT_TRUE(range.has_value()) << text;
  return range.value_or(AddressRange::kPublic);
}

struct Case {
  const char* address;
  AddressRange range;
};

TEST(AddressPolicy, ClassifiesIpv4SpecialRanges) {
  const Case cases[] = {
      {"0.0.0.0", AddressRange::kUnspecified},
      {"0.255.255.255", AddressRange::kUnspecified},
      {"127.0.0.1", AddressRange::kLoopback},
      {"127.255.255.254", AddressRange::kLoopback},
      {"10.0.0.1", AddressRange::kPrivate},
      {"10.255.255.255", AddressRange::kPrivate},
      {"172.16.0.1", AddressRange::kPrivate},
      {"172.31.255.255", AddressRange::kPrivate},
      {"192.168.0.1", AddressRange::kPrivate},
      {"192.168.255.255", AddressRange::kPrivate},
      {"100.64.0.1", AddressRange::kSharedCgnat},
      {"100.127.255.255", AddressRange::kSharedCgnat},
      {"169.254.169.254", AddressRange::kLinkLocal},  // Cloud metadata services.
      {"224.0.0.1", AddressRange::kMulticast},
      {"239.255.255.250", AddressRange::kMulticast},
      {"240.0.0.1", AddressRange::kReserved},
      {"255.255.255.255", AddressRange::kReserved},
      {"192.0.0.8", AddressRange::kReserved},
      {"192.0.2.1", AddressRange::kReserved},
      {"198.18.0.1", AddressRange::kReserved},
      {"198.19.255.255", AddressRange::kReserved},
      {"198.51.100.7", AddressRange::kReserved},
      {"203.0.113.9", AddressRange::kReserved},
  };
  for (const Case& c : cases) EXPECT_EQ(Classify(c.address), c.range) << c.address;
}

TEST(AddressPolicy, BoundariesOfPrivateRangesArePublic) {
  for (const char* address :
       {"1.1.1.1", "8.8.8.8", "9.255.255.255", "11.0.0.0", "172.15.255.255", "172.32.0.0",
        "192.167.255.255", "192.169.0.0", "100.63.255.255", "100.128.0.0", "169.253.255.255",
        "169.255.0.0", "126.255.255.255", "128.0.0.0", "223.255.255.255", "198.17.255.255",
        "198.20.0.0", "192.0.3.1", "93.184.216.34"}) {
    EXPECT_EQ(Classify(address), AddressRange::kPublic) << address;
  }
}

TEST(AddressPolicy, ClassifiesIpv6SpecialRanges) {
  const Case cases[] = {
      {"::", AddressRange::kUnspecified},
      {"::1", AddressRange::kLoopback},
      {"fc00::1", AddressRange::kUniqueLocal},
      {"fd12:3456:789a::1", AddressRange::kUniqueLocal},
      {"fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", AddressRange::kUniqueLocal},
      {"fec0::1", AddressRange::kUniqueLocal},
      {"fe80::1", AddressRange::kLinkLocal},
      {"febf:ffff::1", AddressRange::kLinkLocal},
      {"ff02::1", AddressRange::kMulticast},
      {"ff05::2", AddressRange::kMulticast},
      {"2001:db8::1", AddressRange::kReserved},
      {"100::1", AddressRange::kReserved},
      {"2001::1", AddressRange::kReserved},  // Teredo.
      {"2001:10::1", AddressRange::kReserved},
      {"2001:2::1", AddressRange::kReserved},
      {"64:ff9b:1::1", AddressRange::kReserved},
      {"4000::1", AddressRange::kReserved},
      {"3fff::1", AddressRange::kReserved},
  };
  for (const Case& c : cases) EXPECT_EQ(Classify(c.address), c.range) << c.address;
}

TEST(AddressPolicy, JudgesEmbeddedIpv4ByTheAddressItCarries) {
  const Case cases[] = {
      {"::ffff:10.0.0.1", AddressRange::kPrivate},
      {"::ffff:127.0.0.1", AddressRange::kLoopback},
      {"::ffff:7f00:1", AddressRange::kLoopback},  // The same, written in hex.
      {"::ffff:169.254.169.254", AddressRange::kLinkLocal},
      {"::ffff:192.168.1.1", AddressRange::kPrivate},
      {"::ffff:0.0.0.0", AddressRange::kUnspecified},
      {"::ffff:8.8.8.8", AddressRange::kPublic},
      {"::127.0.0.1", AddressRange::kLoopback},  // IPv4-compatible, deprecated.
      {"::10.1.2.3", AddressRange::kPrivate},
      {"::ffff:0:10.0.0.1", AddressRange::kPrivate},    // SIIT.
      {"64:ff9b::127.0.0.1", AddressRange::kLoopback},  // NAT64 well-known prefix.
      {"64:ff9b::a00:1", AddressRange::kPrivate},
      {"64:ff9b::808:808", AddressRange::kPublic},
      {"2002:7f00:1::1", AddressRange::kLoopback},  // 6to4 around 127.0.0.1.
      {"2002:c0a8:101::1", AddressRange::kPrivate},
      {"2002:808:808::1", AddressRange::kPublic},
  };
  for (const Case& c : cases) EXPECT_EQ(Classify(c.address), c.range) << c.address;
}

TEST(AddressPolicy, GlobalUnicastIpv6IsPublic) {
  for (const char* address : {"2606:4700:4700::1111", "2a00:1450:4001:830::200e", "2001:4860::1",
                              "2400:cb00::1", "3ffe:ffff::1"}) {
    EXPECT_EQ(Classify(address), AddressRange::kPublic) << address;
  }
}

TEST(AddressPolicy, RejectsTextThatIsNoAddress) {
  for (const char* text : {"", "localhost", "127.1", "0x7f000001", "2130706433", "1.2.3.4.5",
                           "::ffff:1.2.3", "[::1]", "fe80::1%eth0", "256.0.0.1"}) {
    EXPECT_FALSE(ClassifyAddressText(text).has_value()) << text;
  }
  EXPECT_FALSE(ClassifyAddressText(std::string(100, '1')).has_value());
}

TEST(AddressPolicy, DefaultScopeAllowsOnlyPublic) {
  AddressPolicy policy;
  EXPECT_TRUE(policy.Allows(AddressRange::kPublic));
  for (AddressRange range :
       {AddressRange::kUnspecified, AddressRange::kLoopback, AddressRange::kPrivate,
        AddressRange::kSharedCgnat, AddressRange::kLinkLocal, AddressRange::kUniqueLocal,
        AddressRange::kMulticast, AddressRange::kReserved}) {
    EXPECT_FALSE(policy.Allows(range)) << AddressRangeName(range);
  }
}

TEST(AddressPolicy, AllowPrivateScopeStillRefusesMulticastAndUnspecified) {
  AddressPolicy policy(AddressPolicy::Scope::kAllowPrivate);
  for (AddressRange range : {AddressRange::kPublic, AddressRange::kLoopback, AddressRange::kPrivate,
                             AddressRange::kSharedCgnat, AddressRange::kLinkLocal,
                             AddressRange::kUniqueLocal, AddressRange::kReserved}) {
    EXPECT_TRUE(policy.Allows(range)) << AddressRangeName(range);
  }
  EXPECT_FALSE(policy.Allows(AddressRange::kMulticast));
  EXPECT_FALSE(policy.Allows(AddressRange::kUnspecified));
}

TEST(AddressPolicy, ChecksSocketAddresses) {
  AddressPolicy policy;
  sockaddr_in v4{};
  v4.sin_family = AF_INET;
  ASSERT_EQ(inet_pton(AF_INET, "127.0.0.1", &v4.sin_addr), 1);
  EXPECT_FALSE(policy.Allows(reinterpret_cast<const sockaddr*>(&v4)));
  ASSERT_EQ(inet_pton(AF_INET, "1.1.1.1", &v4.sin_addr), 1);
  EXPECT_TRUE(policy.Allows(reinterpret_cast<const sockaddr*>(&v4)));

  sockaddr_in6 v6{};
  v6.sin6_family = AF_INET6;
  ASSERT_EQ(inet_pton(AF_INET6, "::ffff:10.0.0.1", &v6.sin6_addr), 1);
  EXPECT_FALSE(policy.Allows(reinterpret_cast<const sockaddr*>(&v6)));
  ASSERT_EQ(inet_pton(AF_INET6, "2606:4700:4700::1111", &v6.sin6_addr), 1);
  EXPECT_TRUE(policy.Allows(reinterpret_cast<const sockaddr*>(&v6)));

  sockaddr_un unix_address{};
  unix_address.sun_family = AF_UNIX;
  EXPECT_FALSE(ClassifySockaddr(reinterpret_cast<const sockaddr*>(&unix_address)).has_value());
  EXPECT_FALSE(AddressPolicy(AddressPolicy::Scope::kAllowPrivate)
                   .Allows(reinterpret_cast<const sockaddr*>(&unix_address)));
  EXPECT_FALSE(policy.Allows(static_cast<const sockaddr*>(nullptr)));
}

}  // namespace
}  // namespace wiredesk::core
