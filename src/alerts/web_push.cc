#include "alerts/web_push.h"

#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include "accounts/preferences.h"

namespace wiredesk::alerts {
namespace {

using core::ErrorCode;

constexpr size_t kPointBytes = 65;
constexpr size_t kAuthBytes = 16;
constexpr size_t kSaltBytes = 16;
constexpr uint32_t kRecordSize = 4096;
constexpr size_t kTagBytes = 16;
// What one record holds after the 86-byte header, the tag and the padding delimiter, within
// the 4,096-byte body push services accept.
constexpr size_t kMaxPlaintext = 4096 - (kSaltBytes + 4 + 1 + kPointBytes) - kTagBytes - 1;
constexpr std::chrono::hours kVapidLifetime{12};

struct PkeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct PkeyCtxFree {
  void operator()(EVP_PKEY_CTX* ctx) const { EVP_PKEY_CTX_free(ctx); }
};
struct CipherCtxFree {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct BnFree {
  void operator()(BIGNUM* bn) const { BN_free(bn); }
};
struct ParamBldFree {
  void operator()(OSSL_PARAM_BLD* bld) const { OSSL_PARAM_BLD_free(bld); }
};
struct ParamFree {
  void operator()(OSSL_PARAM* params) const { OSSL_PARAM_free(params); }
};
struct EcdsaSigFree {
  void operator()(ECDSA_SIG* sig) const { ECDSA_SIG_free(sig); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

core::Error CryptoError(std::string_view what) {
  unsigned long code = ERR_get_error();
  std::string detail;
  if (code != 0) {
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    detail = std::string(": ") + buffer;
  }
  ERR_clear_error();
  return core::Error(ErrorCode::kInternal, std::string(what) + detail);
}

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

// A P-256 key from its parts: the public point alone, or with the private scalar.
core::Result<Pkey> EcKey(std::string_view public_point, std::string_view private_scalar = {}) {
  std::unique_ptr<OSSL_PARAM_BLD, ParamBldFree> builder(OSSL_PARAM_BLD_new());
  std::unique_ptr<BIGNUM, BnFree> scalar;
  if (!builder ||
      !OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1",
                                       0) ||
      !OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, public_point.data(),
                                        public_point.size())) {
    return tl::unexpected(CryptoError("building a P-256 key"));
  }
  if (!private_scalar.empty()) {
    scalar.reset(
        BN_bin2bn(Bytes(private_scalar), static_cast<int>(private_scalar.size()), nullptr));
    if (!scalar || !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_PRIV_KEY, scalar.get()))
      return tl::unexpected(CryptoError("building a P-256 key"));
  }
  std::unique_ptr<OSSL_PARAM, ParamFree> params(OSSL_PARAM_BLD_to_param(builder.get()));
  std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> ctx(
      EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  EVP_PKEY* key = nullptr;
  int selection = private_scalar.empty() ? EVP_PKEY_PUBLIC_KEY : EVP_PKEY_KEYPAIR;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0 ||
      EVP_PKEY_fromdata(ctx.get(), &key, selection, params.get()) <= 0) {
    ERR_clear_error();
    return core::MakeError(ErrorCode::kInvalidArgument, "not a valid P-256 key");
  }
  return Pkey(key);
}

core::Result<std::string> PublicPoint(EVP_PKEY* key) {
  std::array<unsigned char, kPointBytes> point{};
  size_t length = 0;
  if (EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size(),
                                      &length) <= 0 ||
      length != kPointBytes) {
    return tl::unexpected(CryptoError("reading a P-256 public key"));
  }
  return std::string(reinterpret_cast<const char*>(point.data()), length);
}

core::Result<std::string> Ecdh(EVP_PKEY* own, EVP_PKEY* peer) {
  std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, own, nullptr));
  size_t length = 0;
  if (!ctx || EVP_PKEY_derive_init(ctx.get()) <= 0 ||
      EVP_PKEY_derive_set_peer(ctx.get(), peer) <= 0 ||
      EVP_PKEY_derive(ctx.get(), nullptr, &length) <= 0) {
    return tl::unexpected(CryptoError("ECDH"));
  }
  std::string secret(length, '\0');
  if (EVP_PKEY_derive(ctx.get(), reinterpret_cast<unsigned char*>(secret.data()), &length) <= 0)
    return tl::unexpected(CryptoError("ECDH"));
  secret.resize(length);
  return secret;
}

std::string HmacSha256(std::string_view key, std::string_view data) {
  std::array<unsigned char, 32> mac{};
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), Bytes(data), data.size(), mac.data(),
       &length);
  return std::string(reinterpret_cast<const char*>(mac.data()), length);
}

// HKDF (RFC 5869) with SHA-256, for outputs of at most one hash length.
std::string Hkdf(std::string_view salt, std::string_view ikm, std::string_view info,
                 size_t length) {
  std::string prk = HmacSha256(salt, ikm);
  std::string block = std::string(info) + '\x01';
  return HmacSha256(prk, block).substr(0, length);
}

core::Result<std::string> Aes128GcmEncrypt(std::string_view key, std::string_view nonce,
                                           std::string_view plaintext) {
  std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree> ctx(EVP_CIPHER_CTX_new());
  std::string out(plaintext.size() + kTagBytes, '\0');
  auto* cursor = reinterpret_cast<unsigned char*>(out.data());
  int written = 0;
  int final_bytes = 0;
  if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_128_gcm(), nullptr, nullptr, nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(nonce.size()),
                          nullptr) != 1 ||
      EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, Bytes(key), Bytes(nonce)) != 1 ||
      EVP_EncryptUpdate(ctx.get(), cursor, &written, Bytes(plaintext),
                        static_cast<int>(plaintext.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), cursor + written, &final_bytes) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kTagBytes),
                          cursor + written + final_bytes) != 1) {
    return tl::unexpected(CryptoError("AES-128-GCM"));
  }
  return out;
}

core::Result<std::string> Encrypt(const PushSubscription& subscription, std::string_view plaintext,
                                  EVP_PKEY* sender, std::string_view sender_public,
                                  std::string_view salt) {
  if (plaintext.size() > kMaxPlaintext) {
    return core::MakeError(ErrorCode::kInvalidArgument,
                           "push payload over " + std::to_string(kMaxPlaintext) + " bytes");
  }
  WD_ASSIGN_OR_RETURN(std::string ua_public, Base64UrlDecode(subscription.p256dh));
  WD_ASSIGN_OR_RETURN(std::string auth, Base64UrlDecode(subscription.auth));
  if (ua_public.size() != kPointBytes || ua_public[0] != '\x04')
    return core::MakeError(ErrorCode::kInvalidArgument, "p256dh is not an uncompressed P-256 key");
  if (auth.size() != kAuthBytes)
    return core::MakeError(ErrorCode::kInvalidArgument, "auth is not 16 bytes");
  WD_ASSIGN_OR_RETURN(Pkey ua_key, EcKey(ua_public));
  WD_ASSIGN_OR_RETURN(std::string shared, Ecdh(sender, ua_key.get()));

  // RFC 8291 §3.3-3.4: the browser's auth secret and both public keys go into the key.
  std::string key_info =
      std::string("WebPush: info") + '\0' + ua_public + std::string(sender_public);
  std::string ikm = Hkdf(auth, shared, key_info, 32);
  std::string cek = Hkdf(salt, ikm, std::string("Content-Encoding: aes128gcm") + '\0', 16);
  std::string nonce = Hkdf(salt, ikm, std::string("Content-Encoding: nonce") + '\0', 12);
  std::string record = std::string(plaintext) + '\x02';  // The last (only) record's delimiter.
  WD_ASSIGN_OR_RETURN(std::string ciphertext, Aes128GcmEncrypt(cek, nonce, record));

  // RFC 8188 §2.1 header: salt, record size, key id length, key id (the sender's point).
  std::string body(salt);
  for (int shift = 24; shift >= 0; shift -= 8)
    body += static_cast<char>((kRecordSize >> shift) & 0xff);
  body += static_cast<char>(kPointBytes);
  body += sender_public;
  body += ciphertext;
  return body;
}

std::string Origin(const boost::urls::url_view& url) {
  std::string origin = std::string(url.scheme()) + "://" + std::string(url.encoded_host());
  if (url.has_port())
    origin += ":" + std::string(url.port());
  return origin;
}

}  // namespace

std::string Base64UrlEncode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), Bytes(bytes),
                               static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(length));
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& c : out) c = c == '+' ? '-' : c == '/' ? '_' : c;
  return out;
}

core::Result<std::string> Base64UrlDecode(std::string_view text) {
  std::string standard;
  for (char c : text) {
    if (c == '-') {
      standard += '+';
    } else if (c == '_') {
      standard += '/';
    } else if (c == '=') {
      break;
    } else if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
      standard += c;
    } else {
      return core::MakeError(ErrorCode::kInvalidArgument, "not base64url");
    }
  }
  if (standard.size() % 4 == 1)
    return core::MakeError(ErrorCode::kInvalidArgument, "not base64url: bad length");
  size_t padding = (4 - standard.size() % 4) % 4;
  standard.append(padding, '=');
  std::string out(standard.size() / 4 * 3, '\0');
  int length = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()), Bytes(standard),
                               static_cast<int>(standard.size()));
  if (length < 0)
    return core::MakeError(ErrorCode::kInvalidArgument, "not base64url");
  out.resize(static_cast<size_t>(length) - padding);
  return out;
}

core::Status CheckPushSubscription(const PushSubscription& subscription, bool allow_private) {
  WD_RETURN_IF_ERROR(accounts::CheckPushEndpoint(subscription.endpoint, allow_private));
  auto p256dh = Base64UrlDecode(subscription.p256dh);
  if (!p256dh || p256dh->size() != kPointBytes || (*p256dh)[0] != '\x04' || !EcKey(*p256dh))
    return core::MakeError(ErrorCode::kInvalidArgument,
                           "keys.p256dh must be a base64url P-256 public key (65 bytes)");
  auto auth = Base64UrlDecode(subscription.auth);
  if (!auth || auth->size() != kAuthBytes)
    return core::MakeError(ErrorCode::kInvalidArgument,
                           "keys.auth must be a base64url secret of 16 bytes");
  return core::Ok();
}

core::Result<std::string> EncryptPushPayload(const PushSubscription& subscription,
                                             std::string_view plaintext) {
  Pkey sender(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  if (!sender)
    return tl::unexpected(CryptoError("generating an ephemeral P-256 key"));
  WD_ASSIGN_OR_RETURN(std::string sender_public, PublicPoint(sender.get()));
  std::string salt(kSaltBytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(salt.data()), static_cast<int>(salt.size())) != 1)
    return tl::unexpected(CryptoError("drawing a salt"));
  return Encrypt(subscription, plaintext, sender.get(), sender_public, salt);
}

core::Result<std::string> EncryptPushPayloadWith(const PushSubscription& subscription,
                                                 std::string_view plaintext,
                                                 std::string_view sender_private,
                                                 std::string_view sender_public,
                                                 std::string_view salt) {
  if (salt.size() != kSaltBytes)
    return core::MakeError(ErrorCode::kInvalidArgument, "salt is not 16 bytes");
  WD_ASSIGN_OR_RETURN(Pkey sender, EcKey(sender_public, sender_private));
  return Encrypt(subscription, plaintext, sender.get(), sender_public, salt);
}

void VapidKey::KeyDeleter::operator()(void* key) const {
  EVP_PKEY_free(static_cast<EVP_PKEY*>(key));
}

core::Result<VapidKey> VapidKey::FromPem(std::string_view pem) {
  std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  Pkey key(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!key) {
    ERR_clear_error();
    return core::MakeError(ErrorCode::kInvalidArgument, "VAPID key: not a PEM private key");
  }
  char group[64] = {};
  size_t length = 0;
  if (!EVP_PKEY_is_a(key.get(), "EC") ||
      EVP_PKEY_get_utf8_string_param(key.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group,
                                     &length) <= 0 ||
      std::string_view(group, length) != "prime256v1") {
    ERR_clear_error();
    return core::MakeError(ErrorCode::kInvalidArgument, "VAPID key: not a P-256 (prime256v1) key");
  }
  VapidKey vapid;
  WD_ASSIGN_OR_RETURN(std::string point, PublicPoint(key.get()));
  vapid.public_key_ = Base64UrlEncode(point);
  vapid.key_ = std::shared_ptr<void>(key.release(), KeyDeleter{});
  return vapid;
}

core::Result<VapidKey> VapidKey::LoadPemFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return core::MakeError(ErrorCode::kNotFound, "VAPID key: cannot read " + path);
  std::ostringstream pem;
  pem << in.rdbuf();
  return FromPem(pem.str());
}

core::Result<std::pair<VapidKey, std::string>> VapidKey::Generate() {
  Pkey key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
  if (!key || !bio ||
      PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return tl::unexpected(CryptoError("generating a VAPID key"));
  }
  char* data = nullptr;
  long size = BIO_get_mem_data(bio.get(), &data);
  std::string pem(data, static_cast<size_t>(size));
  WD_ASSIGN_OR_RETURN(VapidKey vapid, FromPem(pem));
  return std::pair{std::move(vapid), std::move(pem)};
}

core::Result<VapidKey> VapidKey::LoadOrCreate(const std::string& configured_path,
                                              const std::string& data_dir) {
  if (!configured_path.empty())
    return LoadPemFile(configured_path);
  std::string path = (std::filesystem::path(data_dir) / "vapid_private_key.pem").string();
  if (auto existing = LoadPemFile(path);
      existing || existing.error().code() != ErrorCode::kNotFound)
    return existing;
  WD_ASSIGN_OR_RETURN(auto generated, Generate());
  std::error_code ignored;  // A folder that cannot be made shows as open() failing below.
  std::filesystem::create_directories(data_dir, ignored);
  // O_EXCL: a second server starting on the same data at the same moment must not replace the
  // key the first one handed to browsers; it loads that one instead.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST)
      return LoadPemFile(path);
    return core::MakeError(ErrorCode::kUnavailable,
                           "VAPID key: cannot create " + path + ": " + std::strerror(errno));
  }
  const std::string& pem = generated.second;
  size_t written = 0;
  while (written < pem.size()) {
    ssize_t n = ::write(fd, pem.data() + written, pem.size() - written);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      int error = errno;
      ::close(fd);
      ::unlink(path.c_str());
      return core::MakeError(ErrorCode::kUnavailable,
                             "VAPID key: cannot write " + path + ": " + std::strerror(error));
    }
    written += static_cast<size_t>(n);
  }
  bool synced = ::fsync(fd) == 0;
  bool closed = ::close(fd) == 0;
  if (!synced || !closed) {
    ::unlink(path.c_str());
    return core::MakeError(ErrorCode::kUnavailable, "VAPID key: cannot write " + path);
  }
  return std::move(generated.first);
}

core::Result<std::string> VapidKey::AuthorizationFor(std::string_view endpoint,
                                                     std::string_view subject,
                                                     core::TimePoint now) const {
  auto url = boost::urls::parse_absolute_uri(endpoint);
  if (!url || (url->scheme() != "https" && url->scheme() != "http") || url->encoded_host().empty())
    return core::MakeError(ErrorCode::kInvalidArgument, "push endpoint is not an http(s) URL");
  boost::json::object claims;
  claims["aud"] = Origin(*url);
  claims["exp"] = core::ToUnixSeconds(now + kVapidLifetime);
  claims["sub"] = std::string(subject);
  std::string signing_input = Base64UrlEncode(R"({"typ":"JWT","alg":"ES256"})") + "." +
                              Base64UrlEncode(boost::json::serialize(claims));

  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  size_t der_length = 0;
  auto* key = static_cast<EVP_PKEY*>(key_.get());
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &der_length, Bytes(signing_input), signing_input.size()) !=
          1) {
    return tl::unexpected(CryptoError("signing the VAPID token"));
  }
  std::string der(der_length, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(der.data()), &der_length,
                     Bytes(signing_input), signing_input.size()) != 1) {
    return tl::unexpected(CryptoError("signing the VAPID token"));
  }
  // JWS wants ES256 signatures as r || s, 32 bytes each, not OpenSSL's DER.
  const unsigned char* cursor = Bytes(der);
  std::unique_ptr<ECDSA_SIG, EcdsaSigFree> signature(
      d2i_ECDSA_SIG(nullptr, &cursor, static_cast<long>(der_length)));
  if (!signature)
    return tl::unexpected(CryptoError("reading the ECDSA signature"));
  const BIGNUM* r = nullptr;
  const BIGNUM* s = nullptr;
  ECDSA_SIG_get0(signature.get(), &r, &s);
  std::array<unsigned char, 64> raw{};
  if (BN_bn2binpad(r, raw.data(), 32) != 32 || BN_bn2binpad(s, raw.data() + 32, 32) != 32)
    return tl::unexpected(CryptoError("encoding the ECDSA signature"));
  std::string token =
      signing_input + "." +
      Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(raw.data()), raw.size()));
  return "vapid t=" + token + ", k=" + public_key_;
}

core::Result<WebPushRequest> BuildWebPushRequest(const PushSubscription& subscription,
                                                 std::string_view payload, const VapidKey& vapid,
                                                 std::string_view subject,
                                                 const WebPushOptions& options,
                                                 core::TimePoint now) {
  for (char c : options.topic) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '-' && c != '_')
      return core::MakeError(ErrorCode::kInvalidArgument, "push topic must be base64url");
  }
  if (options.topic.size() > 32)
    return core::MakeError(ErrorCode::kInvalidArgument, "push topic over 32 characters");
  WD_ASSIGN_OR_RETURN(std::string authorization,
                      vapid.AuthorizationFor(subscription.endpoint, subject, now));
  WebPushRequest request;
  WD_ASSIGN_OR_RETURN(request.body, EncryptPushPayload(subscription, payload));
  request.url = subscription.endpoint;
  static constexpr std::array<std::string_view, 4> kUrgency = {"very-low", "low", "normal", "high"};
  request.headers = {{"Authorization", std::move(authorization)},
                     {"Content-Encoding", "aes128gcm"},
                     {"Content-Type", "application/octet-stream"},
                     {"TTL", std::to_string(options.ttl.count())},
                     {"Urgency", std::string(kUrgency[static_cast<size_t>(options.urgency)])}};
  if (!options.topic.empty())
    request.headers.emplace_back("Topic", options.topic);
  return request;
}

}  // namespace wiredesk::alerts
