// The server's TLS context for `serve --tls-cert/--tls-key` (HTTPS without a proxy, so phones on
// the LAN get service workers and geolocation). TLS 1.2 and 1.3 only, forward-secret AEAD suites
// for 1.2; OpenSSL from Debian, through Asio's ssl::context.
#pragma once

#include <memory>
#include <string>

#include "core/error.hpp"

namespace boost::asio::ssl {
class context;
}

namespace safegrid::http {

// Loads a PEM certificate chain (leaf first, then intermediates) and its PEM private key.
// Refuses, with a message naming the file: only one of the two given, a file that cannot be read
// or parsed, a key that does not belong to the certificate.
Result<std::shared_ptr<boost::asio::ssl::context>> MakeTlsContext(const std::string& cert_file,
                                                                  const std::string& key_file);

}  // namespace safegrid::http
