#include "output/h5_write.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>
#include <stdexcept>

namespace povsim::output {

namespace {
constexpr unsigned deflate_level = 4;
/// The in-memory image grows by this much at a time.
constexpr std::size_t image_increment = std::size_t{1} << 20;

// The in-memory file's buffer goes through these callbacks, so that closing it hands the buffer,
// complete and marked closed, to finish_file() instead of freeing it. (H5Fget_file_image of the
// open file gives an image that HDF5 1.10 then refuses: "incorrect metadata checksum".)
thread_local void** t_closed_image = nullptr; ///< where finish_file() takes the buffer, while it closes

void* image_malloc(std::size_t size, H5FD_file_image_op_t, void*) { return std::malloc(size); }
void* image_memcpy(void* dest, const void* src, std::size_t n, H5FD_file_image_op_t, void*)
{
    return std::memcpy(dest, src, n);
}
void* image_realloc(void* ptr, std::size_t size, H5FD_file_image_op_t, void*) { return std::realloc(ptr, size); }
herr_t image_free(void* ptr, H5FD_file_image_op_t op, void*)
{
    if (op == H5FD_FILE_IMAGE_OP_FILE_CLOSE && t_closed_image != nullptr && *t_closed_image == nullptr) {
        *t_closed_image = ptr;
        return 0;
    }
    std::free(ptr);
    return 0;
}
void*  udata_copy(void* udata) { return udata; }
herr_t udata_free(void*) { return 0; }

/// The end-of-file address a version 2 or 3 superblock at the start of @p image records (the
/// layout of HDF5's file format spec, section II.A), or 0 when it is another version. Closing
/// may give space back at the end, so this, written at the close, is the file's true size.
std::uint64_t superblock_eof(const unsigned char* image, std::size_t available)
{
    static constexpr unsigned char signature[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    if (available < 12 || std::memcmp(image, signature, 8) != 0 || (image[8] != 2 && image[8] != 3)) {
        return 0;
    }
    const std::size_t offsets = image[9], at = 12 + 2 * offsets; // after base and extension addresses
    if (offsets == 0 || offsets > 8 || at + offsets > available) {
        return 0;
    }
    std::uint64_t eof = 0;
    for (std::size_t k = 0; k < offsets; ++k) {
        eof |= static_cast<std::uint64_t>(image[at + k]) << (8 * k); // little-endian
    }
    return eof;
}

/// Writes @p size bytes of @p data to @p path (created or truncated).
void write_all(const std::filesystem::path& path, const char* data, std::size_t size, const std::string& what)
{
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        throw WriteError(what + ": cannot create the file: " + failure_reason(errno));
    }
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            const int err = n < 0 ? errno : EIO;
            (void)::close(fd);
            throw WriteError(what + ": write failed: " + failure_reason(err));
        }
        data += n, size -= static_cast<std::size_t>(n);
    }
    if (::close(fd) != 0 && errno != EINTR) {
        throw WriteError(what + ": write failed: " + failure_reason(errno));
    }
}

} // namespace

H5Plist make_study_file_access()
{
    H5Plist fapl(H5Pcreate(H5P_FILE_ACCESS), "cannot create a file access property list");
    check(H5Pset_libver_bounds(fapl.get(), H5F_LIBVER_V18, H5F_LIBVER_LATEST), "cannot set the file format version");
    check(H5Pset_fapl_core(fapl.get(), image_increment, false), "cannot set the in-memory file driver");
    H5FD_file_image_callbacks_t callbacks{&image_malloc, &image_memcpy, &image_realloc, &image_free,
                                          &udata_copy,   &udata_free,   nullptr};
    check(H5Pset_file_image_callbacks(fapl.get(), &callbacks), "cannot set the file image callbacks");
    return fapl;
}

void finish_file(H5File& file, const std::filesystem::path& path, const std::string& what)
{
    check(H5Fflush(file.get(), H5F_SCOPE_GLOBAL), what);
    // The file's end now, and the buffer's size: closing may give space back at the end (the
    // superblock then says so), never take more than the buffer.
    const auto size = static_cast<std::size_t>(
        check_count(H5Fget_file_image(file.get(), nullptr, 0), what + " (cannot size the file image)"));
    hsize_t buffer = 0;
    check(H5Fget_filesize(file.get(), &buffer), what + " (cannot size the file image)");
    void* image = nullptr;
    t_closed_image = &image;
    try {
        file.close(what);
    } catch (...) {
        t_closed_image = nullptr;
        std::free(image);
        throw;
    }
    t_closed_image = nullptr;
    const std::unique_ptr<void, void (*)(void*)> owned(image, &std::free);
    if (image == nullptr) {
        throw std::runtime_error(what + " (the file stayed open: an object of it is still open)");
    }
    const std::uint64_t eof = superblock_eof(static_cast<const unsigned char*>(image), static_cast<std::size_t>(buffer));
    write_all(path, static_cast<const char*>(image), eof > 0 && eof <= buffer ? static_cast<std::size_t>(eof) : size,
              what);
    // What was written must open: a guard on the size read from the superblock.
    const H5ErrorSilencer quiet;
    const H5File          check_back(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT),
                                     what + " (the file written does not open)");
}

void require_link_name(const std::string& name, const std::string& what)
{
    if (name.empty() || name == "." || name.find('/') != std::string::npos ||
        name.find('\0') != std::string::npos) {
        throw std::runtime_error(what + " name '" + name + "' cannot be an HDF5 name (empty, '.', or contains '/')");
    }
}

// UTF-8 link names, so h5py shows 精河 as 精河 and not as escaped bytes.
H5Plist make_link_plist()
{
    H5Plist lcpl(H5Pcreate(H5P_LINK_CREATE), "cannot create a link property list");
    check(H5Pset_char_encoding(lcpl.get(), H5T_CSET_UTF8), "cannot set UTF-8 link names");
    return lcpl;
}

/// @brief Creates @p parent/@p name, tracking creation order so the reader returns scenarios as given.
H5Group make_group(hid_t parent, const std::string& name, const std::string& path)
{
    const H5Plist lcpl = make_link_plist();
    H5Plist       gcpl(H5Pcreate(H5P_GROUP_CREATE), "cannot create a group property list");
    check(H5Pset_link_creation_order(gcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
          "cannot track link creation order");
    return H5Group(H5Gcreate2(parent, name.c_str(), lcpl.get(), gcpl.get(), H5P_DEFAULT),
                   "cannot create group " + path);
}

void write_string_attr(hid_t obj, const char* name, const std::string& value, const std::string& path)
{
    const H5Type  type = make_utf8_string_type();
    const H5Space space(H5Screate(H5S_SCALAR), "cannot create a scalar dataspace");
    const H5Attr  attr(H5Acreate2(obj, name, type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
                       "cannot create attribute '" + std::string(name) + "' of " + path);
    const char* text = value.c_str();
    check(H5Awrite(attr.get(), type.get(), &text), "cannot write attribute '" + std::string(name) + "' of " + path);
}

void label(hid_t obj, const std::string& units, const std::string& description, const std::string& path)
{
    write_string_attr(obj, "units", units, path);
    write_string_attr(obj, "description", description, path);
}

/// @brief Creation properties shared by every dataset (SPEC §11: chunked and compressed):
/// shuffle + deflate, and a Fletcher-32 checksum per chunk so silent bit rot becomes a read
/// error the reader can report. HDF5 refuses filters on variable-length strings, so those
/// (@p numeric false) are chunked only.
H5Plist make_dataset_plist(int rank, const hsize_t* chunk, const std::string& path, bool numeric)
{
    H5Plist dcpl(H5Pcreate(H5P_DATASET_CREATE), "cannot create a dataset property list");
    check(H5Pset_chunk(dcpl.get(), rank, chunk), "cannot set chunking for " + path);
    if (!numeric) {
        return dcpl;
    }
    check(H5Pset_shuffle(dcpl.get()), "cannot set the shuffle filter for " + path);
    check(H5Pset_deflate(dcpl.get(), deflate_level), "cannot set deflate compression for " + path);
    check(H5Pset_fletcher32(dcpl.get()), "cannot set the Fletcher-32 checksum for " + path);
    return dcpl;
}

/// @brief Writes a 1-D dataset of @p n elements (one chunk, unlimited so n may be 0) and labels it.
H5Dataset write_vector(hid_t parent, const std::string& name, hid_t file_type, hid_t mem_type, const void* data,
                       hsize_t n, const std::string& units, const std::string& description, const std::string& path,
                       hsize_t max_chunk)
{
    const hsize_t   max_dim = H5S_UNLIMITED;
    const hsize_t   chunk   = std::clamp<hsize_t>(n, 1, max_chunk > 0 ? max_chunk : std::max<hsize_t>(n, 1));
    const H5Plist   dcpl = make_dataset_plist(1, &chunk, path, H5Tget_class(file_type) != H5T_STRING);
    const H5Plist   lcpl = make_link_plist();
    const H5Space   space(H5Screate_simple(1, &n, &max_dim), "cannot create dataspace for " + path);
    H5Dataset ds(H5Dcreate2(parent, name.c_str(), file_type, space.get(), lcpl.get(), dcpl.get(), H5P_DEFAULT),
                       "cannot create dataset " + path);
    if (n > 0) {
        check(H5Dwrite(ds.get(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), "cannot write dataset " + path);
    }
    label(ds.get(), units, description, path);
    return ds;
}

void write_strings(hid_t parent, const std::string& name, const std::vector<std::string>& values,
                   const std::string& units, const std::string& description, const std::string& path)
{
    std::vector<const char*> ptrs;
    ptrs.reserve(values.size());
    for (const auto& v : values) {
        ptrs.push_back(v.c_str());
    }
    const H5Type type = make_utf8_string_type();
    write_vector(parent, name, type.get(), type.get(), ptrs.data(), ptrs.size(), units, description, path);
}


} // namespace povsim::output
