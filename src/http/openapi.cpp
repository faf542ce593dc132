#include "http/openapi.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <cctype>
#include <set>

namespace safegrid::http {

// Generated from src/http/openapi.json by cmake/EmbedFile.cmake.
extern const unsigned char kOpenApiJson[];
extern const size_t kOpenApiJsonSize;

namespace {

// "/a/{id}/b" and "/a/{x}/b" describe the same URLs.
std::string Shape(std::string_view pattern) {
    std::string out;
    bool in_param = false;
    for (char c : pattern) {
        if (c == '{') {
            in_param = true;
            out += "{}";
        } else if (c == '}') {
            in_param = false;
        } else if (!in_param) {
            out += c;
        }
    }
    return out;
}

std::string Upper(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return s;
}

}  // namespace

std::string_view OpenApiDocument() { return {reinterpret_cast<const char*>(kOpenApiJson), kOpenApiJsonSize}; }

std::vector<std::pair<std::string, std::string>> OpenApiOperations() {
    static const std::set<std::string> kMethods = {"get", "post", "put", "patch", "delete", "head", "options"};
    std::vector<std::pair<std::string, std::string>> out;
    boost::json::value doc = boost::json::parse(OpenApiDocument());  // the build embeds a valid file; a test checks it
    for (const auto& [path, item] : doc.at("paths").as_object()) {
        for (const auto& [method, operation] : item.as_object()) {
            if (kMethods.count(std::string(method)) != 0)
                out.emplace_back(Upper(std::string(method)), std::string(path));
        }
    }
    return out;
}

std::vector<std::string> RoutesMissingFromOpenApi(const Router& router) {
    std::set<std::pair<std::string, std::string>> documented;
    for (const auto& [method, path] : OpenApiOperations()) documented.emplace(method, Shape(path));
    std::vector<std::string> missing;
    for (const Route& route : router.Routes()) {
        std::string method(MethodName(route.method));
        if (documented.count({method, Shape(route.pattern)}) == 0) missing.push_back(method + " " + route.pattern);
    }
    return missing;
}

std::vector<std::string> OpenApiOperationsMissingFromRouter(const Router& router) {
    std::set<std::pair<std::string, std::string>> served;
    for (const Route& route : router.Routes())
        served.emplace(std::string(MethodName(route.method)), Shape(route.pattern));
    std::vector<std::string> missing;
    for (const auto& [method, path] : OpenApiOperations()) {
        if (served.count({method, Shape(path)}) == 0) missing.push_back(method + " " + path);
    }
    return missing;
}

}  // namespace safegrid::http
