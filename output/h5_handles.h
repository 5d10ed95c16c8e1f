#pragma once
// Move-only owners for HDF5 ids (STYLE rule 9). Every id the C API hands out is wrapped at
// once, so an exception thrown halfway through writing a study still closes everything in
// reverse order and the file can be closed and deleted. Ids are closed only when valid
// (non-negative): a failed H5*create never reaches a close call. Copying is disabled
// because two owners of one id would close it twice (MEmilio's copyable H5File, avoided).
//
// A close is where HDF5 writes what it buffered, so on a full disk it is a close that fails.
// A destructor cannot throw, and HDF5 1.10 must not be driven on after such a failure (the
// next H5Ocopy crashed with SIGSEGV): a failed close in a destructor is therefore remembered
// and the very next check() or new handle throws it, so the writer unwinds at once.
#include "output/atomic_file.h"

#include <hdf5.h>

#include <exception>
#include <string>
#include <utility>

namespace povsim::output {

/// @brief The most specific message on HDF5's error stack for this thread, or "" if the stack is empty.
/// @return e.g. "truncated file: eof = 1024, sblock->base_addr = 0, stored_eof = 4096".
std::string h5_error_detail();

/// @brief Throws std::runtime_error "<what> (<HDF5 detail>)" if @p status is negative.
/// @param[in] status return code of an HDF5 call.
/// @param[in] what the action and object, e.g. "cannot write dataset scenarios/a/runs/n_poor".
void check(herr_t status, const std::string& what);

/// @brief Same as check() for calls that return an htri_t or an hssize_t/int count.
/// @return @p status, when it is not negative.
long long check_count(long long status, const std::string& what);

namespace detail {
/// @brief Throws for a failed HDF5 call: WriteError "<what>: <reason> (disk full)" when the error
/// stack holds a failed system write (ENOSPC, EFBIG, EIO…), else std::runtime_error "<what> (<detail>)".
[[noreturn]] void throw_h5_error(const std::string& what);
/// @brief Records that a close in a destructor failed (with the HDF5 error stack of now).
void note_failed_close() noexcept;
/// @brief Throws (and forgets) a failure recorded by note_failed_close(), if any.
void throw_failed_close();
/// @brief Whether note_failed_close() recorded a failure not thrown yet (this thread).
bool close_failed() noexcept;
} // namespace detail

/// @brief Tells HDF5 not to close its files from an atexit handler. Call first thing in main():
/// every file is closed explicitly, and after a failed write HDF5's own close at exit re-tried the
/// write of a half-freed file and died with SIGSEGV, turning "disk full" into a crash.
void h5_no_close_at_exit();

/// @brief The errno of the failed system call on HDF5's error stack of this thread ("errno = 28"
/// in the file driver's message), or 0 when there is none.
int h5_error_errno();

/// @brief Sole owner of one HDF5 id, closed with @p Close.
template <herr_t (*Close)(hid_t)>
class H5Handle {
public:
    /// @brief An empty handle that owns nothing.
    H5Handle() = default;

    /// @brief Takes ownership of @p id, which an HDF5 call has just returned.
    /// @param[in] id the new id; negative means the call failed.
    /// @param[in] what description of the call, used in the exception if @p id is negative.
    H5Handle(hid_t id, const std::string& what)
        : m_id(id)
    {
        if (m_id < 0) {
            detail::throw_h5_error(what);
        }
        if (detail::close_failed()) { // the library may not be used on after a failed close
            reset();
            detail::throw_failed_close();
        }
    }

    ~H5Handle() { reset(); }

    H5Handle(const H5Handle&)            = delete;
    H5Handle& operator=(const H5Handle&) = delete;

    H5Handle(H5Handle&& other) noexcept
        : m_id(std::exchange(other.m_id, H5I_INVALID_HID))
    {
    }

    H5Handle& operator=(H5Handle&& other) noexcept
    {
        if (this != &other) {
            reset();
            m_id = std::exchange(other.m_id, H5I_INVALID_HID);
        }
        return *this;
    }

    /// @brief The raw id for C API calls (still owned by this handle).
    hid_t get() const { return m_id; }

    /// @brief Whether the handle owns an id.
    bool valid() const { return m_id >= 0; }

    /// @brief Closes now and reports failure; needed for files, whose close is where buffered data is written.
    /// @param[in] what description of the object, used in the exception.
    void close(const std::string& what)
    {
        const hid_t id = std::exchange(m_id, H5I_INVALID_HID);
        if (id >= 0) {
            check(Close(id), what);
        }
    }

private:
    // Destructors must not throw; a close failure that matters (the file) goes through close(),
    // any other is remembered for the next check() (while no exception unwinds: then the
    // writer stops anyway and the first error is the one to tell).
    void reset() noexcept
    {
        if (m_id >= 0 && Close(m_id) < 0 && std::uncaught_exceptions() == 0) {
            detail::note_failed_close();
        }
        m_id = H5I_INVALID_HID;
    }

    hid_t m_id = H5I_INVALID_HID; ///< owned id, or H5I_INVALID_HID
};

using H5File    = H5Handle<&H5Fclose>; ///< @brief An open file.
using H5Group   = H5Handle<&H5Gclose>; ///< @brief An open group.
using H5Dataset = H5Handle<&H5Dclose>; ///< @brief An open dataset.
using H5Space   = H5Handle<&H5Sclose>; ///< @brief A dataspace.
using H5Type    = H5Handle<&H5Tclose>; ///< @brief A datatype (copied or queried; never a predefined one).
using H5Attr    = H5Handle<&H5Aclose>; ///< @brief An open attribute.
using H5Plist   = H5Handle<&H5Pclose>; ///< @brief A property list.

/// @brief Turns off HDF5's printing of its error stack to stderr for this object's lifetime.
/// Users should see one message from us naming the file, not a 30-line library trace; the
/// stack is still recorded, and h5_error_detail() folds its key line into our message.
class H5ErrorSilencer {
public:
    /// @brief Saves the current automatic error handler and installs none.
    H5ErrorSilencer();
    /// @brief Restores the saved handler.
    ~H5ErrorSilencer();
    H5ErrorSilencer(const H5ErrorSilencer&)            = delete;
    H5ErrorSilencer& operator=(const H5ErrorSilencer&) = delete;

private:
    H5E_auto2_t m_func   = nullptr; ///< handler to restore
    void*       m_client = nullptr; ///< its client data
};

/// @brief A variable-length UTF-8 string type: h5py reads it as Python str, and Chinese text survives.
/// @return a new datatype handle.
H5Type make_utf8_string_type();

} // namespace povsim::output
