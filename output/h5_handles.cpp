#include "output/h5_handles.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <utility>
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

// The sec2 driver words a failed write(2) as "file write failed: ..., errno = 28, error message
// = 'No space left on device', ...": the errno is the one fact a user can act on.
herr_t find_errno(unsigned, const H5E_error2_t* err, void* out)
{
    auto& found = *static_cast<int*>(out);
    if (found == 0 && err != nullptr && err->desc != nullptr) {
        if (const char* at = std::strstr(err->desc, "errno = ")) {
            found = std::atoi(at + 8);
        }
    }
    return 0;
}

/// Errors of the medium, not of the program or the file's content.
bool is_write_failure(int error)
{
    return error == ENOSPC || error == EFBIG || error == EDQUOT || error == EIO || error == EROFS;
}

// Per thread, like HDF5's own error stack.
thread_local std::string t_failed_close;
thread_local bool        t_close_failed = false;

} // namespace

void h5_no_close_at_exit() { (void)H5dont_atexit(); }

std::string h5_error_detail()
{
    std::string text;
    (void)H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, &take_first, &text);
    return text;
}

int h5_error_errno()
{
    int found = 0;
    (void)H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, &find_errno, &found);
    return found;
}

namespace detail {

void throw_h5_error(const std::string& what)
{
    if (const int error = h5_error_errno(); is_write_failure(error)) {
        throw WriteError(what + ": write failed: " + failure_reason(error));
    }
    const std::string cause = h5_error_detail();
    throw std::runtime_error(cause.empty() ? what : what + " (" + cause + ")");
}

void note_failed_close() noexcept
{
    if (t_close_failed) {
        return; // the first failure is the cause; later ones follow from it
    }
    t_close_failed = true;
    try {
        const int error = h5_error_errno();
        if (is_write_failure(error)) {
            t_failed_close = "write failed: " + failure_reason(error);
        } else {
            const std::string cause = h5_error_detail();
            t_failed_close          = "cannot close an object" + (cause.empty() ? "" : " (" + cause + ")");
        }
    } catch (...) {
        t_failed_close.clear(); // out of memory: the flag alone still stops the writer
    }
}

bool close_failed() noexcept { return t_close_failed; }

void throw_failed_close()
{
    if (!t_close_failed) {
        return;
    }
    t_close_failed        = false;
    const std::string msg = t_failed_close.empty() ? "cannot close an object" : std::exchange(t_failed_close, {});
    if (msg.rfind("write failed", 0) == 0) {
        throw WriteError(msg);
    }
    throw std::runtime_error(msg);
}

} // namespace detail

void check(herr_t status, const std::string& what)
{
    detail::throw_failed_close();
    if (status < 0) {
        detail::throw_h5_error(what);
    }
}

long long check_count(long long status, const std::string& what)
{
    detail::throw_failed_close();
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
