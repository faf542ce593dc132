#include "http/tls_context.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <boost/asio/ssl/context.hpp>
#include <fstream>

namespace safegrid::http {
namespace ssl = boost::asio::ssl;

namespace {

// Mozilla's "intermediate" TLS 1.2 suites: ECDHE key exchange (forward secrecy) with AEAD only.
// TLS 1.3 suites are OpenSSL's defaults, all of them fine.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

tl::unexpected<Error> TlsError(std::string field, Text why, std::string detail = {}) {
    return Fail(
        {Code::kValidation, "tls_config", {"TLS 配置有误", "TLS configuration refused"}, {{field, why}}, detail});
}

// OpenSSL's own words for the last failure (e.g. "key values mismatch"), for the operator.
std::string OpenSslReason() {
    std::string reason;
    while (unsigned long code = ERR_get_error()) {
        char buffer[256];
        ERR_error_string_n(code, buffer, sizeof buffer);
        reason = buffer;  // the last one is the most specific
    }
    return reason;
}

bool Readable(const std::string& path) { return std::ifstream(path, std::ios::binary).good(); }

}  // namespace

Result<std::shared_ptr<ssl::context>> MakeTlsContext(const std::string& cert_file, const std::string& key_file) {
    if (cert_file.empty() != key_file.empty()) {
        const std::string missing = cert_file.empty() ? "tls_cert" : "tls_key";
        return TlsError(missing, {"--tls-cert 与 --tls-key 须同时给出", "--tls-cert and --tls-key go together"});
    }
    if (!Readable(cert_file)) {
        return TlsError("tls_cert", {"无法读取证书文件 " + cert_file, "cannot read the certificate file " + cert_file});
    }
    if (!Readable(key_file)) {
        return TlsError("tls_key", {"无法读取私钥文件 " + key_file, "cannot read the private key file " + key_file});
    }
    auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
    context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                         ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
    SSL_CTX* native = context->native_handle();
    ERR_clear_error();
    if (SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION) != 1 ||
        SSL_CTX_set_cipher_list(native, kTls12Ciphers) != 1) {
        return Internal("OpenSSL refused the TLS 1.2+ settings: " + OpenSslReason());
    }
    // The server picks the suite, so a client's weak preference cannot lower it.
    SSL_CTX_set_options(native, SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_RENEGOTIATION);

    boost::system::error_code ec;
    ERR_clear_error();
    context->use_certificate_chain_file(cert_file, ec);
    if (ec) {
        return TlsError("tls_cert",
                        {"证书文件不是 PEM 格式的证书: " + cert_file, "not a PEM certificate: " + cert_file},
                        ec.message());
    }
    ERR_clear_error();
    context->use_private_key_file(key_file, ssl::context::pem, ec);
    if (ec || SSL_CTX_check_private_key(native) != 1) {
        // OpenSSL loads a well-formed key of another certificate and then says "key values mismatch".
        return TlsError("tls_key",
                        {"私钥文件无法使用或与证书不匹配: " + key_file,
                         "the private key cannot be used or does not match the certificate: " + key_file},
                        ec ? ec.message() : OpenSslReason());
    }
    return context;
}

}  // namespace safegrid::http
