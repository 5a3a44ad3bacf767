// Reads parity case files with nlohmann/json (see parity_case.h).
#include "parity_case.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace parity {
namespace {

using nlohmann::json;

const json& member(const json& o, const char* key, const std::string& where) {
    const auto it = o.find(key);
    if (it == o.end()) throw std::runtime_error(where + ": missing '" + key + "'");
    return *it;
}

std::string string_or(const json& o, const char* key, const char* absent) {
    const auto it = o.find(key);
    return it == o.end() || it->is_null() ? std::string(absent) : it->get<std::string>();
}

bool bool_or(const json& o, const char* key, bool absent) {
    const auto it = o.find(key);
    return it == o.end() ? absent : it->get<bool>();
}

// Every {shape, data} member of o[group]; other members (strings, numbers) are left out.
std::map<std::string, Array> arrays(const json& o, const char* group, const std::string& where) {
    std::map<std::string, Array> out;
    for (const auto& [key, value] : member(o, group, where).items()) {
        if (!value.is_object()) continue;
        const std::string at = where + ": " + group + "." + key;
        Array a;
        a.shape = member(value, "shape", at).get<std::vector<int>>();
        a.data = member(value, "data", at).get<std::vector<double>>();
        size_t size = 1;
        for (int d : a.shape) {
            if (d < 0) throw std::runtime_error(at + ": negative dimension in its shape");
            size *= static_cast<size_t>(d);
        }
        if (size != a.data.size())
            throw std::runtime_error(at + ": shape holds " + std::to_string(size) + " values, data has " +
                                     std::to_string(a.data.size()));
        out.emplace(key, std::move(a));
    }
    return out;
}

void parse_layer(const json& o, Case& c) {
    c.cell = member(o, "cell", c.file).get<std::string>();
    c.activation = string_or(o, "activation", "tanh");
    c.recurrent_activation = string_or(o, "recurrent_activation", "sigmoid");
    const json opt = o.contains("options") ? o.at("options") : json::object();
    c.return_sequences = bool_or(opt, "return_sequences", false);
    c.return_state = bool_or(opt, "return_state", false);
    c.go_backwards = bool_or(opt, "go_backwards", false);
    c.masked = string_or(opt, "mask", "none") == "given";
    c.initial_state_given = string_or(opt, "initial_state", "zeros") == "given";
    c.reset_after = bool_or(opt, "reset_after", true);
    const json& d = member(o, "dims", c.file);
    c.batch = member(d, "batch", c.file + ": dims").get<int>();
    c.time = member(d, "time", c.file + ": dims").get<int>();
    c.input = member(d, "input", c.file + ": dims").get<int>();
    c.units = member(d, "units", c.file + ": dims").get<int>();
    c.gates = member(d, "gates", c.file + ": dims").get<int>();
    c.inputs = arrays(o, "inputs", c.file);
    c.forward = arrays(o, "forward", c.file);
    c.upstream = arrays(o, "upstream", c.file);
    c.gradients = arrays(o, "gradients", c.file);
}

Case unreadable(const std::string& file, const std::string& error) {
    Case c;
    c.file = file;
    c.error = error;
    return c;
}

}  // namespace

std::vector<Case> load_directory(const std::string& dir) {
    namespace fs = std::filesystem;
    if (!fs::is_directory(dir)) throw std::runtime_error("parity cases: " + dir + " is not a directory");
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path());
    std::sort(files.begin(), files.end());

    std::vector<Case> cases;
    for (const fs::path& p : files) {
        try {
            std::ifstream in(p);
            if (!in) throw std::runtime_error("cannot read the file");
            const json o = json::parse(in);
            const auto kind = o.find("kind");
            if (!o.is_object() || kind == o.end() || !kind->is_string()) continue;  // index.json and the like
            Case c;
            c.file = p.string();
            c.kind = kind->get<std::string>();
            c.name = string_or(o, "name", p.filename().c_str());
            const std::string format = string_or(o, "format", "keras-rnn-reference/1");
            if (format != "keras-rnn-reference/1")
                throw std::runtime_error("format '" + format + "' is not supported, expected keras-rnn-reference/1");
            if (c.kind == "layer") parse_layer(o, c);
            cases.push_back(std::move(c));
        } catch (const json::exception& e) {
            cases.push_back(unreadable(p.string(), std::string("malformed parity case: ") + e.what()));
        } catch (const std::runtime_error& e) {
            const std::string what = e.what(), prefix = p.string() + ": ";
            cases.push_back(unreadable(p.string(), what.rfind(prefix, 0) == 0 ? what.substr(prefix.size()) : what));
        }
    }
    return cases;
}

}  // namespace parity
