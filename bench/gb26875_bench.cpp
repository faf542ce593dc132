// The GB/T 26875.3 decoder's speed (issue 9 "Measured": > 1,000,000 frames/s on one core, a mix of
// the vectors). The mix is every vector of tests/core/gb26875/vectors.json that decodes (the shared
// frames, read at start-up, not retyped): frame check, header, and the application data's objects.
//
// BM_DecodeFrames: each frame on its own, as the gateway decodes a frame the framer delimited.
// BM_FramerStream: the same frames back to back in one TCP-like stream cut into 1,460-byte reads
// (an Ethernet segment), through the framer and then decoded: what one connection costs.
#include <benchmark/benchmark.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/gb26875/adu.hpp"
#include "core/gb26875/frame.hpp"
#include "core/gb26875/framer.hpp"

namespace {

namespace gb = safegrid::gb26875;

std::string Unhex(const std::string& hex) {
    std::string out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    }
    return out;
}

// The vectors whose expected result is a decoded frame.
const std::vector<std::string>& Mix() {
    static const std::vector<std::string> frames = [] {
        const char* dir = std::getenv("SAFEGRID_SOURCE_DIR");
        const std::string path = std::string(dir ? dir : SAFEGRID_SOURCE_TREE) + "/tests/core/gb26875/vectors.json";
        std::ifstream in(path);
        if (!in) throw std::runtime_error("cannot read " + path);
        const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        std::vector<std::string> out;
        const boost::json::value doc = boost::json::parse(text);
        for (const auto& v : doc.at("vectors").as_array()) {
            const auto& o = v.as_object();
            if (o.at("expect").at("result") != "ok" || !o.contains("hex")) continue;
            std::string bytes = Unhex(std::string(o.at("hex").as_string()));
            if (gb::DecodeFrame(bytes)) out.push_back(std::move(bytes));
        }
        return out;
    }();
    return frames;
}

// Decodes a frame's application data when it has any; returns the objects seen, so nothing is
// optimised away.
std::size_t DecodeOne(const gb::Frame& frame) {
    if (frame.adu.empty()) return 0;
    auto adu = gb::DecodeAdu(frame.adu);
    return adu ? adu->objects.size() : 0;
}

void BM_DecodeFrames(benchmark::State& state) {
    const auto& mix = Mix();
    std::size_t objects = 0;
    for (auto _ : state) {
        for (const std::string& bytes : mix) {
            auto frame = gb::DecodeFrame(bytes);
            if (frame) objects += DecodeOne(*frame);
        }
    }
    benchmark::DoNotOptimize(objects);
    state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(mix.size()));
    state.counters["frames_in_mix"] = static_cast<double>(mix.size());
}
BENCHMARK(BM_DecodeFrames);

void BM_FramerStream(benchmark::State& state) {
    const auto& mix = Mix();
    std::string stream;
    for (const std::string& bytes : mix) stream += bytes;
    constexpr std::size_t kSegment = 1460;
    std::size_t frames = 0, objects = 0;
    for (auto _ : state) {
        gb::Framer framer;
        for (std::size_t at = 0; at < stream.size(); at += kSegment) {
            auto out = framer.Feed(std::string_view(stream).substr(at, kSegment));
            frames += out.frames.size();
            for (const auto& frame : out.frames) objects += DecodeOne(frame);
        }
    }
    benchmark::DoNotOptimize(objects);
    if (frames != state.iterations() * mix.size()) state.SkipWithError("the framer lost frames");
    state.SetItemsProcessed(static_cast<int64_t>(frames));
}
BENCHMARK(BM_FramerStream);

}  // namespace
