#include "core/mqtt/device_event.hpp"

#include <algorithm>
#include <cstdint>
#include <set>

#include "core/device/device.hpp"
#include "core/text/trim.hpp"
#include "core/text/utf8.hpp"

namespace safegrid::mqtt {
namespace {

// A strict RFC 8259 reader for the one flat object of a device payload. Core has no JSON library
// (docs/architecture.md), and the payload is small and flat, so this reads exactly what it needs:
// string values decoded, integers read, any other value validated and skipped.
class Reader {
  public:
    explicit Reader(std::string_view s) : s_(s) {}

    void SkipSpace() {
        // JSON's own white space (RFC 8259 §2), not core/text/trim's set: a payload is JSON.
        while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
    }
    bool AtEnd() const { return i_ >= s_.size(); }
    bool Eat(char c) {
        SkipSpace();
        if (i_ < s_.size() && s_[i_] == c) {
            ++i_;
            return true;
        }
        return false;
    }
    char Peek() {
        SkipSpace();
        return i_ < s_.size() ? s_[i_] : '\0';
    }

    // A string value (the opening quote next); its text decoded to UTF-8.
    std::optional<std::string> String() {
        if (!Eat('"')) return std::nullopt;
        std::string out;
        while (i_ < s_.size()) {
            const char c = s_[i_++];
            if (c == '"') return out;
            if (static_cast<unsigned char>(c) < 0x20) return std::nullopt;  // raw control characters
            if (c != '\\') {
                out += c;
                continue;
            }
            if (i_ >= s_.size()) return std::nullopt;
            const char e = s_[i_++];
            switch (e) {
                case '"':
                    out += '"';
                    break;
                case '\\':
                    out += '\\';
                    break;
                case '/':
                    out += '/';
                    break;
                case 'b':
                    out += '\b';
                    break;
                case 'f':
                    out += '\f';
                    break;
                case 'n':
                    out += '\n';
                    break;
                case 'r':
                    out += '\r';
                    break;
                case 't':
                    out += '\t';
                    break;
                case 'u': {
                    auto cp = Hex4();
                    if (!cp) return std::nullopt;
                    char32_t code = *cp;
                    if (code >= 0xD800 && code <= 0xDBFF) {  // a high surrogate needs its low half
                        if (i_ + 1 >= s_.size() || s_[i_] != '\\' || s_[i_ + 1] != 'u') return std::nullopt;
                        i_ += 2;
                        auto low = Hex4();
                        if (!low || *low < 0xDC00 || *low > 0xDFFF) return std::nullopt;
                        code = 0x10000 + ((code - 0xD800) << 10) + (*low - 0xDC00);
                    } else if (code >= 0xDC00 && code <= 0xDFFF) {
                        return std::nullopt;  // a lone low surrogate is not text
                    }
                    AppendUtf8(out, code);
                    break;
                }
                default:
                    return std::nullopt;
            }
        }
        return std::nullopt;  // unterminated
    }

    // A JSON number; `integer` set when it is a plain integer that fits in int64.
    bool Number(std::optional<int64_t>& integer) {
        SkipSpace();
        const size_t start = i_;
        if (i_ < s_.size() && s_[i_] == '-') ++i_;
        if (i_ >= s_.size() || !IsDigit(s_[i_])) return false;
        if (s_[i_] == '0') {
            ++i_;
        } else {
            while (i_ < s_.size() && IsDigit(s_[i_])) ++i_;
        }
        bool plain = true;
        if (i_ < s_.size() && s_[i_] == '.') {
            plain = false;
            ++i_;
            if (i_ >= s_.size() || !IsDigit(s_[i_])) return false;
            while (i_ < s_.size() && IsDigit(s_[i_])) ++i_;
        }
        if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
            plain = false;
            ++i_;
            if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
            if (i_ >= s_.size() || !IsDigit(s_[i_])) return false;
            while (i_ < s_.size() && IsDigit(s_[i_])) ++i_;
        }
        integer.reset();
        const std::string_view text = s_.substr(start, i_ - start);
        if (plain && text.size() <= 18) {  // 18 digits always fit in int64
            int64_t v = 0;
            for (char c : text)
                if (c != '-') v = v * 10 + (c - '0');
            integer = text.front() == '-' ? -v : v;
        }
        return true;
    }

    bool Literal(std::string_view word) {
        SkipSpace();
        if (s_.substr(i_, word.size()) != word) return false;
        i_ += word.size();
        return true;
    }

    // Validates and skips any value, nested at most kMaxJsonDepth deep.
    bool SkipValue(int depth) {
        if (depth > kMaxJsonDepth) return false;
        const char c = Peek();
        if (c == '"') return String().has_value();
        if (c == '{') {
            ++i_;
            if (Eat('}')) return true;
            do {
                if (Peek() != '"' || !String() || !Eat(':') || !SkipValue(depth + 1)) return false;
            } while (Eat(','));
            return Eat('}');
        }
        if (c == '[') {
            ++i_;
            if (Eat(']')) return true;
            do {
                if (!SkipValue(depth + 1)) return false;
            } while (Eat(','));
            return Eat(']');
        }
        if (c == 't') return Literal("true");
        if (c == 'f') return Literal("false");
        if (c == 'n') return Literal("null");
        std::optional<int64_t> ignored;
        return Number(ignored);
    }

  private:
    static bool IsDigit(char c) { return c >= '0' && c <= '9'; }
    std::optional<char32_t> Hex4() {
        if (i_ + 4 > s_.size()) return std::nullopt;
        char32_t v = 0;
        for (int k = 0; k < 4; ++k) {
            const char h = s_[i_++];
            v <<= 4;
            if (h >= '0' && h <= '9') {
                v |= static_cast<char32_t>(h - '0');
            } else if (h >= 'a' && h <= 'f') {
                v |= static_cast<char32_t>(h - 'a' + 10);
            } else if (h >= 'A' && h <= 'F') {
                v |= static_cast<char32_t>(h - 'A' + 10);
            } else {
                return std::nullopt;
            }
        }
        return v;
    }
    static void AppendUtf8(std::string& out, char32_t cp) {
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }

    std::string_view s_;
    size_t i_ = 0;
};

// What one key's value was, before the field rules look at it.
struct Raw {
    enum class Type { kString, kInteger, kNull, kOther } type = Type::kOther;
    std::string text;
    int64_t integer = 0;
};

bool ReadValue(Reader& r, Raw& out) {
    const char c = r.Peek();
    if (c == '"') {
        auto s = r.String();
        if (!s) return false;
        out = {Raw::Type::kString, std::move(*s), 0};
        return true;
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
        std::optional<int64_t> integer;
        if (!r.Number(integer)) return false;
        out = integer ? Raw{Raw::Type::kInteger, {}, *integer} : Raw{Raw::Type::kOther, {}, 0};
        return true;
    }
    if (c == 'n') {
        out = {Raw::Type::kNull, {}, 0};
        return r.Literal("null");
    }
    out = {Raw::Type::kOther, {}, 0};
    return r.SkipValue(1);
}

}  // namespace

std::string_view RefusalName(Refusal r) {
    switch (r) {
        case Refusal::kBadTopic:
            return "bad_topic";
        case Refusal::kTooLarge:
            return "too_large";
        case Refusal::kBadJson:
            return "bad_json";
        case Refusal::kBadTs:
            return "bad_ts";
        case Refusal::kBadEvent:
            return "bad_event";
        case Refusal::kBadDetail:
            return "bad_detail";
        case Refusal::kUnknownDevice:
            return "unknown_device";
        case Refusal::kStoreFailed:
            return "store_failed";
    }
    return "unknown";
}

std::optional<std::string> SerialFromTopic(std::string_view topic) {
    if (topic.size() <= kTopicPrefix.size() + kTopicSuffix.size() || !topic.starts_with(kTopicPrefix) ||
        !topic.ends_with(kTopicSuffix)) {
        return std::nullopt;
    }
    const std::string_view serial =
        topic.substr(kTopicPrefix.size(), topic.size() - kTopicPrefix.size() - kTopicSuffix.size());
    // The registry's own rule decides what a serial is (the kind and protocol given are valid ones,
    // so only the serial can be refused); a serial with white space at its ends was never registered.
    Validation v;
    device::CheckDevice(v, {std::string(device::kDeviceKinds[0]), std::string(serial), "mqtt", std::nullopt});
    if (!v.Ok() || TrimWhitespace(serial) != serial) return std::nullopt;
    return std::string(serial);
}

tl::expected<DeviceEvent, Refusal> ParseDeviceEvent(std::string_view payload) {
    if (payload.size() > kMaxPayloadBytes) return tl::unexpected(Refusal::kTooLarge);
    if (!IsValidUtf8(payload)) return tl::unexpected(Refusal::kBadJson);
    Reader r(payload);
    std::optional<Raw> ts, event, detail;
    std::set<std::string> seen;
    if (!r.Eat('{')) return tl::unexpected(Refusal::kBadJson);
    if (!r.Eat('}')) {
        do {
            if (r.Peek() != '"') return tl::unexpected(Refusal::kBadJson);
            auto key = r.String();
            if (!key || !r.Eat(':')) return tl::unexpected(Refusal::kBadJson);
            if (!seen.insert(*key).second) return tl::unexpected(Refusal::kBadJson);  // which one would count?
            Raw value;
            if (!ReadValue(r, value)) return tl::unexpected(Refusal::kBadJson);
            if (*key == "ts") {
                ts = std::move(value);
            } else if (*key == "event") {
                event = std::move(value);
            } else if (*key == "detail") {
                detail = std::move(value);
            }
        } while (r.Eat(','));
        if (!r.Eat('}')) return tl::unexpected(Refusal::kBadJson);
    }
    r.SkipSpace();
    if (!r.AtEnd()) return tl::unexpected(Refusal::kBadJson);

    DeviceEvent out;
    if (!ts) return tl::unexpected(Refusal::kBadTs);
    if (ts->type == Raw::Type::kInteger) {
        out.ts = ts->integer;
    } else if (ts->type == Raw::Type::kString) {
        // A bare date is refused: a device knows the second it saw something.
        auto parsed = ts->text.size() > 10 ? ParseRfc3339(ts->text) : std::nullopt;
        if (!parsed) return tl::unexpected(Refusal::kBadTs);
        out.ts = *parsed;
    } else {
        return tl::unexpected(Refusal::kBadTs);
    }
    if (out.ts < 0 || out.ts > kMaxTs) return tl::unexpected(Refusal::kBadTs);

    if (!event || event->type != Raw::Type::kString ||
        std::find(kEvents.begin(), kEvents.end(), event->text) == kEvents.end()) {
        return tl::unexpected(Refusal::kBadEvent);
    }
    out.event = std::move(event->text);

    if (detail && detail->type != Raw::Type::kNull) {
        // Decoded \u escapes were checked for surrogates, so the text is valid UTF-8.
        if (detail->type != Raw::Type::kString || CodePointCount(detail->text) > kMaxDetailCodePoints) {
            return tl::unexpected(Refusal::kBadDetail);
        }
        out.detail = std::move(detail->text);
    }
    return out;
}

std::string JsonQuote(std::string_view utf8) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out = "\"";
    for (char c : utf8) {
        const auto b = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (b < 0x20 || b == 0x7f) {
            out += "\\u00";
            out += kHex[b >> 4];
            out += kHex[b & 0xF];
        } else {
            out += c;
        }
    }
    out += '"';
    return out;
}

std::string SignalsJson(const DeviceEvent& e) {
    std::string out = "[{\"event\":" + JsonQuote(e.event) + ",\"at\":" + std::to_string(e.ts);
    if (e.detail) out += ",\"detail\":" + JsonQuote(*e.detail);
    out += "}]";
    return out;
}

std::string DedupeKey(const DeviceEvent& e, std::string_view sha256_hex) {
    return std::to_string(e.ts) + ":" + std::string(sha256_hex.substr(0, 16));
}

}  // namespace safegrid::mqtt
