#include "output/hdf5_parameters.h"

#include "output/array_layout.h"
#include "output/h5_write.h"

#include <set>
#include <stdexcept>

namespace povsim::output {

void validate_parameters(const ScenarioOutput& sc, const std::string& where)
{
    const auto& set = sc.runs;
    if (set.parameters.empty() && set.parameter_runs.empty()) {
        return;
    }
    const std::string w = where + "parameters: ";
    if (set.parameter_runs.size() != set.parameters.size()) {
        throw std::runtime_error(w + std::to_string(set.parameter_runs.size()) + " run lists for " +
                                 std::to_string(set.parameters.size()) + " parameters");
    }
    std::set<std::string> names;
    for (std::size_t k = 0; k < set.parameters.size(); ++k) {
        const std::string& name = set.parameters[k].name;
        require_link_name(name, w + "parameter");
        if (!names.insert(name).second) {
            throw std::runtime_error(w + "parameter '" + name + "' appears twice");
        }
        if (set.parameter_runs[k].size() != set.runs.size()) {
            throw std::runtime_error(w + "parameter '" + name + "' has " +
                                     std::to_string(set.parameter_runs[k].size()) + " runs, but there are " +
                                     std::to_string(set.runs.size()) + " metric runs");
        }
    }
    for (const auto& info : set.arrays) {
        if (array_layout::split(info.path, '/').front() == parameters_group) {
            throw std::runtime_error(w + "array '" + info.path + "' would lie in the parameters group");
        }
    }
    if (sc.panel && sc.panel->name == parameters_group) {
        throw std::runtime_error(w + "the household panel would replace the parameters group");
    }
}

void write_parameters(hid_t scenario_group, const ScenarioOutput& sc, const std::string& root)
{
    const auto& set = sc.runs;
    if (set.parameters.empty()) {
        return;
    }
    const std::string gpath = root + "/" + parameters_group;
    const H5Group     g     = make_group(scenario_group, parameters_group, gpath);
    for (std::size_t k = 0; k < set.parameters.size(); ++k) {
        const auto&       info = set.parameters[k];
        const auto&       runs = set.parameter_runs[k];
        const std::string path = gpath + "/" + info.name;
        const auto ds = write_vector(g.get(), info.name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, runs.data(), runs.size(),
                                     info.units, info.description, path, max_chunk_runs);
        write_string_attr(ds.get(), array_layout::dims_attr, "run", path);
    }
}

} // namespace povsim::output
