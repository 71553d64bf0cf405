#include "alerts/web_push.h"

#include <filesystem>
#include <map>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

namespace wiredesk::alerts {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// RFC 8291, Appendix A: every input fixed, and the body a sender must produce from them.
constexpr std::string_view kPlaintext = "When I grow up, I want to be a watermelon";
constexpr std::string_view kSenderPrivate = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
constexpr std::string_view kSenderPublic =
    "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
constexpr std::string_view kBrowserPrivate = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
constexpr std::string_view kBrowserPublic =
    "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
constexpr std::string_view kSalt = "DGv6ra1nlYgDCS1FRnbzlw";
constexpr std::string_view kAuth = "BTBZMqHH6r4Tts7J_aSIgg";
constexpr std::string_view kBody =
    "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6"
    "TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Q"
    "ulcy4a-fN";

std::string Decoded(std::string_view text) {
  auto bytes = Base64UrlDecode(text);
  EXPECT_TRUE(bytes.has_value()) << text;
  return bytes ? *bytes : "";
}

const unsigned char* U(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

// A browser's side, written from RFC 8291 §3.4 with OpenSSL's own HKDF (not the code under test):
// reads what a sender encrypted for the key pair (`priv`, `pub`) and `auth`.
std::string BrowserDecrypt(const std::string& body, const std::string& priv, const std::string& pub,
                           const std::string& auth) {
  std::string salt = body.substr(0, 16);
  size_t idlen = static_cast<unsigned char>(body[20]);
  std::string sender_public = body.substr(21, idlen);
  std::string ciphertext = body.substr(21 + idlen);

  auto make_key = [](const std::string& point, const std::string& scalar) {
    OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
    OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0);
    OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size());
    BIGNUM* bn = nullptr;
    if (!scalar.empty()) {
      bn = BN_bin2bn(U(scalar), static_cast<int>(scalar.size()), nullptr);
      OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, bn);
    }
    OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(bld);
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr);
    EVP_PKEY* key = nullptr;
    EVP_PKEY_fromdata_init(ctx);
    EVP_PKEY_fromdata(ctx, &key, scalar.empty() ? EVP_PKEY_PUBLIC_KEY : EVP_PKEY_KEYPAIR, params);
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    BN_free(bn);
    return key;
  };
  EVP_PKEY* own = make_key(pub, priv);
  EVP_PKEY* peer = make_key(sender_public, "");
  EVP_PKEY_CTX* derive = EVP_PKEY_CTX_new_from_pkey(nullptr, own, nullptr);
  EVP_PKEY_derive_init(derive);
  EVP_PKEY_derive_set_peer(derive, peer);
  unsigned char shared[32];
  size_t shared_length = sizeof shared;
  EVP_PKEY_derive(derive, shared, &shared_length);
  EVP_PKEY_CTX_free(derive);
  EVP_PKEY_free(own);
  EVP_PKEY_free(peer);

  auto hkdf = [](std::string_view salt_bytes, std::string_view ikm, std::string_view info,
                 size_t length) {
    EVP_KDF* kdf = EVP_KDF_fetch(nullptr, "HKDF", nullptr);
    EVP_KDF_CTX* ctx = EVP_KDF_CTX_new(kdf);
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, const_cast<char*>("SHA256"), 0),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, const_cast<char*>(ikm.data()),
                                          ikm.size()),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, const_cast<char*>(salt_bytes.data()),
                                          salt_bytes.size()),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, const_cast<char*>(info.data()),
                                          info.size()),
        OSSL_PARAM_construct_end()};
    std::string out(length, '\0');
    EVP_KDF_derive(ctx, reinterpret_cast<unsigned char*>(out.data()), length, params);
    EVP_KDF_CTX_free(ctx);
    EVP_KDF_free(kdf);
    return out;
  };
  std::string ikm = hkdf(auth, std::string_view(reinterpret_cast<char*>(shared), shared_length),
                         std::string("WebPush: info") + '\0' + pub + sender_public, 32);
  std::string cek = hkdf(salt, ikm, std::string("Content-Encoding: aes128gcm") + '\0', 16);
  std::string nonce = hkdf(salt, ikm, std::string("Content-Encoding: nonce") + '\0', 12);

  EVP_CIPHER_CTX* cipher = EVP_CIPHER_CTX_new();
  std::string plain(ciphertext.size(), '\0');
  int written = 0;
  int final_bytes = 0;
  std::string tag = ciphertext.substr(ciphertext.size() - 16);
  EVP_DecryptInit_ex(cipher, EVP_aes_128_gcm(), nullptr, U(cek), U(nonce));
  EVP_DecryptUpdate(cipher, reinterpret_cast<unsigned char*>(plain.data()), &written, U(ciphertext),
                    static_cast<int>(ciphertext.size() - 16));
  EVP_CIPHER_CTX_ctrl(cipher, EVP_CTRL_GCM_SET_TAG, 16, const_cast<char*>(tag.data()));
  int ok = EVP_DecryptFinal_ex(cipher, reinterpret_cast<unsigned char*>(plain.data()) + written,
                               &final_bytes);
  EVP_CIPHER_CTX_free(cipher);
  if (ok != 1)
    return "<authentication failed>";
  plain.resize(static_cast<size_t>(written + final_bytes));
  if (plain.empty() || plain.back() != '\x02')
    return "<no last-record delimiter>";
  plain.pop_back();
  return plain;
}

PushSubscription RfcSubscription() {
  return {"https://push.example.net/push/JzLQ3raZJfFBR0aqvOMsLrt54w4rJUsV",
          std::string(kBrowserPublic), std::string(kAuth)};
}

TEST(Base64Url, RoundTripsAndRefusesOtherAlphabets) {
  std::string bytes = "\xfb\xff\x00\x10 any bytes";
  bytes[2] = '\0';
  EXPECT_EQ(Decoded(Base64UrlEncode(bytes)), bytes);
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");
  EXPECT_EQ(Decoded("-_8="), "\xfb\xff");
  EXPECT_FALSE(Base64UrlDecode("a+b/").has_value());
  EXPECT_FALSE(Base64UrlDecode("abcde").has_value());
}

TEST(WebPushEncryption, ReproducesRfc8291AppendixA) {
  auto body = EncryptPushPayloadWith(RfcSubscription(), kPlaintext, Decoded(kSenderPrivate),
                                     Decoded(kSenderPublic), Decoded(kSalt));
  ASSERT_TRUE(body) << body.error().ToString();
  EXPECT_EQ(Base64UrlEncode(*body), kBody);
  EXPECT_EQ(
      BrowserDecrypt(*body, Decoded(kBrowserPrivate), Decoded(kBrowserPublic), Decoded(kAuth)),
      kPlaintext);
}

TEST(WebPushEncryption, FreshKeysAndSaltEveryTimeAndOnlyTheBrowserCanRead) {
  auto first = EncryptPushPayload(RfcSubscription(), "Breaking: harbour bridge reopens");
  auto second = EncryptPushPayload(RfcSubscription(), "Breaking: harbour bridge reopens");
  ASSERT_TRUE(first && second);
  EXPECT_NE(first->substr(0, 16), second->substr(0, 16));  // Salt.
  EXPECT_NE(*first, *second);
  EXPECT_EQ(
      BrowserDecrypt(*first, Decoded(kBrowserPrivate), Decoded(kBrowserPublic), Decoded(kAuth)),
      "Breaking: harbour bridge reopens");
  std::string wrong_auth = Decoded(kAuth);
  wrong_auth[0] ^= 1;
  EXPECT_EQ(BrowserDecrypt(*first, Decoded(kBrowserPrivate), Decoded(kBrowserPublic), wrong_auth),
            "<authentication failed>");
}

TEST(WebPushEncryption, RefusesBadKeysAndOversizedPayloads) {
  PushSubscription bad = RfcSubscription();
  bad.p256dh = Base64UrlEncode(std::string(65, '\x04'));  // Not a point on the curve.
  EXPECT_FALSE(EncryptPushPayload(bad, "x").has_value());
  bad = RfcSubscription();
  bad.auth = "short";
  EXPECT_FALSE(EncryptPushPayload(bad, "x").has_value());
  bad = RfcSubscription();
  bad.p256dh = "not base64url!";
  EXPECT_FALSE(EncryptPushPayload(bad, "x").has_value());
  EXPECT_TRUE(EncryptPushPayload(RfcSubscription(), std::string(3993, 'a')).has_value());
  EXPECT_FALSE(EncryptPushPayload(RfcSubscription(), std::string(3994, 'a')).has_value());
}

// Checks a VAPID Authorization header as a push service would: ES256 over the first two parts
// with the key in k=, and the claims.
void ExpectValidVapid(const std::string& header, std::string_view audience, int64_t now) {
  ASSERT_THAT(header, StartsWith("vapid t="));
  size_t comma = header.find(", k=");
  ASSERT_NE(comma, std::string::npos);
  std::string token = header.substr(8, comma - 8);
  std::string public_key = Decoded(header.substr(comma + 4));
  size_t dot1 = token.find('.');
  size_t dot2 = token.rfind('.');
  std::string signing_input = token.substr(0, dot2);
  std::string raw = Decoded(token.substr(dot2 + 1));
  ASSERT_EQ(raw.size(), 64u);

  auto claims = boost::json::parse(Decoded(token.substr(dot1 + 1, dot2 - dot1 - 1))).as_object();
  EXPECT_EQ(claims.at("aud").as_string(), audience);
  EXPECT_EQ(claims.at("sub").as_string(), "mailto:alerts@example.com");
  int64_t exp = claims.at("exp").as_int64();
  EXPECT_GT(exp, now);
  EXPECT_LE(exp, now + 24 * 3600);  // RFC 8292 §2: no more than 24 hours.
  auto header_json = boost::json::parse(Decoded(token.substr(0, dot1))).as_object();
  EXPECT_EQ(header_json.at("alg").as_string(), "ES256");

  ECDSA_SIG* sig = ECDSA_SIG_new();
  ECDSA_SIG_set0(sig, BN_bin2bn(U(raw), 32, nullptr), BN_bin2bn(U(raw) + 32, 32, nullptr));
  unsigned char* der = nullptr;
  int der_length = i2d_ECDSA_SIG(sig, &der);
  ECDSA_SIG_free(sig);
  OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
  OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0);
  OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, public_key.data(),
                                   public_key.size());
  OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(bld);
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr);
  EVP_PKEY* key = nullptr;
  EVP_PKEY_fromdata_init(ctx);
  ASSERT_EQ(EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params), 1);
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  EVP_DigestVerifyInit(md, nullptr, EVP_sha256(), nullptr, key);
  EXPECT_EQ(EVP_DigestVerify(md, der, static_cast<size_t>(der_length), U(signing_input),
                             signing_input.size()),
            1);
  EVP_MD_CTX_free(md);
  EVP_PKEY_free(key);
  EVP_PKEY_CTX_free(ctx);
  OSSL_PARAM_free(params);
  OSSL_PARAM_BLD_free(bld);
  OPENSSL_free(der);
}

TEST(Vapid, SignsATokenForTheEndpointsOriginThatVerifiesWithItsPublicKey) {
  auto generated = VapidKey::Generate();
  ASSERT_TRUE(generated) << generated.error().ToString();
  auto& [key, pem] = *generated;
  EXPECT_THAT(pem, HasSubstr("BEGIN PRIVATE KEY"));
  EXPECT_EQ(Decoded(key.public_key()).size(), 65u);
  auto reloaded = VapidKey::FromPem(pem);
  ASSERT_TRUE(reloaded);
  EXPECT_EQ(reloaded->public_key(), key.public_key());

  core::TimePoint now = core::FromUnixSeconds(1'800'000'000);
  auto header = key.AuthorizationFor("https://fcm.googleapis.com:443/fcm/send/abc?x=1",
                                     "mailto:alerts@example.com", now);
  ASSERT_TRUE(header) << header.error().ToString();
  ExpectValidVapid(*header, "https://fcm.googleapis.com:443", 1'800'000'000);
  // Plain http is CheckPushSubscription's call (allowed only with private addresses); the
  // token itself names the origin, scheme included.
  auto plain =
      key.AuthorizationFor("http://127.0.0.1:8080/push/1", "mailto:alerts@example.com", now);
  ASSERT_TRUE(plain);
  ExpectValidVapid(*plain, "http://127.0.0.1:8080", 1'800'000'000);
  EXPECT_FALSE(key.AuthorizationFor("ftp://push.example/x", "mailto:a@b", now).has_value());
  EXPECT_FALSE(key.AuthorizationFor("not a url", "mailto:a@b", now).has_value());
}

TEST(Vapid, RefusesKeysThatAreNotP256) {
  EXPECT_FALSE(VapidKey::FromPem("not pem").has_value());
  EVP_PKEY* rsa = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{2048});
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, rsa, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  long size = BIO_get_mem_data(bio, &data);
  auto loaded = VapidKey::FromPem(std::string(data, static_cast<size_t>(size)));
  BIO_free(bio);
  EVP_PKEY_free(rsa);
  ASSERT_FALSE(loaded.has_value());
  EXPECT_THAT(loaded.error().message(), HasSubstr("P-256"));
  EXPECT_EQ(VapidKey::LoadPemFile("/nonexistent/vapid.pem").error().code(),
            core::ErrorCode::kNotFound);
}

TEST(Vapid, LoadOrCreateGeneratesAPrivateFileOnceAndReusesIt) {
  std::string dir = ::testing::TempDir() + "vapid-" + std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto first = VapidKey::LoadOrCreate("", dir);
  ASSERT_TRUE(first) << first.error().ToString();
  std::string path = dir + "/vapid_private_key.pem";
  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  auto second = VapidKey::LoadOrCreate("", dir);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->public_key(), first->public_key());
  // A configured file wins, and a missing one is an error rather than a new key.
  auto configured = VapidKey::LoadOrCreate(path, "/nonexistent");
  ASSERT_TRUE(configured);
  EXPECT_EQ(configured->public_key(), first->public_key());
  EXPECT_EQ(VapidKey::LoadOrCreate(dir + "/missing.pem", dir).error().code(),
            core::ErrorCode::kNotFound);
  std::filesystem::remove_all(dir);
}

TEST(WebPushSubscription, ChecksEndpointAndKeyLengths) {
  EXPECT_TRUE(CheckPushSubscription(RfcSubscription(), false));
  PushSubscription bad = RfcSubscription();
  bad.endpoint = "http://push.example.net/push/1";
  EXPECT_FALSE(CheckPushSubscription(bad, false));
  bad.endpoint = "https://192.168.1.10/push/1";
  EXPECT_FALSE(CheckPushSubscription(bad, false));
  EXPECT_TRUE(CheckPushSubscription(bad, true));
  bad.endpoint = "http://127.0.0.1:9000/push/1";
  EXPECT_TRUE(CheckPushSubscription(bad, true));
  bad = RfcSubscription();
  bad.p256dh = Base64UrlEncode(Decoded(kBrowserPublic).substr(0, 64));
  EXPECT_THAT(CheckPushSubscription(bad, false).error().message(), HasSubstr("p256dh"));
  bad.p256dh = Base64UrlEncode(std::string(65, '\x04'));  // Not on the curve.
  EXPECT_FALSE(CheckPushSubscription(bad, false));
  bad.p256dh = "not base64!";
  EXPECT_FALSE(CheckPushSubscription(bad, false));
  bad = RfcSubscription();
  bad.auth = Base64UrlEncode(std::string(15, 'a'));
  EXPECT_THAT(CheckPushSubscription(bad, false).error().message(), HasSubstr("auth"));
  bad.auth = Base64UrlEncode(std::string(17, 'a'));
  EXPECT_FALSE(CheckPushSubscription(bad, false));
}

TEST(WebPushRequest, CarriesTheHeadersPushServicesRequire) {
  auto key = VapidKey::Generate();
  ASSERT_TRUE(key);
  WebPushOptions options;
  options.ttl = std::chrono::seconds(600);
  options.urgency = PushUrgency::kHigh;
  options.topic = "story-47";
  core::TimePoint now = core::FromUnixSeconds(1'800'000'000);
  auto request = BuildWebPushRequest(RfcSubscription(), "{\"title\":\"Bridge\"}", key->first,
                                     "mailto:alerts@example.com", options, now);
  ASSERT_TRUE(request) << request.error().ToString();
  EXPECT_EQ(request->url, RfcSubscription().endpoint);
  std::map<std::string, std::string> headers(request->headers.begin(), request->headers.end());
  EXPECT_EQ(headers["Content-Encoding"], "aes128gcm");
  EXPECT_EQ(headers["TTL"], "600");
  EXPECT_EQ(headers["Urgency"], "high");
  EXPECT_EQ(headers["Topic"], "story-47");
  ExpectValidVapid(headers["Authorization"], "https://push.example.net", 1'800'000'000);
  EXPECT_EQ(BrowserDecrypt(request->body, Decoded(kBrowserPrivate), Decoded(kBrowserPublic),
                           Decoded(kAuth)),
            "{\"title\":\"Bridge\"}");
  options.topic = "no spaces allowed";
  EXPECT_FALSE(BuildWebPushRequest(RfcSubscription(), "x", key->first, "mailto:a@b", options, now)
                   .has_value());
}

}  // namespace
}  // namespace wiredesk::alerts
