// libFuzzer target: the bytes are a scenario file, loaded as `povsim check` loads one. A
// ScenarioError is the documented answer to bad input; anything else (another exception, a crash,
// a sanitizer report, a resolved text that does not load back) is a finding.
#include "scenarios/scenario_loader.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>
#include <typeinfo>

namespace {

// In scenarios/variants/ so that the built-in variants' `extends = "../baiyin.toml"` resolves.
const std::string virtual_path = POVSIM_FUZZ_VIRTUAL_PATH;

[[noreturn]] void finding(const char* what, const std::exception* e)
{
    std::fprintf(stderr, "fuzz_scenario_loader: %s%s%s%s\n", what, e ? ": " : "", e ? typeid(*e).name() : "",
                 e ? (std::string(": ") + e->what()).c_str() : "");
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::string            resolved;
    try {
        resolved = povsim::scenarios::load_scenario_text(text, virtual_path).resolved_toml;
    } catch (const povsim::scenarios::ScenarioError&) {
        return 0;
    } catch (const std::exception& e) {
        finding("unexpected exception", &e);
    } catch (...) {
        finding("unexpected exception of no std type", nullptr);
    }
    // The loader promises that its resolved text loads back (scenario_loader.h).
    try {
        (void)povsim::scenarios::load_scenario_text(resolved, virtual_path);
    } catch (const std::exception& e) {
        finding("the resolved text does not load back", &e);
    }
    return 0;
}
