#include "output/h5_handles.h"

#include <stdexcept>

namespace povsim::output {

namespace {

// Walk upward: the first entry is the innermost call, which carries the concrete cause
// ("truncated file", "bad symbol table node signature") rather than "unable to open file".
herr_t take_first(unsigned n, const H5E_error2_t* err, void* out)
{
    auto& text = *static_cast<std::string*>(out);
    if (n == 0 && err != nullptr && err->desc != nullptr) {
        text = err->desc;
    }
    return 0;
}

} // namespace

std::string h5_error_detail()
{
    std::string text;
    (void)H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, &take_first, &text);
    return text;
}

namespace detail {

void throw_h5_error(const std::string& what)
{
    const std::string cause = h5_error_detail();
    throw std::runtime_error(cause.empty() ? what : what + " (" + cause + ")");
}

} // namespace detail

void check(herr_t status, const std::string& what)
{
    if (status < 0) {
        detail::throw_h5_error(what);
    }
}

long long check_count(long long status, const std::string& what)
{
    if (status < 0) {
        detail::throw_h5_error(what);
    }
    return status;
}

H5ErrorSilencer::H5ErrorSilencer()
{
    (void)H5Eget_auto2(H5E_DEFAULT, &m_func, &m_client);
    (void)H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

H5ErrorSilencer::~H5ErrorSilencer()
{
    (void)H5Eset_auto2(H5E_DEFAULT, m_func, m_client);
}

H5Type make_utf8_string_type()
{
    H5Type type(H5Tcopy(H5T_C_S1), "cannot create a string type");
    check(H5Tset_size(type.get(), H5T_VARIABLE), "cannot make the string type variable-length");
    check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "cannot mark the string type UTF-8");
    return type;
}

} // namespace povsim::output
